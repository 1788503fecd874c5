//go:build !(js && wasm)

package esm

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/sessionutils/session/internal/browsertest"
)

func TestModuleImportLoadsGlobal(t *testing.T) {
	srv := newDevServer(t, "")
	tab := browsertest.NewContext(t).NewTab()

	got := loadResult(t, tab, srv.URL+"/")
	checkMatchesGlobal(t, got)
	want := []string{srv.URL + "/sessionutils.js"}
	if !slices.Equal(got.Scripts, want) {
		t.Errorf("script elements = %q; want only %q, added by the module",
			got.Scripts, want)
	}
	checkNoErrors(t, tab)
}

func TestModuleJoinsLoadedGlobal(t *testing.T) {
	srv := newDevServer(t, classicScript)
	tab := browsertest.NewContext(t).NewTab()

	got := loadResult(t, tab, srv.URL+"/")
	checkMatchesGlobal(t, got)
	want := []string{srv.URL + "/sessionutils.js"}
	if !slices.Equal(got.Scripts, want) {
		t.Errorf("script elements = %q; want only the page's %q",
			got.Scripts, want)
	}
	if n := countSuffix(got.Resources, "/sessionutils.wasm"); n != 1 {
		t.Errorf("the page fetched sessionutils.wasm %d times; want 1", n)
	}
	checkNoErrors(t, tab)
}

func TestModuleExportNames(t *testing.T) {
	srv := newDevServer(t, "")
	tab := browsertest.NewContext(t).NewTab()
	tab.Navigate(srv.URL + "/")

	var names []string
	tab.Eval(`import('/sessionutils.mjs').then((m) => Object.keys(m).sort())`,
		&names)
	if !slices.Equal(names, wantExports) {
		t.Errorf("exports of sessionutils.mjs = %q; want %q", names, wantExports)
	}
}

func TestModuleCallsForwardArguments(t *testing.T) {
	srv := newDevServer(t, "")
	tab := browsertest.NewContext(t).NewTab()
	loadResult(t, tab, srv.URL+"/")

	var got struct {
		Plan           string  `json:"plan"`
		Duration       float64 `json:"duration"`
		GlobalPlan     string  `json:"globalPlan"`
		PersistedOnly  bool    `json:"persistedOnly"`
		HeadersMatch   bool    `json:"headersMatch"`
		RemovedNothing bool    `json:"removedNothing"`
		NewAfterRemove bool    `json:"newAfterRemove"`
	}
	tab.Eval(`import('/sessionutils.mjs').then((m) => {
		const set = m.setSession(45, {plan: 'pro'});
		const globalPlan = window.sessionUtils.getSession().plan;
		const stored = m.getSession(30, true);
		const headers = m.requestHeaders();
		const page = window.sessionUtils.getPageSession();
		const removed = m.removeSession();
		return {
			plan: set.plan,
			duration: set.duration,
			globalPlan: globalPlan,
			persistedOnly: stored.id === set.id && !('elapsed' in stored),
			headersMatch: headers['Session-Page-Id'] === page.id &&
				headers['Session-Tab-Id'] === page.parentId,
			removedNothing: removed === undefined,
			newAfterRemove: m.getSession().id !== set.id,
		};
	})`, &got)

	if got.Plan != "pro" {
		t.Errorf("setSession(45, {plan: 'pro'}).plan = %q; want pro", got.Plan)
	}
	if want := 45 * 60 * 1000.0; got.Duration != want {
		t.Errorf("setSession(45, ...).duration = %v; want %v", got.Duration, want)
	}
	if got.GlobalPlan != "pro" {
		t.Errorf("global getSession().plan = %q; want pro", got.GlobalPlan)
	}
	if !got.PersistedOnly {
		t.Errorf("getSession(30, true) did not return the stored session")
	}
	if !got.HeadersMatch {
		t.Errorf("requestHeaders() does not name the global's tab and page")
	}
	if !got.RemovedNothing {
		t.Errorf("removeSession() returned a value; want undefined")
	}
	if !got.NewAfterRemove {
		t.Errorf("getSession() after removeSession() kept the old id")
	}
	checkNoErrors(t, tab)
}

func TestModuleFetchSendsHeaders(t *testing.T) {
	build, err := assetsHandler()
	if err != nil {
		t.Fatalf("assets.Handler() failed: %v", err)
	}
	mux := http.NewServeMux()
	for _, path := range []string{"/sessionutils.js", "/sessionutils.wasm",
		"/sessionutils.mjs"} {
		mux.Handle(path, build)
	}
	mux.Handle("/{$}", servePage(fmt.Sprintf(importPage, "/sessionutils.mjs", "")))
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "%s %s", r.Header.Get("Session-Tab-Id"),
			r.Header.Get("Session-Page-Id"))
	})
	srv := newServer(t, mux)
	tab := browsertest.NewContext(t).NewTab()
	res := loadResult(t, tab, srv.URL+"/")

	var echoed string
	tab.Eval(`import('/sessionutils.mjs').then((m) => m.fetch('/echo'))
		.then((r) => r.text())`, &echoed)
	if want := res.Tab + " " + res.Page; echoed != want {
		t.Errorf("headers that fetch('/echo') sent = %q; want %q", echoed, want)
	}
	checkNoErrors(t, tab)
}

func TestModuleMissingScriptRejects(t *testing.T) {
	build, err := assetsHandler()
	if err != nil {
		t.Fatalf("assets.Handler() failed: %v", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/sessionutils.mjs", build) // and no sessionutils.js
	mux.Handle("/{$}", servePage(`<!doctype html><title>plain</title>`))
	srv := newServer(t, mux)
	tab := browsertest.NewContext(t).NewTab()
	tab.Navigate(srv.URL + "/")

	err = tab.TryEval(`import('/sessionutils.mjs')`, nil)
	if err == nil {
		t.Fatal("import of sessionutils.mjs without sessionutils.js succeeded")
	}
	if !strings.Contains(err.Error(), "failed to load "+srv.URL+"/sessionutils.js") {
		t.Errorf("import error = %v; want one naming %s/sessionutils.js",
			err, srv.URL)
	}
}

func TestModulePassesOptions(t *testing.T) {
	// Imports run before the body of the module that imports them, so a
	// page sets the options in a classic script before the module script.
	srv := newDevServer(t,
		`<script>window.sessionUtilsOptions = {cookieName: 'esm_visit'};</script>`)
	bc := browsertest.NewContext(t)
	tab := bc.NewTab()

	got := loadResult(t, tab, srv.URL+"/")
	checkMatchesGlobal(t, got)
	var names []string
	for _, c := range bc.Cookies() {
		names = append(names, c.Name)
	}
	if !slices.Equal(names, []string{"esm_visit"}) {
		t.Errorf("cookies = %q; want only esm_visit, the cookieName option",
			names)
	}
	checkNoErrors(t, tab)
}
