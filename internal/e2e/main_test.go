//go:build !(js && wasm)

package e2e

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"

	"github.com/sessionutils/session/internal/assets"
	"github.com/sessionutils/session/internal/browsertest"
)

func TestMain(m *testing.M) { browsertest.Main(m) }

// cookieName is the default name of the persisted session's cookie.
const cookieName = "__session"

// libraryPaths are the pages that load the library with a plain script tag.
var libraryPaths = []string{"/", "/a/b/page.html", "/other/path"}

// plainPath is a page without the library, where a test writes cookies
// before the library reads them.
const plainPath = "/plain.html"

// earlyPath is a page that calls the library in the script right after the
// loader, before sessionUtils.ready resolves, and stores what was thrown in
// window.earlyError.
const earlyPath = "/early.html"

const pageTemplate = `<!doctype html>
<html><head><meta charset="utf-8"><title>%s</title>
%s</head><body><h1>%s</h1></body></html>`

const libraryScript = `<script src="/sessionutils.js"></script>`

const earlyScript = libraryScript + `
<script>
try {
  sessionUtils.getSession();
  window.earlyError = null;
} catch (e) {
  window.earlyError = {isError: e instanceof Error, message: String(e.message)};
}
</script>`

// assetsHandler builds the browser build once for the test binary.
var assetsHandler = sync.OnceValues(assets.Handler)

// newServer starts an HTTP server on 127.0.0.1 that serves the browser build
// and the test pages, and stops it when t ends.
func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	build, err := assetsHandler()
	if err != nil {
		t.Fatalf("assets.Handler() failed: %v", err)
	}

	mux := http.NewServeMux()
	mux.Handle("/sessionutils.js", build)
	mux.Handle("/sessionutils.wasm", build)
	for _, path := range libraryPaths {
		mux.Handle(path, pageHandler(path, libraryScript))
	}
	mux.Handle(plainPath, pageHandler(plainPath, ""))
	mux.Handle(earlyPath, pageHandler(earlyPath, earlyScript))
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
	body := fmt.Sprintf(pageTemplate, title, head, title)
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

// openLibrary navigates tab to path on srv and waits for sessionUtils.ready.
func openLibrary(t *testing.T, tab *browsertest.Tab, srv *httptest.Server,
	path string) {
	t.Helper()
	tab.Navigate(srv.URL + path)
	var ready bool
	tab.Eval(`sessionUtils.ready.then((api) => api === window.sessionUtils)`,
		&ready)
	if !ready {
		t.Fatalf("sessionUtils.ready on %s resolved to another value than "+
			"window.sessionUtils", path)
	}
}

// persisted is a persisted session object of the JavaScript API.
type persisted struct {
	ID         string   `json:"id"`
	Created    float64  `json:"created"`
	CreatedAt  string   `json:"createdAt"`
	Expires    float64  `json:"expires"`
	ExpiresAt  string   `json:"expiresAt"`
	Duration   float64  `json:"duration"`
	Elapsed    float64  `json:"elapsed"`
	Remaining  float64  `json:"remaining"`
	IsExpired  bool     `json:"isExpired"`
	IsNew      bool     `json:"isNew"`
	Modified   *float64 `json:"modified"`
	ModifiedAt *string  `json:"modifiedAt"`
	Reason     string   `json:"reason"`
	PreviousID *string  `json:"previousId"`
	Plan       *string  `json:"plan"` // an extra attribute that tests set
}

// scope is a tab or page session object of the JavaScript API.
type scope struct {
	ID         string  `json:"id"`
	Created    float64 `json:"created"`
	CreatedAt  string  `json:"createdAt"`
	Elapsed    float64 `json:"elapsed"`
	IsNew      bool    `json:"isNew"`
	ParentID   string  `json:"parentId"`
	Reason     string  `json:"reason"`
	PreviousID *string `json:"previousId"`
}

// evalPersisted evaluates expr, a call that returns a persisted session.
func evalPersisted(t *testing.T, tab *browsertest.Tab, expr string) persisted {
	t.Helper()
	var p persisted
	tab.Eval(expr, &p)
	if p.ID == "" {
		t.Fatalf("%s returned a session without id: %+v", expr, p)
	}
	return p
}

// evalScope evaluates expr, a call that returns a tab or page session.
func evalScope(t *testing.T, tab *browsertest.Tab, expr string) scope {
	t.Helper()
	var s scope
	tab.Eval(expr, &s)
	if s.ID == "" {
		t.Fatalf("%s returned a session without id: %+v", expr, s)
	}
	return s
}

// sessionCookies returns the cookies named cookieName, at every path.
func sessionCookies(bc *browsertest.Context) []*network.Cookie {
	var found []*network.Cookie
	for _, c := range bc.Cookies() {
		if c.Name == cookieName {
			found = append(found, c)
		}
	}
	return found
}

// cookieSession decodes the value of a session cookie: percent-encoded
// JSON, as encodeURIComponent(JSON.stringify(session)) writes it.
func cookieSession(t *testing.T, c *network.Cookie) map[string]any {
	t.Helper()
	text, err := url.PathUnescape(c.Value)
	if err != nil {
		t.Fatalf("cookie %s value %q is not percent-encoded: %v",
			c.Name, c.Value, err)
	}
	var fields map[string]any
	if err := json.Unmarshal([]byte(text), &fields); err != nil {
		t.Fatalf("cookie %s value %q does not decode to a JSON object: %v",
			c.Name, c.Value, err)
	}
	return fields
}

// checkNoErrors fails t when a page of tab threw an uncaught exception or
// wrote a console error.
func checkNoErrors(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	if errs := tab.Errors(); len(errs) != 0 {
		t.Errorf("page errors = %q; want none", strings.Join(errs, "\n"))
	}
}
