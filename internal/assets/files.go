package assets

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// FileHandler returns a handler that serves the regular files of fsys, such
// as a directory that [WriteDir] wrote, at their paths relative to the
// request's URL path without its leading slash. Mount it under a prefix
// with [http.StripPrefix].
//
// A file whose name carries a content hash (see [IsHashedName]) is sent with
// Cache-Control: public, max-age=31536000, immutable, any other with
// Cache-Control: no-cache. Every file is sent with an ETag and, when the
// request accepts gzip and it makes the body smaller, gzip-compressed.
// Directories, names with a component that starts with a dot, and missing
// files get 404; methods other than GET and HEAD get 405.
//
// The handler keeps each file and its compressed form in memory after the
// first request, and reads the file again when its size or modification
// time changes. It is safe for concurrent use.
func FileHandler(fsys fs.FS) http.Handler {
	return &fileHandler{fsys: fsys, files: make(map[string]*cachedFile)}
}

type fileHandler struct {
	fsys fs.FS

	mu    sync.Mutex
	files map[string]*cachedFile
}

// cachedFile is one file of the handler's cache, as it was at its size and
// modification time. done is closed when asset or err is set.
type cachedFile struct {
	size    int64
	modTime time.Time
	done    chan struct{}
	asset   *asset
	err     error
}

func (h *fileHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(r.URL.Path, "/")
	if !servableName(name) {
		http.NotFound(w, r)
		return
	}

	a, err := h.load(name)
	if errors.Is(err, fs.ErrNotExist) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		http.Error(w, "failed to read file", http.StatusInternalServerError)
		return
	}
	a.ServeHTTP(w, r)
}

// servableName reports whether name is a path that the handler may serve:
// a valid [io/fs] path of a file, without hidden components.
func servableName(name string) bool {
	if name == "" || !fs.ValidPath(name) {
		return false
	}
	for part := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(part, ".") {
			return false
		}
	}
	return true
}

// load returns the asset of the regular file name, reading and compressing
// it when the cache has no entry for its current size and modification
// time. Concurrent requests for a file share one read.
func (h *fileHandler) load(name string) (*asset, error) {
	info, err := fs.Stat(h.fsys, name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fs.ErrNotExist
	}

	h.mu.Lock()
	f := h.files[name]
	if f != nil && f.size == info.Size() && f.modTime.Equal(info.ModTime()) {
		h.mu.Unlock()
		<-f.done
		return f.asset, f.err
	}
	f = &cachedFile{size: info.Size(), modTime: info.ModTime(),
		done: make(chan struct{})}
	h.files[name] = f
	h.mu.Unlock()

	f.asset, f.err = readAsset(h.fsys, name)
	if f.err != nil {
		h.mu.Lock()
		if h.files[name] == f {
			delete(h.files, name) // the next request tries again
		}
		h.mu.Unlock()
	}
	close(f.done)
	return f.asset, f.err
}

// readAsset reads the file name of fsys into an asset.
func readAsset(fsys fs.FS, name string) (*asset, error) {
	file, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	body, err := io.ReadAll(file)
	if err != nil {
		return nil, err
	}

	cache := cacheRevalidate
	if IsHashedName(name) {
		cache = cacheImmutable
	}
	return newAsset(path.Base(name), contentType(name), cache, body)
}

// IsHashedName reports whether the base name of the slash-separated path
// name carries a content hash, as the module's name in [WriteDir] does. A
// hash is a part between dots, neither the first nor the last, of at least
// 8 lowercase hex digits, as in sessionutils.3f2a9c1b.wasm.
func IsHashedName(name string) bool {
	parts := strings.Split(path.Base(name), ".")
	if len(parts) < 3 {
		return false
	}
	for _, part := range parts[1 : len(parts)-1] {
		if len(part) >= 8 && strings.Trim(part, "0123456789abcdef") == "" {
			return true
		}
	}
	return false
}

// contentTypes maps the extensions of a static build to their media types.
// They are fixed here because the mime package reads the system's tables,
// which vary: on Debian 12, mime.TypeByExtension returns
// text/vnd.trolltech.linguist for .ts and video/mp2t for .mts.
var contentTypes = map[string]string{
	".js":   javaScriptType,
	".mjs":  javaScriptType,
	".wasm": webAssemblyType,
	".ts":   "text/plain; charset=utf-8",
	".mts":  "text/plain; charset=utf-8",
	".json": "application/json",
	".map":  "application/json",
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
}

// contentType returns the media type of the file name, by its extension.
func contentType(name string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}
