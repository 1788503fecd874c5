package assets

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// moduleJS is the ES module that loads sessionutils.js and exports the
// calls of window.sessionUtils.
//
//go:embed sessionutils.mjs
var moduleJS []byte

// Cache-Control values. A file whose name carries a hash of its content
// never changes, so browsers may keep it for a year (the maximum RFC 9111
// recommends) without asking again. Any other file is revalidated with its
// ETag on every use.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
	javaScriptType  = "text/javascript; charset=utf-8"
	webAssemblyType = "application/wasm"
)

// Handler builds the module with [Build] and returns a handler that serves
//
//   - GET /sessionutils.js: wasm_exec.js, a newline, then the loader, as
//     text/javascript;
//   - GET /sessionutils.wasm: the module, as application/wasm, which
//     WebAssembly.instantiateStreaming requires, and the one the script
//     loads;
//   - GET /sessionutils.HASH.wasm, the name [WasmName] gives: the same
//     module, cacheable for a year;
//   - GET /sessionutils.mjs: the ES module, as text/javascript, which
//     browsers require of a module script.
//
// All of them also serve HEAD and range requests, send an ETag with
// Cache-Control: no-cache (the hashed module: public, max-age=31536000,
// immutable), and send a gzip-compressed body when the request accepts
// gzip. Other paths get 404 and other methods 405.
func Handler() (http.Handler, error) {
	return buildHandler(false)
}

// HashedHandler is like [Handler], except that the script loads the
// module from its hashed name, which browsers may cache for a year because
// a new build changes the name. A mux in front of it must route that name,
// for example with the pattern "GET /{file}".
func HashedHandler() (http.Handler, error) {
	return buildHandler(true)
}

func buildHandler(hashedScript bool) (http.Handler, error) {
	wasm, err := Build(context.Background())
	if err != nil {
		return nil, err
	}
	wasmExec, err := WasmExecJS()
	if err != nil {
		return nil, err
	}
	return newHandler(wasmExec, loaderJS, wasm, hashedScript)
}

func newHandler(wasmExec, loader, wasm []byte, hashedScript bool) (http.Handler, error) {
	hashed := WasmName(wasm)
	var prefix []byte
	if hashedScript {
		prefix = wasmSetting(hashed)
	}
	js, err := newAsset("sessionutils.js", javaScriptType, cacheRevalidate,
		joinScript(prefix, wasmExec, loader))
	if err != nil {
		return nil, err
	}
	module, err := newAsset("sessionutils.wasm", webAssemblyType,
		cacheRevalidate, wasm)
	if err != nil {
		return nil, err
	}
	hashedModule, err := newAsset(hashed, webAssemblyType, cacheImmutable, wasm)
	if err != nil {
		return nil, err
	}
	esm, err := newAsset("sessionutils.mjs", javaScriptType, cacheRevalidate,
		moduleJS)
	if err != nil {
		return nil, err
	}

	mux := http.NewServeMux()
	mux.Handle("GET /sessionutils.js", js)
	mux.Handle("GET /sessionutils.wasm", module)
	mux.Handle("GET /"+hashed, hashedModule)
	mux.Handle("GET /sessionutils.mjs", esm)
	return mux, nil
}

// joinScript returns the classic script sessionutils.js: prefix, then
// wasm_exec.js, a newline, and the loader.
func joinScript(prefix, wasmExec, loader []byte) []byte {
	script := make([]byte, 0, len(prefix)+len(wasmExec)+1+len(loader))
	script = append(script, prefix...)
	script = append(script, wasmExec...)
	script = append(script, '\n')
	return append(script, loader...)
}

// asset is one file served from memory, with its gzip-compressed form.
type asset struct {
	name         string
	contentType  string
	cacheControl string
	body         []byte
	etag         string
	gzipBody     []byte // nil when compression does not make it smaller
	gzipETag     string
}

// newAsset returns the asset name with its gzip form and ETags, served with
// the given Content-Type and Cache-Control headers.
func newAsset(name, contentType, cacheControl string, body []byte) (*asset, error) {
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:12])
	a := &asset{
		name:         name,
		contentType:  contentType,
		cacheControl: cacheControl,
		body:         body,
		etag:         `"` + tag + `"`,
		gzipETag:     `"` + tag + `-gzip"`,
	}

	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	if err != nil {
		return nil, fmt.Errorf("assets: compress %s: %w", name, err)
	}
	if _, err := zw.Write(body); err != nil {
		return nil, fmt.Errorf("assets: compress %s: %w", name, err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("assets: compress %s: %w", name, err)
	}
	if buf.Len() < len(body) {
		a.gzipBody = buf.Bytes()
	}
	return a, nil
}

func (a *asset) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Cache-Control", a.cacheControl)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Add("Vary", "Accept-Encoding")

	body, etag := a.body, a.etag
	if a.gzipBody != nil && acceptsGzip(r.Header.Values("Accept-Encoding")) {
		body, etag = a.gzipBody, a.gzipETag
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, a.name, time.Time{}, bytes.NewReader(body))
}

// acceptsGzip reports whether Accept-Encoding header values (RFC 9110) allow
// a gzip response. An explicit gzip entry takes precedence over "*", and q=0
// rejects a coding.
func acceptsGzip(values []string) bool {
	gzipQ, anyQ := -1.0, -1.0
	for _, value := range values {
		for entry := range strings.SplitSeq(value, ",") {
			coding, params, _ := strings.Cut(entry, ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			switch coding {
			case "gzip", "x-gzip":
				gzipQ = max(gzipQ, qValue(params))
			case "*":
				anyQ = max(anyQ, qValue(params))
			}
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return anyQ > 0
}

// qValue returns the q parameter of an Accept-Encoding entry: 1 when it is
// missing and 0 when it is invalid.
func qValue(params string) float64 {
	for param := range strings.SplitSeq(params, ";") {
		name, value, _ := strings.Cut(param, "=")
		if !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || q < 0 || q > 1 {
			return 0
		}
		return q
	}
	return 1
}
