package assets

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// testFiles is a static build with files large enough for gzip to pay off.
func testFiles() fstest.MapFS {
	js := []byte(strings.Repeat("console.log('sessionutils');\n", 200))
	return fstest.MapFS{
		"sessionutils.3f2a9c1b.wasm": {Data: append([]byte("\x00asm"),
			bytes.Repeat([]byte{1, 2, 3, 4}, 2000)...)},
		"sessionutils.js":       {Data: js},
		"sessionutils.mjs":      {Data: []byte("export default 1;\n")},
		"sessionutils.d.ts":     {Data: []byte("export type Tier = 'tab';\n")},
		"sessionutils.d.mts":    {Data: []byte("export {};\n")},
		".hidden":               {Data: []byte("secret")},
		"sub/.git/config":       {Data: []byte("secret")},
		"sub/file.json":         {Data: []byte(`{}`)},
		"unknown.bin":           {Data: []byte{0}},
		"sub/nested.3f2a9c1b.x": {Data: []byte("x")},
	}
}

// serveFile sends a request with method to h and returns the response.
func serveFile(t *testing.T, h http.Handler, method, target string,
	header http.Header) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for name, values := range header {
		req.Header[name] = values
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func readBody(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return body
}

func TestFileHandlerHeaders(t *testing.T) {
	tests := []struct {
		path         string
		contentType  string
		cacheControl string
	}{
		{"/sessionutils.3f2a9c1b.wasm", "application/wasm", cacheImmutable},
		{"/sessionutils.js", "text/javascript; charset=utf-8", "no-cache"},
		{"/sessionutils.mjs", "text/javascript; charset=utf-8", "no-cache"},
		{"/sessionutils.d.ts", "text/plain; charset=utf-8", "no-cache"},
		{"/sessionutils.d.mts", "text/plain; charset=utf-8", "no-cache"},
		{"/sub/file.json", "application/json", "no-cache"},
		{"/unknown.bin", "application/octet-stream", "no-cache"},
		{"/sub/nested.3f2a9c1b.x", "application/octet-stream", cacheImmutable},
	}
	files := testFiles()
	h := FileHandler(files)
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp := serveFile(t, h, "GET", tt.path, nil)
			body := readBody(t, resp)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s status = %d; want 200", tt.path, resp.StatusCode)
			}
			if got := resp.Header.Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type = %q; want %q", got, tt.contentType)
			}
			if got := resp.Header.Get("Cache-Control"); got != tt.cacheControl {
				t.Errorf("Cache-Control = %q; want %q", got, tt.cacheControl)
			}
			if got := resp.Header.Get("ETag"); got == "" {
				t.Errorf("ETag is missing")
			}
			if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q; want nosniff", got)
			}
			want := files[strings.TrimPrefix(tt.path, "/")].Data
			if !bytes.Equal(body, want) {
				t.Errorf("body = %d bytes that differ from the file's %d",
					len(body), len(want))
			}
		})
	}
}

func TestFileHandlerNotFound(t *testing.T) {
	h := FileHandler(testFiles())
	paths := []string{
		"/", "/sub", "/sub/", "/missing.js", "/.hidden", "/sub/.git/config",
		"/sub/../sessionutils.js", "//sessionutils.js", "/sessionutils.js/",
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			resp := serveFile(t, h, "GET", path, nil)
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s status = %d; want 404", path, resp.StatusCode)
			}
		})
	}
}

func TestFileHandlerMethodNotAllowed(t *testing.T) {
	h := FileHandler(testFiles())
	resp := serveFile(t, h, "POST", "/sessionutils.js", nil)
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST status = %d; want 405", resp.StatusCode)
	}
	if got := resp.Header.Get("Allow"); got != "GET, HEAD" {
		t.Errorf("Allow = %q; want %q", got, "GET, HEAD")
	}
}

func TestFileHandlerHead(t *testing.T) {
	files := testFiles()
	h := FileHandler(files)
	resp := serveFile(t, h, "HEAD", "/sessionutils.js", nil)
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("HEAD status = %d; want 200", resp.StatusCode)
	}
	if len(body) != 0 {
		t.Errorf("HEAD body length = %d; want 0", len(body))
	}
	want := len(files["sessionutils.js"].Data)
	if got := resp.Header.Get("Content-Length"); got != strconv.Itoa(want) {
		t.Errorf("HEAD Content-Length = %s; want %d", got, want)
	}
}

func TestFileHandlerGzip(t *testing.T) {
	files := testFiles()
	h := FileHandler(files)
	for _, name := range []string{"sessionutils.js", "sessionutils.3f2a9c1b.wasm"} {
		t.Run(name, func(t *testing.T) {
			resp := serveFile(t, h, "GET", "/"+name,
				http.Header{"Accept-Encoding": {"gzip, br"}})
			body := readBody(t, resp)
			if got := resp.Header.Get("Content-Encoding"); got != "gzip" {
				t.Fatalf("Content-Encoding = %q; want gzip", got)
			}
			if got := resp.Header.Get("Vary"); got != "Accept-Encoding" {
				t.Errorf("Vary = %q; want Accept-Encoding", got)
			}
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("gzip.NewReader: %v", err)
			}
			decoded, err := io.ReadAll(zr)
			if err != nil {
				t.Fatalf("decode gzip body: %v", err)
			}
			if !bytes.Equal(decoded, files[name].Data) {
				t.Errorf("decoded body differs from the file")
			}
		})
	}
}

func TestFileHandlerNotModified(t *testing.T) {
	h := FileHandler(testFiles())
	resp := serveFile(t, h, "GET", "/sessionutils.mjs", nil)
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("GET /sessionutils.mjs sent no ETag")
	}

	resp = serveFile(t, h, "GET", "/sessionutils.mjs",
		http.Header{"If-None-Match": {etag}})
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("GET with If-None-Match %s status = %d; want 304",
			etag, resp.StatusCode)
	}
}

func TestFileHandlerRereadsChangedFile(t *testing.T) {
	files := testFiles()
	h := FileHandler(files)
	first := serveFile(t, h, "GET", "/sessionutils.mjs", nil)
	readBody(t, first)

	files["sessionutils.mjs"] = &fstest.MapFile{
		Data:    []byte("export default 2;\n"),
		ModTime: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
	}
	second := serveFile(t, h, "GET", "/sessionutils.mjs", nil)
	body := readBody(t, second)
	if string(body) != "export default 2;\n" {
		t.Errorf("body after the file changed = %q; want the new content", body)
	}
	if a, b := first.Header.Get("ETag"), second.Header.Get("ETag"); a == b {
		t.Errorf("ETag after the file changed = %s, as before", b)
	}
}

func TestFileHandlerConcurrentFirstRequests(t *testing.T) {
	files := testFiles()
	h := FileHandler(files)
	want := files["sessionutils.3f2a9c1b.wasm"].Data

	var wg sync.WaitGroup
	bodies := make([][]byte, 8)
	for i := range bodies {
		wg.Go(func() {
			req := httptest.NewRequest("GET", "/sessionutils.3f2a9c1b.wasm", nil)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			bodies[i] = rec.Body.Bytes()
		})
	}
	wg.Wait()
	for i, body := range bodies {
		if !bytes.Equal(body, want) {
			t.Errorf("request %d got %d bytes that differ from the file's %d",
				i, len(body), len(want))
		}
	}
}

func TestIsHashedName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"sessionutils.3f2a9c1b.wasm", true},
		{"dir/app.0123456789abcdef.js", true},
		{"a.b.3f2a9c1b.js", true},
		{"sessionutils.wasm", false},
		{"sessionutils.d.ts", false},
		{"sessionutils.3f2a9c1.wasm", false}, // 7 digits
		{"sessionutils.3F2A9C1B.wasm", false},
		{"3f2a9c1b.wasm", false},
		{"sessionutils.3f2a9c1b", false},
		{"3f2a9c1b.dir/file.js", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsHashedName(tt.name); got != tt.want {
			t.Errorf("IsHashedName(%q) = %v; want %v", tt.name, got, tt.want)
		}
	}
}
