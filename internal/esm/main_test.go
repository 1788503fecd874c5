//go:build !(js && wasm)

package esm

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/sessionutils/session/internal/assets"
	"github.com/sessionutils/session/internal/browsertest"
)

func TestMain(m *testing.M) { browsertest.Main(m) }

// importPage is an HTML page whose module script imports the ES module from
// the URL in its first %s and resolves window.esmResult with the ids that
// the imported calls and the global return. The second %s goes into the
// head before the module script. An import that fails rejects
// window.esmResult.
const importPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>esm</title>
<script>
window.esmResult = new Promise(function (resolve, reject) {
  window.esmResolve = resolve;
  window.esmReject = reject;
  window.addEventListener('error', function (e) {
    reject(new Error('uncaught: ' + e.message));
  });
});
</script>
%[2]s
<script type="module" onerror="esmReject(new Error('module script failed to load'))">
import sessionUtils, { getSession, getTabSession, getPageSession, ready }
  from '%[1]s';
const readyValue = await ready;
esmResolve({
  persisted: getSession().id,
  tab: getTabSession().id,
  page: getPageSession().id,
  globalPersisted: window.sessionUtils.getSession().id,
  globalTab: window.sessionUtils.getTabSession().id,
  globalPage: window.sessionUtils.getPageSession().id,
  defaultIsGlobal: sessionUtils === window.sessionUtils,
  readyIsGlobal: readyValue === window.sessionUtils,
  scripts: Array.from(document.querySelectorAll('script[src]'), (s) => s.src),
  resources: performance.getEntriesByType('resource').map((e) => e.name),
});
</script>
</head><body><h1>esm</h1></body></html>`

// classicScript loads the global with a plain script tag.
const classicScript = `<script src="/sessionutils.js"></script>`

// wantExports are the names that sessionutils.mjs exports.
var wantExports = []string{
	"default", "extendSession", "fetch", "getPageSession", "getSession",
	"getTabSession", "onChange", "peekPageSession", "peekSession",
	"peekTabSession", "ready", "removeSession", "requestHeaders",
	"setPageSession", "setSession", "setTabSession",
}

// importResult is the value of window.esmResult.
type importResult struct {
	Persisted       string   `json:"persisted"`
	Tab             string   `json:"tab"`
	Page            string   `json:"page"`
	GlobalPersisted string   `json:"globalPersisted"`
	GlobalTab       string   `json:"globalTab"`
	GlobalPage      string   `json:"globalPage"`
	DefaultIsGlobal bool     `json:"defaultIsGlobal"`
	ReadyIsGlobal   bool     `json:"readyIsGlobal"`
	Scripts         []string `json:"scripts"`   // src of every script element
	Resources       []string `json:"resources"` // URL of every fetched resource
}

// assetsHandler builds the browser build once for the test binary.
var assetsHandler = sync.OnceValues(assets.Handler)

// servePage returns a handler that serves body as an HTML page.
func servePage(body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprint(w, body)
	})
}

// newServer starts a server on 127.0.0.1 with the routes of mux, a 204 for
// /favicon.ico, and stops it when t ends.
func newServer(t *testing.T, mux *http.ServeMux) *httptest.Server {
	t.Helper()
	mux.HandleFunc("/favicon.ico", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// newDevServer serves [assets.Handler] and, at /, a page that imports the
// module from /sessionutils.mjs after head.
func newDevServer(t *testing.T, head string) *httptest.Server {
	t.Helper()
	build, err := assetsHandler()
	if err != nil {
		t.Fatalf("assets.Handler() failed: %v", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/sessionutils.js", build)
	mux.Handle("/sessionutils.wasm", build)
	mux.Handle("/sessionutils.mjs", build)
	mux.Handle("/{$}", servePage(fmt.Sprintf(importPage, "/sessionutils.mjs", head)))
	return newServer(t, mux)
}

// loadResult navigates tab to url and returns window.esmResult.
func loadResult(t *testing.T, tab *browsertest.Tab, url string) importResult {
	t.Helper()
	tab.Navigate(url)
	var got importResult
	tab.Eval(`window.esmResult`, &got)
	return got
}

// checkMatchesGlobal fails t when the imported calls and the global return
// different sessions.
func checkMatchesGlobal(t *testing.T, got importResult) {
	t.Helper()
	if got.Persisted == "" || got.Tab == "" || got.Page == "" {
		t.Fatalf("imported calls returned empty ids: %+v", got)
	}
	if got.Persisted != got.GlobalPersisted {
		t.Errorf("imported getSession().id = %q; global's = %q",
			got.Persisted, got.GlobalPersisted)
	}
	if got.Tab != got.GlobalTab {
		t.Errorf("imported getTabSession().id = %q; global's = %q",
			got.Tab, got.GlobalTab)
	}
	if got.Page != got.GlobalPage {
		t.Errorf("imported getPageSession().id = %q; global's = %q",
			got.Page, got.GlobalPage)
	}
	if !got.DefaultIsGlobal {
		t.Errorf("default export is not window.sessionUtils")
	}
	if !got.ReadyIsGlobal {
		t.Errorf("ready resolved to another value than window.sessionUtils")
	}
}

// countSuffix returns how many of urls end with suffix.
func countSuffix(urls []string, suffix string) int {
	n := 0
	for _, u := range urls {
		if strings.HasSuffix(u, suffix) {
			n++
		}
	}
	return n
}

// checkNoErrors fails t when a page of tab threw an uncaught exception or
// wrote a console error.
func checkNoErrors(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	if errs := tab.Errors(); len(errs) != 0 {
		t.Errorf("page errors = %q; want none", strings.Join(errs, "\n"))
	}
}
