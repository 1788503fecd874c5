package sessionhttp

import (
	"io/fs"
	"net/http"

	"github.com/sessionutils/session/internal/assets"
)

// Assets returns a handler that serves the browser build of sessionutils
// from fsys under the URL path prefix. fsys holds the files that
//
//	go run ./cmd/sessionutils build -o DIR
//
// writes when run in this module's repository, for example os.DirFS(DIR)
// or a subtree of an embed.FS:
//
//	mux.Handle("/sessionutils/", sessionhttp.Assets("/sessionutils/",
//		os.DirFS("static/sessionutils")))
//
// A page then loads /sessionutils/sessionutils.js with a script tag, or
// imports /sessionutils/sessionutils.mjs.
//
// The WebAssembly module, whose name carries a hash of its content, is
// sent with Cache-Control: public, max-age=31536000, immutable. Every other
// file is sent with Cache-Control: no-cache and an ETag, so browsers
// revalidate it and pick up a new build. Responses are gzip-compressed
// when the request accepts gzip. Brotli is not offered, because the
// standard library has no encoder. Requests outside prefix, for
// directories, for names that start with a dot and for missing files get
// 404, and methods other than GET and HEAD get 405.
//
// The handler keeps each file and its compressed form in memory after its
// first request, and reads it again when its size or modification time
// changes. It is safe for concurrent use. With a nil fsys every request
// gets 500 Internal Server Error with a message naming the nil fs.FS.
func Assets(prefix string, fsys fs.FS) http.Handler {
	if fsys == nil {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "sessionhttp: Assets was given no file system (nil fs.FS)",
				http.StatusInternalServerError)
		})
	}
	return http.StripPrefix(prefix, assets.FileHandler(fsys))
}
