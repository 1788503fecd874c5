package sessionhttp_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing/fstest"

	"github.com/sessionutils/session/sessionhttp"
)

func ExampleAssets() {
	// A real server passes os.DirFS of the directory that
	// `go run ./cmd/sessionutils build -o DIR` wrote, or an embed.FS.
	build := fstest.MapFS{
		"sessionutils.3f2a9c1b.wasm": {Data: []byte("\x00asm")},
		"sessionutils.js":            {Data: []byte("// script\n")},
		"sessionutils.mjs":           {Data: []byte("// module\n")},
	}
	mux := http.NewServeMux()
	mux.Handle("/sessionutils/", sessionhttp.Assets("/sessionutils/", build))

	for _, path := range []string{
		"/sessionutils/sessionutils.mjs",
		"/sessionutils/sessionutils.3f2a9c1b.wasm",
	} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		fmt.Println(path, rec.Code, rec.Header().Get("Content-Type"),
			"|", rec.Header().Get("Cache-Control"))
	}

	// Output:
	// /sessionutils/sessionutils.mjs 200 text/javascript; charset=utf-8 | no-cache
	// /sessionutils/sessionutils.3f2a9c1b.wasm 200 application/wasm | public, max-age=31536000, immutable
}
