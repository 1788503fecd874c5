package sessionhttp_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/sessionutils/session/sessionhttp"
)

func ExampleMiddleware() {
	// The handler reads the sessions that the middleware found or started.
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := sessionhttp.FromContext(r.Context())
		fmt.Fprintf(w, "session %s (%s), tab %s", s.Persisted.ID,
			s.Persisted.Reason, s.TabID)
	})

	// A fixed clock and random source make this example's output the same
	// on every run; leave them nil in a real server.
	start := time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)
	mux := http.NewServeMux()
	mux.Handle("GET /api/", sessionhttp.Middleware(&sessionhttp.Options{
		Now:  func() time.Time { return start },
		Rand: bytes.NewReader(make([]byte, 64)),
	})(api))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	get := func() {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/visit", nil)
		req.Header.Set(sessionhttp.TabIDHeader, "tab-1")
		resp, err := client.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		fmt.Println(string(body))
		for _, line := range resp.Header.Values("Set-Cookie") {
			_, attrs, _ := strings.Cut(line, "; ")
			fmt.Println("Set-Cookie attributes:", attrs)
		}
	}

	get() // starts a session and sets its cookie
	get() // the same session; the cookie needs no refresh yet

	// Output:
	// session 019ca945-0a00-7000-8000-000000000000 (new), tab tab-1
	// Set-Cookie attributes: Path=/; Expires=Sun, 01 Mar 2026 12:30:00 GMT; Max-Age=1800; SameSite=Lax
	// session 019ca945-0a00-7000-8000-000000000000 (new), tab tab-1
}
