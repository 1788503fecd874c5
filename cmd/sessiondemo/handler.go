package main

import (
	_ "embed"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/sessionutils/session/sessionhttp"
)

// pageHTML is the demo page. It loads /sessionutils.js and has no other
// external resources.
//
//go:embed page.html
var pageHTML []byte

// pagePolicy is the Content-Security-Policy of the demo page. It allows the
// inline script and style, same-origin scripts and requests, and WebAssembly
// compilation, and blocks every other origin.
const pagePolicy = "default-src 'self'; " +
	"script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; " +
	"style-src 'unsafe-inline'; img-src 'self' data:; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// newHandler returns the demo's routes: the page at / and at every path under
// /demo/, so that a visitor can move between paths, the server's view of the
// session at /api/session, and the browser files (sessionutils.js, .mjs,
// and the wasm under its plain and hashed names) from assetHandler. Other paths get 404. The page and /api/session pass through
// the sessionhttp middleware with sessionOpts, which may be nil; the assets
// do not, because its Vary: Cookie would make the browser download the
// module again whenever the cookie changes.
func newHandler(assetHandler http.Handler, sessionOpts *sessionhttp.Options) http.Handler {
	sessions := sessionhttp.Middleware(sessionOpts)
	mux := http.NewServeMux()
	mux.Handle("GET /{$}", sessions(http.HandlerFunc(servePage)))
	mux.Handle("GET /demo/", sessions(http.HandlerFunc(servePage)))
	mux.Handle("GET /api/session", sessions(http.HandlerFunc(serveSession)))
	// The asset handler serves sessionutils.js, .mjs, .wasm and the module
	// under its hashed name, and answers 404 for any other file.
	mux.Handle("GET /{file}", assetHandler)
	return mux
}

func servePage(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", pagePolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	w.Write(pageHTML)
}

// serveSession writes the request's sessions as the middleware sees them, as
// JSON: persisted (the session object as getSession returns it in the
// browser, or null when none is in force), tabId and pageId (from the
// headers that sessionUtils.fetch sends, "" when missing or invalid), and
// found (whether the request passed through the middleware).
func serveSession(w http.ResponseWriter, r *http.Request) {
	s, found := sessionhttp.FromContext(r.Context())
	b := make([]byte, 0, 1024)
	b = append(b, `{"persisted":`...)
	if s.Persisted.ID == "" {
		b = append(b, "null"...)
	} else {
		b = s.Persisted.AppendJSON(b)
	}
	b = appendJSONField(b, "tabId", s.TabID)
	b = appendJSONField(b, "pageId", s.PageID)
	b = appendJSONField(b, "found", found)
	b = append(b, "}\n"...)

	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.Write(b)
}

// appendJSONField appends a comma, the JSON string key, a colon and value
// encoded as JSON.
func appendJSONField(b []byte, key string, value any) []byte {
	k, _ := json.Marshal(key)
	v, err := json.Marshal(value)
	if err != nil {
		v = []byte("null") // strings and booleans always encode
	}
	b = append(b, ',')
	b = append(b, k...)
	b = append(b, ':')
	return append(b, v...)
}

// logRequests logs each request with its status and duration.
func logRequests(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		logger.Info("request", "method", r.Method, "path", r.URL.Path,
			"status", rec.status,
			"duration", time.Since(start).Round(time.Microsecond))
	})
}

// statusRecorder is a ResponseWriter that records the status code it sends.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap returns the wrapped ResponseWriter for http.ResponseController.
func (r *statusRecorder) Unwrap() http.ResponseWriter {
	return r.ResponseWriter
}
