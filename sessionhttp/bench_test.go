package sessionhttp_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sessionutils/session/sessionhttp"
)

// benchmarkMiddleware measures one request through the middleware with the
// Cookie header cookie, without the network: the handler does nothing.
func benchmarkMiddleware(b *testing.B, cookie string) {
	clock := newClock()
	h := sessionhttp.Middleware(&sessionhttp.Options{Now: clock.Now})(
		http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	req.Header.Set(sessionhttp.TabIDHeader, "019ca945-0a00-7000-8000-000000000001")
	req.Header.Set(sessionhttp.PageIDHeader, "019ca945-0a00-7000-8000-000000000002")
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
}

func BenchmarkMiddlewareValidCookie(b *testing.B) {
	benchmarkMiddleware(b, "theme=dark; __session="+validAt("019ca945-0a00-7000-8000-000000000000", t0.UnixMilli()))
}

func BenchmarkMiddlewareRefresh(b *testing.B) {
	benchmarkMiddleware(b, "__session="+refreshDueAt("019ca945-0a00-7000-8000-000000000000", t0.UnixMilli()))
}

func BenchmarkMiddlewareNewSession(b *testing.B) {
	benchmarkMiddleware(b, "")
}
