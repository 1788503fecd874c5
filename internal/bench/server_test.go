//go:build !(js && wasm)

package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/alexedwards/scs/v2/memstore"

	"github.com/sessionutils/session"
	"github.com/sessionutils/session/sessionhttp"
)

// now is the fixed time of the server benchmarks.
var now = time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)

const (
	sessionID = "019ae9b0-5c00-7000-8000-0000000000aa"
	tabID     = "019ae9b0-5c00-7000-8000-0000000000ab"
	pageID    = "019ae9b0-5c00-7000-8000-0000000000ac"
)

// cookieStartedAgo returns the Cookie header of a session with the default
// 30-minute timeout that started age before now and was not extended since.
// Its stored expiry lags behind the sliding one by age, so a request at now
// refreshes the cookie when age exceeds the one-minute refresh interval.
func cookieStartedAgo(age time.Duration) string {
	s := session.Start(now.Add(-age).UnixMilli(), 30*60*1000, sessionID)
	return session.DefaultCookieName + "=" + session.Encode(&s)
}

// serverCase is one request through one handler.
type serverCase struct {
	name    string
	handler http.Handler
	cookie  string // the Cookie header, or "" for none
	// setsCookie reports whether the response must set a cookie.
	setsCookie bool
}

// serverCases returns the requests that BenchmarkServer times. The first
// goes to a bare handler. Three go through our middleware: with a valid
// cookie (no write), with a cookie whose refresh is due (a write), and
// from a new visitor. Three go through scs.LoadAndSave with memstore in
// the same three cases. Each handler reads the session id, as an
// application would.
func serverCases(tb testing.TB) []serverCase {
	var sink string
	bare := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	ours := sessionhttp.Middleware(&sessionhttp.Options{
		Now: func() time.Time { return now },
	})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := sessionhttp.FromContext(r.Context())
		sink = s.Persisted.ID
	}))

	// scs keeps the session in the store and sends a random token. A
	// manager without IdleTimeout writes only when the handler changes
	// the session. With IdleTimeout it commits to the store and writes
	// the cookie on every request, because that is how it slides the
	// expiry.
	fixed := newSCS(0)
	idle := newSCS(30 * time.Minute)
	fixedToken, idleToken := scsToken(tb, fixed), scsToken(tb, idle)
	read := func(sm *scs.SessionManager) http.Handler {
		return sm.LoadAndSave(http.HandlerFunc(
			func(w http.ResponseWriter, r *http.Request) {
				sink = sm.GetString(r.Context(), "id")
			}))
	}
	// scs starts a session only when the handler stores a value.
	start := fixed.LoadAndSave(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			fixed.Put(r.Context(), "id", sessionID)
		}))
	_ = sink

	return []serverCase{
		{"bare", bare, "", false},
		{"ours/valid", ours, cookieStartedAgo(10 * time.Second), false},
		{"ours/refresh", ours, cookieStartedAgo(5 * time.Minute), true},
		{"ours/new", ours, "", true},
		{"scs/valid", read(fixed), "session=" + fixedToken, false},
		{"scs/refresh-idle-timeout", read(idle), "session=" + idleToken, true},
		{"scs/new", start, "", true},
	}
}

func newSCS(idleTimeout time.Duration) *scs.SessionManager {
	sm := scs.New()
	sm.Store = memstore.New()
	sm.IdleTimeout = idleTimeout
	return sm
}

// scsToken stores a session in sm and returns its token.
func scsToken(tb testing.TB, sm *scs.SessionManager) string {
	tb.Helper()
	ctx, err := sm.Load(context.Background(), "")
	if err != nil {
		tb.Fatalf("scs Load failed: %v", err)
	}
	sm.Put(ctx, "id", sessionID)
	token, _, err := sm.Commit(ctx)
	if err != nil {
		tb.Fatalf("scs Commit failed: %v", err)
	}
	return token
}

func (c *serverCase) request() *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	if c.cookie != "" {
		r.Header.Set("Cookie", c.cookie)
	}
	r.Header.Set(sessionhttp.TabIDHeader, tabID)
	r.Header.Set(sessionhttp.PageIDHeader, pageID)
	return r
}

// check serves one request and fails tb unless the response sets a cookie
// exactly when c.setsCookie is true.
func (c *serverCase) check(tb testing.TB) {
	tb.Helper()
	w := httptest.NewRecorder()
	c.handler.ServeHTTP(w, c.request())
	set := w.Result().Header.Values("Set-Cookie")
	if c.setsCookie && len(set) == 0 {
		tb.Errorf("%s: response sets no cookie; want one", c.name)
	}
	if !c.setsCookie && len(set) != 0 {
		tb.Errorf("%s: response sets %q; want no cookie", c.name, set)
	}
}

func TestServerCases(t *testing.T) {
	for _, c := range serverCases(t) {
		c.check(t)
	}
}

// BenchmarkServer times one request through each handler of serverCases,
// without the network. Subtract the bare case for the cost that a
// middleware adds.
//
//	go test -run '^$' -bench Server -benchmem -count 10 ./internal/bench
func BenchmarkServer(b *testing.B) {
	for _, c := range serverCases(b) {
		b.Run(c.name, func(b *testing.B) {
			c.check(b)
			r := c.request()
			b.ReportAllocs()
			for b.Loop() {
				c.handler.ServeHTTP(httptest.NewRecorder(), r)
			}
		})
	}
}
