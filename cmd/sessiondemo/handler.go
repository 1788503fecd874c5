package main

import (
	_ "embed"
	"log/slog"
	"net/http"
	"time"
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
// /demo/, so that a visitor can move between paths, and /sessionutils.js and
// /sessionutils.wasm from assetHandler. Other paths get 404.
func newHandler(assetHandler http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", servePage)
	mux.HandleFunc("GET /demo/", servePage)
	mux.Handle("/sessionutils.js", assetHandler)
	mux.Handle("/sessionutils.wasm", assetHandler)
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
