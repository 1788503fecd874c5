//go:build !(js && wasm)

package interop

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"

	"github.com/sessionutils/session/internal/assets"
	"github.com/sessionutils/session/internal/browsertest"
	"github.com/sessionutils/session/sessionhttp"
)

func TestMain(m *testing.M) { browsertest.Main(m) }

const npmScript = `<script src="/npm/session-utils.js"></script>`
const ourScript = `<script src="/sessionutils.js"></script>`

// pages are the test pages and the scripts each loads. A cookie written
// without a Path attribute on a page under /legacy/ gets the path /legacy.
var pages = map[string]string{
	"/npm.html":         npmScript,
	"/ours.html":        ourScript,
	"/legacy/npm.html":  npmScript,
	"/legacy/ours.html": ourScript,
}

// servedPath is a page that the middleware serves as an active route, so
// the server starts the session before any script runs.
const servedPath = "/served.html"

var assetsHandler = sync.OnceValues(assets.Handler)

// newServer starts a server on 127.0.0.1 with the test pages, both
// libraries, and the middleware's view of the session at /api/session
// (active) and at every path ending in /peek (passive: it never starts or
// extends a session).
func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	build, err := assetsHandler()
	if err != nil {
		t.Fatalf("assets.Handler() failed: %v", err)
	}
	bundle, err := browsertest.NpmBundle()
	if err != nil {
		t.Fatalf("the npm package is not usable: %v", err)
	}

	mw := sessionhttp.Middleware(&sessionhttp.Options{
		Passive: func(r *http.Request) bool {
			return strings.HasSuffix(r.URL.Path, "/peek")
		},
	})
	mux := http.NewServeMux()
	mux.Handle("/sessionutils.js", build)
	mux.Handle("/sessionutils.wasm", build)
	mux.HandleFunc("/npm/session-utils.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write(bundle)
	})
	for path, head := range pages {
		mux.Handle(path, pageHandler(path, head))
	}
	mux.Handle(servedPath, mw(pageHandler(servedPath, npmScript+ourScript)))
	mux.Handle("/api/session", mw(http.HandlerFunc(serveSessions)))
	mux.Handle("/api/peek", mw(http.HandlerFunc(serveSessions)))
	mux.Handle("/legacy/api/peek", mw(http.HandlerFunc(serveSessions)))
	mux.HandleFunc("/favicon.ico", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})

	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// pageHandler serves an HTML page with head in its head at exactly path.
func pageHandler(path, head string) http.Handler {
	title := html.EscapeString(path)
	body := fmt.Sprintf(`<!doctype html>
<html><head><meta charset="utf-8"><title>%s</title>
%s</head><body><h1>%s</h1></body></html>`, title, head, title)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprint(w, body)
	})
}

// serveSessions writes the request's sessions as JSON: persisted (null
// when none is in force), tabId, pageId and found.
func serveSessions(w http.ResponseWriter, r *http.Request) {
	s, found := sessionhttp.FromContext(r.Context())
	b := []byte(`{"persisted":`)
	if s.Persisted.ID == "" {
		b = append(b, "null"...)
	} else {
		b = s.Persisted.AppendJSON(b)
	}
	rest, _ := json.Marshal(map[string]any{
		"tabId": s.TabID, "pageId": s.PageID, "found": found,
	})
	b = append(b, ',')
	b = append(b, rest[1:]...)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}

// session is a persisted session object as the npm package's calls, this
// module's calls and serveSessions return it.
type session struct {
	ID        string   `json:"id"`
	Created   float64  `json:"created"`
	CreatedAt string   `json:"createdAt"`
	Expires   float64  `json:"expires"`
	ExpiresAt string   `json:"expiresAt"`
	Duration  float64  `json:"duration"`
	Modified  *float64 `json:"modified"`
	Plan      *string  `json:"plan"` // the extra attribute the tests set
}

func (s session) String() string {
	plan := "<none>"
	if s.Plan != nil {
		plan = *s.Plan
	}
	return fmt.Sprintf("{id %s created %.0f expires %.0f duration %.0f plan %s}",
		s.ID, s.Created, s.Expires, s.Duration, plan)
}

// serverView is the JSON of serveSessions.
type serverView struct {
	Persisted *session `json:"persisted"`
	TabID     string   `json:"tabId"`
	PageID    string   `json:"pageId"`
	Found     bool     `json:"found"`
}

// evalSession evaluates expr, which returns a persisted session object.
func evalSession(t *testing.T, tab *browsertest.Tab, expr string) session {
	t.Helper()
	var s session
	tab.Eval(expr, &s)
	if s.ID == "" {
		t.Fatalf("%s returned a session without id: %v", expr, s)
	}
	return s
}

// openOurs navigates tab to path and waits for sessionUtils.ready.
func openOurs(t *testing.T, tab *browsertest.Tab, srv *httptest.Server, path string) {
	t.Helper()
	tab.Navigate(srv.URL + path)
	tab.Eval(`sessionUtils.ready.then(() => true)`, nil)
}

// fetchServer fetches path, a serveSessions route, from the page of tab.
func fetchServer(t *testing.T, tab *browsertest.Tab, path string) serverView {
	t.Helper()
	var v serverView
	tab.Eval(fmt.Sprintf(`fetch(%q, {cache: "no-store"}).then((r) => r.json())`, path), &v)
	if !v.Found {
		t.Fatalf("GET %s: found = false; want the request to pass the middleware", path)
	}
	return v
}

// checkSame fails t when got differs from want in id, created, expires,
// duration or the extra attribute plan.
func checkSame(t *testing.T, what string, got, want session) {
	t.Helper()
	if got.ID != want.ID {
		t.Errorf("%s: id = %q; want %q", what, got.ID, want.ID)
	}
	if got.Created != want.Created {
		t.Errorf("%s: created = %.0f; want %.0f", what, got.Created, want.Created)
	}
	if got.Expires != want.Expires {
		t.Errorf("%s: expires = %.0f; want %.0f", what, got.Expires, want.Expires)
	}
	if got.Duration != want.Duration {
		t.Errorf("%s: duration = %.0f; want %.0f", what, got.Duration, want.Duration)
	}
	switch {
	case want.Plan == nil && got.Plan != nil:
		t.Errorf("%s: plan = %q; want none", what, *got.Plan)
	case want.Plan != nil && (got.Plan == nil || *got.Plan != *want.Plan):
		t.Errorf("%s: plan = %v; want %q", what, got, *want.Plan)
	}
}

// sessionCookies returns the cookies named __session, at every path.
func sessionCookies(bc *browsertest.Context) []*network.Cookie {
	var found []*network.Cookie
	for _, c := range bc.Cookies() {
		if c.Name == "__session" {
			found = append(found, c)
		}
	}
	return found
}

// checkNoErrors fails t when a page of tab threw an uncaught exception or
// wrote a console error.
func checkNoErrors(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	if errs := tab.Errors(); len(errs) != 0 {
		t.Errorf("page errors = %q; want none", strings.Join(errs, "\n"))
	}
}
