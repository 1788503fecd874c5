//go:build !(js && wasm)

package e2e

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sessionutils/session/internal/browsertest"
)

// newPagesServer starts an HTTP server on 127.0.0.1 that serves the browser
// build, plainPath, and one page for each entry of pages, and stops it when
// t ends. The key of an entry is the path. Its value is HTML placed in the
// head before the library's script tag, such as a script that sets
// window.sessionUtilsOptions.
//
// The pages are sent with Cache-Control: no-cache rather than no-store,
// because Chromium keeps no page sent with no-store in the back/forward
// cache.
func newPagesServer(t *testing.T, pages map[string]string) *httptest.Server {
	t.Helper()
	build, err := assetsHandler()
	if err != nil {
		t.Fatalf("assets.Handler() failed: %v", err)
	}

	mux := http.NewServeMux()
	mux.Handle("/sessionutils.js", build)
	mux.Handle("/sessionutils.wasm", build)
	for path, before := range pages {
		mux.Handle(path, cacheablePage(path, before+libraryScript))
	}
	mux.Handle(plainPath, cacheablePage(plainPath, ""))
	mux.HandleFunc("/favicon.ico", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})

	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// cacheablePage serves an HTML page with head in its head at exactly path,
// with Cache-Control: no-cache.
func cacheablePage(path, head string) http.Handler {
	title := html.EscapeString(path)
	body := fmt.Sprintf(pageTemplate, title, head, title)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		fmt.Fprint(w, body)
	})
}

// optionsScript returns a script that sets window.sessionUtilsOptions to
// the JavaScript object literal options.
func optionsScript(options string) string {
	return "<script>window.sessionUtilsOptions = " + options + ";</script>\n"
}

// waitUntil evaluates the JavaScript expression cond in tab every 20 ms
// until it returns true, and fails t after browsertest.ActionTimeout. An
// evaluation that fails counts as false, because during a navigation the
// document that it runs in can go away.
func waitUntil(t *testing.T, tab *browsertest.Tab, cond string) {
	t.Helper()
	deadline := time.Now().Add(browsertest.ActionTimeout)
	for {
		var ok bool
		err := tab.TryEval(cond, &ok)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s was not true within %v (last error: %v)", cond,
				browsertest.ActionTimeout, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// awaitReady waits for sessionUtils.ready in the page of tab, for a page
// that did not load through openLibrary.
func awaitReady(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	var ready bool
	tab.Eval(`sessionUtils.ready.then((api) => api === window.sessionUtils)`,
		&ready)
	if !ready {
		t.Fatalf("sessionUtils.ready resolved to another value than " +
			"window.sessionUtils")
	}
}

// stored is the part of a session object that names its storage.
type stored struct {
	Storage  string `json:"storage"`
	Persists *bool  `json:"persists"`
}

// persistedStored is a persisted session object with its storage fields.
type persistedStored struct {
	persisted
	stored
}

// scopeStored is a tab or page session object with its storage fields.
type scopeStored struct {
	scope
	stored
}

// change is the object that an onChange callback receives.
type change struct {
	Tier    string  `json:"tier"`
	OldID   *string `json:"oldId"`
	Reason  string  `json:"reason"`
	Session *struct {
		ID         string  `json:"id"`
		Reason     string  `json:"reason"`
		PreviousID *string `json:"previousId"`
	} `json:"session"`
}

// String describes c for failure messages.
func (c change) String() string {
	id := "null"
	if c.Session != nil {
		id = c.Session.ID
	}
	return fmt.Sprintf("{tier %s, reason %s, oldId %v, session %s}",
		c.Tier, c.Reason, stringOrNil(c.OldID), id)
}

// changeList describes changes for failure messages.
func changeList(changes []change) string {
	parts := make([]string, len(changes))
	for i, c := range changes {
		parts[i] = c.String()
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// thrown describes what a call threw: whether it threw, whether the value
// was an Error, and its message.
type thrown struct {
	Threw   bool   `json:"threw"`
	IsError bool   `json:"isError"`
	Message string `json:"message"`
}

// catchJS evaluates to a function that calls f and returns a thrown.
const catchJS = `((f) => {
	try {
		f();
		return {threw: false, isError: false, message: ""};
	} catch (e) {
		return {threw: true, isError: e instanceof Error, message: String(e && e.message)};
	}
})`

// readyOutcomeJS settles sessionUtils.ready and describes the outcome: a
// rejection as a thrown.
const readyOutcomeJS = `sessionUtils.ready.then(
	() => ({threw: false, isError: false, message: ""}),
	(e) => ({threw: true, isError: e instanceof Error, message: String(e && e.message)}))`
