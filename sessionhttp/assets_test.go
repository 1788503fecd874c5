package sessionhttp_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sessionutils/session/sessionhttp"
)

// buildFiles is a static build as cmd/sessionutils writes it, with
// placeholder contents.
var buildFiles = fstest.MapFS{
	"sessionutils.3f2a9c1b.wasm": {Data: []byte("\x00asm")},
	"sessionutils.js":            {Data: []byte("// script\n")},
	"sessionutils.mjs":           {Data: []byte("// module\n")},
}

func TestAssetsPrefix(t *testing.T) {
	tests := []struct {
		prefix string
		path   string
		status int
		body   string
	}{
		{"/sessionutils/", "/sessionutils/sessionutils.mjs", 200, "// module\n"},
		{"/sessionutils", "/sessionutils/sessionutils.js", 200, "// script\n"},
		{"/", "/sessionutils.mjs", 200, "// module\n"},
		{"", "/sessionutils.mjs", 200, "// module\n"},
		{"/sessionutils/", "/sessionutils.mjs", 404, ""},
		{"/sessionutils/", "/sessionutils/", 404, ""},
		{"/sessionutils/", "/sessionutils/missing.js", 404, ""},
		{"/a/b/", "/a/b/sessionutils.3f2a9c1b.wasm", 200, "\x00asm"},
	}
	for _, tt := range tests {
		h := sessionhttp.Assets(tt.prefix, buildFiles)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
		resp := rec.Result()
		body, _ := io.ReadAll(resp.Body)

		if resp.StatusCode != tt.status {
			t.Errorf("Assets(%q) GET %s status = %d; want %d",
				tt.prefix, tt.path, resp.StatusCode, tt.status)
			continue
		}
		if tt.status == 200 && string(body) != tt.body {
			t.Errorf("Assets(%q) GET %s body = %q; want %q",
				tt.prefix, tt.path, body, tt.body)
		}
	}
}

func TestAssetsCacheControl(t *testing.T) {
	tests := []struct {
		path string
		want string
	}{
		{"/s/sessionutils.3f2a9c1b.wasm", "public, max-age=31536000, immutable"},
		{"/s/sessionutils.js", "no-cache"},
		{"/s/sessionutils.mjs", "no-cache"},
	}
	h := sessionhttp.Assets("/s/", buildFiles)
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
		if got := rec.Result().Header.Get("Cache-Control"); got != tt.want {
			t.Errorf("GET %s Cache-Control = %q; want %q", tt.path, got, tt.want)
		}
	}
}

func TestAssetsNilFS(t *testing.T) {
	rec := httptest.NewRecorder()
	sessionhttp.Assets("/", nil).ServeHTTP(rec, httptest.NewRequest("GET", "/sessionutils.js", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("Assets(\"/\", nil) status = %d; want 500", rec.Code)
	}
	if !strings.Contains(rec.Body.String(), "nil fs.FS") {
		t.Errorf("Assets(\"/\", nil) body = %q; want it to name the nil fs.FS", rec.Body.String())
	}
}
