//go:build !(js && wasm)

package e2e

import (
	"strings"
	"testing"

	"github.com/sessionutils/session/internal/browsertest"
)

func TestChromiumWindowOpenDuplicatesTab(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	openLibrary(t, tab, srv, "/")
	p := evalPersisted(t, tab, `sessionUtils.getSession()`)
	original := evalScope(t, tab, `sessionUtils.getTabSession()`)

	// window.open copies the opener's sessionStorage, tab session included.
	popup := tab.OpenWindow("/other/path")
	awaitReady(t, popup)
	dup := evalScope(t, popup, `sessionUtils.getTabSession()`)
	if dup.ID == original.ID {
		t.Errorf("getTabSession().id in the opened window = %q, the "+
			"opener's; want a new id", dup.ID)
	}
	if dup.Reason != "duplicate" {
		t.Errorf("getTabSession().reason in the opened window = %q; "+
			"want duplicate", dup.Reason)
	}
	if dup.PreviousID == nil || *dup.PreviousID != original.ID {
		t.Errorf("getTabSession().previousId in the opened window = %v; "+
			"want %q, the opener's tab id", stringOrNil(dup.PreviousID),
			original.ID)
	}
	if dup.ParentID != p.ID {
		t.Errorf("getTabSession().parentId in the opened window = %q; "+
			"want %q", dup.ParentID, p.ID)
	}

	popupP := evalPersisted(t, popup, `sessionUtils.getSession()`)
	if popupP.ID != p.ID {
		t.Errorf("getSession().id in the opened window = %q; want %q, "+
			"shared with the opener", popupP.ID, p.ID)
	}
	dupAgain := evalScope(t, popup, `sessionUtils.getTabSession()`)
	if dupAgain.ID != dup.ID {
		t.Errorf("second getTabSession().id in the opened window = %q; "+
			"want %q", dupAgain.ID, dup.ID)
	}
	page := evalScope(t, popup, `sessionUtils.getPageSession()`)
	if page.ParentID != dup.ID {
		t.Errorf("getPageSession().parentId in the opened window = %q; "+
			"want %q", page.ParentID, dup.ID)
	}

	kept := evalScope(t, tab, `sessionUtils.getTabSession()`)
	if kept.ID != original.ID {
		t.Errorf("getTabSession().id in the opener after window.open = %q; "+
			"want %q", kept.ID, original.ID)
	}
	if kept.IsNew {
		t.Errorf("getTabSession().isNew in the opener after window.open = " +
			"true; want false")
	}
	checkNoErrors(t, tab)
	checkNoErrors(t, popup)
}

func TestChromiumReloadIsNotDuplicate(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	openLibrary(t, tab, srv, "/")
	first := evalScope(t, tab, `sessionUtils.getTabSession()`)
	page := evalScope(t, tab, `sessionUtils.getPageSession()`)

	// A second reload finds the storage that the first reloaded page used.
	for i := 1; i <= 2; i++ {
		tab.Reload()
		awaitReady(t, tab)
		got := evalScope(t, tab, `sessionUtils.getTabSession()`)
		if got.ID != first.ID {
			t.Errorf("getTabSession().id after reload %d = %q; want %q",
				i, got.ID, first.ID)
		}
		if got.Reason == "duplicate" {
			t.Errorf("getTabSession().reason after reload %d = duplicate; "+
				"want %q as before", i, first.Reason)
		}
		if got.IsNew {
			t.Errorf("getTabSession().isNew after reload %d = true; "+
				"want false", i)
		}

		next := evalScope(t, tab, `sessionUtils.getPageSession()`)
		if next.ID == page.ID {
			t.Errorf("getPageSession().id after reload %d = %q, as before; "+
				"want a new id", i, next.ID)
		}
		if next.ParentID != first.ID {
			t.Errorf("getPageSession().parentId after reload %d = %q; "+
				"want %q", i, next.ParentID, first.ID)
		}
		if next.Reason != "new" {
			t.Errorf("getPageSession().reason after reload %d = %q; "+
				"want new", i, next.Reason)
		}
		page = next
	}
	checkNoErrors(t, tab)
}

// hashChangeJS sets location.hash and waits for the hashchange event. The
// library listens since sessionUtils.ready, so its listener runs first.
const hashChangeJS = `new Promise((resolve) => {
	addEventListener("hashchange", () => resolve(true), {once: true});
	location.hash = "#/b";
})`

func TestChromiumHashChangeRoutes(t *testing.T) {
	t.Parallel()
	srv := newPagesServer(t, map[string]string{
		"/":       "",
		"/nohash": optionsScript(`{hashRoutes: false}`),
	})
	tests := []struct {
		name    string
		path    string
		wantNew bool
	}{
		{"default", "/", true},
		{"hashRoutes false", "/nohash", false},
	}
	// The cases share one tab, because opening a tab takes longer than
	// loading a page.
	tab := browsertest.NewContext(t).NewTab()
	for _, tt := range tests {
		openLibrary(t, tab, srv, tt.path)
		tabBefore := evalScope(t, tab, `sessionUtils.getTabSession()`)
		before := evalScope(t, tab, `sessionUtils.getPageSession()`)

		tab.Eval(hashChangeJS, nil)
		after := evalScope(t, tab, `sessionUtils.getPageSession()`)
		if tt.wantNew {
			checkNavigated(t, tt.name+": getPageSession() after a hash "+
				"change", before, after, "navigation")
		} else if after.ID != before.ID {
			t.Errorf("%s: getPageSession().id after a hash change = %q; "+
				"want %q, unchanged", tt.name, after.ID, before.ID)
		}

		tabAfter := evalScope(t, tab, `sessionUtils.getTabSession()`)
		if tabAfter.ID != tabBefore.ID {
			t.Errorf("%s: getTabSession().id after a hash change = %q; "+
				"want %q", tt.name, tabAfter.ID, tabBefore.ID)
		}
	}
	checkNoErrors(t, tab)
}

// checkNavigated checks that after, the page session that call returned,
// replaced before with reason in the same tab.
func checkNavigated(t *testing.T, call string, before, after scope,
	reason string) {
	t.Helper()
	if after.ID == before.ID {
		t.Errorf("%s: id = %q, as before; want a new id", call, after.ID)
	}
	if after.Reason != reason {
		t.Errorf("%s: reason = %q; want %s", call, after.Reason, reason)
	}
	if after.PreviousID == nil || *after.PreviousID != before.ID {
		t.Errorf("%s: previousId = %v; want %q", call,
			stringOrNil(after.PreviousID), before.ID)
	}
	if after.ParentID != before.ParentID {
		t.Errorf("%s: parentId = %q; want %q, the same tab", call,
			after.ParentID, before.ParentID)
	}
}

func TestChromiumHistoryRoutes(t *testing.T) {
	t.Parallel()
	srv := newPagesServer(t, map[string]string{
		"/":      "",
		"/query": optionsScript(`{queryRoutes: true}`),
	})
	type step struct {
		js      string
		wantNew bool
	}
	tests := []struct {
		name  string
		path  string
		steps []step
	}{
		{"default", "/", []step{
			{`history.pushState({}, "", "/x/y")`, true},
			{`history.replaceState({}, "", "/x/y")`, false},
			{`history.replaceState({}, "", "/x/y?q=1")`, false},
			{`history.pushState({}, "", "/x/y?q=2")`, false},
			{`history.replaceState({}, "", "/x/z?q=2")`, true},
		}},
		{"queryRoutes", "/query", []step{
			{`history.pushState({}, "", "/x/y")`, true},
			{`history.replaceState({}, "", "/x/y")`, false},
			{`history.replaceState({}, "", "/x/y?q=1")`, true},
			{`history.replaceState({}, "", "/x/y?q=1")`, false},
			{`history.pushState({}, "", "/x/y?q=2")`, true},
		}},
	}
	// The cases share one tab, because opening a tab takes longer than
	// loading a page.
	tab := browsertest.NewContext(t).NewTab()
	for _, tt := range tests {
		openLibrary(t, tab, srv, tt.path)
		before := evalScope(t, tab, `sessionUtils.getPageSession()`)
		for _, s := range tt.steps {
			tab.Eval(s.js, nil)
			after := evalScope(t, tab, `sessionUtils.getPageSession()`)
			call := tt.name + ": getPageSession() after " + s.js
			switch {
			case s.wantNew:
				checkNavigated(t, call, before, after, "navigation")
			case after.ID != before.ID:
				t.Errorf("%s: id = %q (reason %s); want %q, unchanged",
					call, after.ID, after.Reason, before.ID)
			}
			before = after
		}
	}
	checkNoErrors(t, tab)
}

func TestChromiumPopstateStartsPageSession(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	openLibrary(t, tab, srv, "/")
	first := evalScope(t, tab, `sessionUtils.getPageSession()`)
	tab.Eval(`history.pushState({}, "", "/x/y")`, nil)
	pushed := evalScope(t, tab, `sessionUtils.getPageSession()`)
	checkNavigated(t, "getPageSession() after pushState", first, pushed,
		"navigation")

	var path string
	tab.Eval(`new Promise((resolve) => {
		addEventListener("popstate", () => resolve(location.pathname),
			{once: true});
		history.back();
	})`, &path)
	if path != "/" {
		t.Fatalf("location.pathname after history.back() = %q; want /", path)
	}
	back := evalScope(t, tab, `sessionUtils.getPageSession()`)
	checkNavigated(t, "getPageSession() after history.back()", pushed, back,
		"navigation")
	if back.ID == first.ID {
		t.Errorf("getPageSession().id after history.back() = %q, the id "+
			"before pushState; want a new id", back.ID)
	}
	checkNoErrors(t, tab)
}

// pageShowScript records the persisted flag of every pageshow event of the
// page in window.pageShows.
const pageShowScript = `<script>
window.pageShows = [];
addEventListener("pageshow", (e) => pageShows.push(e.persisted));
</script>
`

func TestChromiumBackForwardCacheRestore(t *testing.T) {
	t.Parallel()
	srv := newPagesServer(t, map[string]string{"/": pageShowScript})
	tab := browsertest.NewContext(t).NewTab()
	openLibrary(t, tab, srv, "/")
	tabBefore := evalScope(t, tab, `sessionUtils.getTabSession()`)
	before := evalScope(t, tab, `sessionUtils.getPageSession()`)

	// A page restored from the back/forward cache keeps its globals.
	tab.Eval(`window.leftPage = true`, nil)
	tab.Navigate(srv.URL + plainPath)
	if err := tab.TryEval(`history.back()`, nil); err != nil {
		t.Fatalf("history.back() failed: %v", err)
	}
	waitUntil(t, tab, `location.pathname === "/" &&
		document.readyState === "complete" && window.pageShows !== undefined`)

	var restored bool
	tab.Eval(`window.leftPage === true`, &restored)
	if restored {
		waitUntil(t, tab, `pageShows.length === 2`)
		var shows []bool
		tab.Eval(`pageShows`, &shows)
		if !shows[1] {
			t.Errorf("pageshow event after the restore has persisted " +
				"false; want true")
		}
	} else {
		// Chromium did not keep the page in the back/forward cache, so it
		// loaded again. A pageshow event with persisted true is what the
		// library receives on a restore, so the test sends one.
		t.Logf("the page loaded again instead of coming back from the " +
			"back/forward cache; dispatching a pageshow event with " +
			"persisted true")
		awaitReady(t, tab)
		tabBefore = evalScope(t, tab, `sessionUtils.getTabSession()`)
		before = evalScope(t, tab, `sessionUtils.getPageSession()`)
		tab.Eval(`dispatchEvent(new PageTransitionEvent("pageshow",
			{persisted: true}))`, nil)
	}

	after := evalScope(t, tab, `sessionUtils.getPageSession()`)
	checkNavigated(t, "getPageSession() after the restore", before, after,
		"restored")
	tabAfter := evalScope(t, tab, `sessionUtils.getTabSession()`)
	if tabAfter.ID != tabBefore.ID {
		t.Errorf("getTabSession().id after the restore = %q (reason %s); "+
			"want %q", tabAfter.ID, tabAfter.Reason, tabBefore.ID)
	}
	checkNoErrors(t, tab)
}

// raceScript runs in each of the tabs that open together. Once the library
// is ready, the page sets window.raceReady and waits for a message on the
// BroadcastChannel "race". Then it records onChange events, calls
// getSession(), calls it again every 100 ms until one second has passed,
// and resolves window.race with the calls and the events. The script goes
// before the library's script tag, so it waits for DOMContentLoaded, which
// fires after that script has defined window.sessionUtils.
const raceScript = `<script>
window.race = new Promise((resolve) => {
  addEventListener("DOMContentLoaded", () => resolve(sessionUtils.ready.then(
    () => new Promise((start) => {
      new BroadcastChannel("race").onmessage = start;
      window.raceReady = true;
    })).then(() => {
    const events = [];
    sessionUtils.onChange((c) => events.push(c));
    const calls = [];
    const record = () => {
      const s = sessionUtils.getSession();
      calls.push({id: s.id, reason: s.reason, storage: s.storage});
    };
    record();
    return new Promise((done) => {
      for (let k = 1; k <= 10; k++) {
        setTimeout(() => {
          record();
          if (k === 10) {
            done({calls, events});
          }
        }, 100 * k);
      }
    });
  })));
});
</script>
`

// raceResult is what raceScript resolves window.race with.
type raceResult struct {
	Calls []struct {
		ID      string `json:"id"`
		Reason  string `json:"reason"`
		Storage string `json:"storage"`
	} `json:"calls"`
	Events []change `json:"events"`
}

// TestChromiumTabsOpenedTogetherConverge does not call t.Parallel, so that
// other tests do not compete for the CPU while the three tabs start.
func TestChromiumTabsOpenedTogetherConverge(t *testing.T) {
	srv := newPagesServer(t, map[string]string{"/race": raceScript})
	bc := browsertest.NewContext(t)
	tabs := []*browsertest.Tab{bc.NewTab(), bc.NewTab(), bc.NewTab()}
	if cookies := sessionCookies(bc); len(cookies) != 0 {
		t.Fatalf("cookies before the tabs load = %v; want none",
			cookieList(cookies))
	}

	errs := make(chan error, len(tabs))
	for _, tab := range tabs {
		go func() { errs <- tab.TryNavigate(srv.URL + "/race") }()
	}
	for range tabs {
		if err := <-errs; err != nil {
			t.Fatalf("navigating to /race failed: %v", err)
		}
	}

	// The pages can become ready hundreds of milliseconds apart, each
	// compiling the module, and a page that becomes ready after another has
	// written its cookie reads that cookie instead of racing. So each page
	// waits, and one message starts the first calls of all three together.
	for _, tab := range tabs {
		waitUntil(t, tab, `window.raceReady === true`)
	}
	tabs[0].Eval(`new BroadcastChannel("race").postMessage("start")`, nil)

	results := make([]raceResult, len(tabs))
	for i, tab := range tabs {
		tab.Eval(`window.race`, &results[i])
		if len(results[i].Calls) != 11 {
			t.Fatalf("tab %d made %d getSession() calls; want 11", i,
				len(results[i].Calls))
		}
	}

	winner, _ := cookieSession(t, onlySessionCookie(t, bc))["id"].(string)
	for i, r := range results {
		if got := r.Calls[len(r.Calls)-1].ID; got != winner {
			t.Errorf("tab %d: getSession().id one second after the start "+
				"= %q; want %q, the id in the cookie", i, got, winner)
		}
	}

	// Cookies work in these tabs: a cookie that another tab overwrote is
	// no sign of a browser that blocks cookies.
	for i, r := range results {
		for k, c := range r.Calls {
			if c.Storage != "cookie" {
				t.Errorf("tab %d: getSession() call %d: storage = %q, id "+
					"%q; want cookie", i, k, c.Storage, c.ID)
				break
			}
		}
	}

	losers := 0
	for i, r := range results {
		first := r.Calls[0].ID
		adopted := 0
		for _, e := range r.Events {
			if e.Tier == "persisted" && e.Reason == "adopted" {
				adopted++
			}
		}
		if first == winner {
			if adopted != 0 {
				t.Errorf("tab %d kept its first id %q but received "+
					"adopted events: %s", i, first, changeList(r.Events))
			}
			continue
		}

		losers++
		if adopted == 0 {
			t.Errorf("tab %d: first id %q lost to %q, but no onChange "+
				"event has reason adopted: %s", i, first, winner,
				changeList(r.Events))
		}
		final := r.Events[len(r.Events)-1]
		if final.Tier != "persisted" || final.Reason != "adopted" ||
			final.Session == nil || final.Session.ID != winner {
			t.Errorf("tab %d: last onChange event = %s; want persisted, "+
				"adopted, session %q", i, final, winner)
		}
		if reason := r.Calls[len(r.Calls)-1].Reason; reason != "adopted" {
			t.Errorf("tab %d: getSession().reason one second after the start "+
				"= %q; want adopted, because its first id %q lost",
				i, reason, first)
		}
	}
	t.Logf("%d of %d tabs started a session that another tab's replaced",
		losers, len(tabs))
	for _, tab := range tabs {
		checkNoErrors(t, tab)
	}
}

func TestChromiumParentChangeResetsChildren(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	openLibrary(t, tab, srv, "/")
	tab0 := evalScope(t, tab, `sessionUtils.getTabSession()`)
	page0 := evalScope(t, tab, `sessionUtils.getPageSession()`)

	// The tab call comes first: it starts the new tab session.
	p1 := evalPersisted(t, tab, `sessionUtils.setSession()`)
	tab1 := evalScope(t, tab, `sessionUtils.getTabSession()`)
	checkReplaced(t, "getTabSession() after setSession()", tab0, tab1,
		p1.ID)
	page1 := evalScope(t, tab, `sessionUtils.getPageSession()`)
	checkReplaced(t, "getPageSession() after setSession()", page0, page1,
		tab1.ID)

	// The page call comes first: it starts the new tab session itself.
	p2 := evalPersisted(t, tab, `sessionUtils.setSession()`)
	page2 := evalScope(t, tab, `sessionUtils.getPageSession()`)
	tab2 := evalScope(t, tab, `sessionUtils.getTabSession()`)
	checkReplaced(t, "getTabSession() after setSession() and "+
		"getPageSession()", tab1, tab2, p2.ID)
	checkReplaced(t, "getPageSession() after the second setSession()",
		page1, page2, tab2.ID)
	checkNoErrors(t, tab)
}

// checkReplaced checks that after, which call returned, replaced before
// with reason parent, under the session parentID.
func checkReplaced(t *testing.T, call string, before, after scope,
	parentID string) {
	t.Helper()
	if after.ID == before.ID {
		t.Errorf("%s: id = %q, as before; want a new id", call, after.ID)
	}
	if after.Reason != "parent" {
		t.Errorf("%s: reason = %q; want parent", call, after.Reason)
	}
	if after.PreviousID == nil || *after.PreviousID != before.ID {
		t.Errorf("%s: previousId = %v; want %q", call,
			stringOrNil(after.PreviousID), before.ID)
	}
	if after.ParentID != parentID {
		t.Errorf("%s: parentId = %q; want %q", call, after.ParentID,
			parentID)
	}
}

// onChangeJS registers three onChange callbacks after the three sessions
// exist: one that throws, one that records, and a control that records and
// stays registered. It then makes one change of each kind, unregisters the
// first two, and makes one more call.
const onChangeJS = `(async () => {
	const base = {
		persisted: sessionUtils.getSession(),
		tab: sessionUtils.getTabSession(),
		page: sessionUtils.getPageSession(),
	};
	let throws = 0;
	const events = [];
	const control = [];
	const offThrower = sessionUtils.onChange(() => {
		throws++;
		throw new Error("onChange callback failed on purpose");
	});
	const offRecorder = sessionUtils.onChange((c) => events.push(c));
	sessionUtils.onChange((c) => control.push(c));

	const set = sessionUtils.setSession();
	const setTab = sessionUtils.setTabSession();
	const setPage = sessionUtils.setPageSession();
	await new Promise((resolve) => {
		addEventListener("hashchange", resolve, {once: true});
		location.hash = "#/b";
	});
	const navPage = sessionUtils.getPageSession();
	const removed = sessionUtils.removeSession();

	offThrower();
	offRecorder();
	const afterOff = sessionUtils.setPageSession();
	return {base, set, setTab, setPage, navPage,
		removedUndefined: removed === undefined, afterOff,
		throws, events, control};
})()`

func TestChromiumOnChangeEvents(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	openLibrary(t, tab, srv, "/")

	var got struct {
		Base struct {
			Persisted persisted
			Tab       scope
			Page      scope
		}
		Set              persisted
		SetTab           scope
		SetPage          scope
		NavPage          scope
		RemovedUndefined bool
		AfterOff         scope
		Throws           int
		Events           []change
		Control          []change
	}
	tab.Eval(onChangeJS, &got)

	counts := map[string]int{}
	for _, e := range got.Events {
		counts[e.Tier]++
	}
	wantCounts := map[string]int{"persisted": 2, "tab": 1, "page": 2}
	for tier, n := range wantCounts {
		if counts[tier] != n {
			t.Errorf("onChange events for tier %s = %d; want %d (events %s)",
				tier, counts[tier], n, changeList(got.Events))
		}
	}

	want := []struct {
		call   string
		tier   string
		reason string
		oldID  string
		newID  string // empty for a removal
	}{
		{"setSession()", "persisted", "set", got.Base.Persisted.ID, got.Set.ID},
		{"setTabSession()", "tab", "set", got.Base.Tab.ID, got.SetTab.ID},
		{"setPageSession()", "page", "set", got.Base.Page.ID, got.SetPage.ID},
		{"the hash change", "page", "navigation", got.SetPage.ID, got.NavPage.ID},
		{"removeSession()", "persisted", "removed", got.Set.ID, ""},
	}
	if len(got.Events) != len(want) {
		t.Fatalf("onChange events = %s; want %d, one per change",
			changeList(got.Events), len(want))
	}
	for i, w := range want {
		e := got.Events[i]
		if e.Tier != w.tier {
			t.Errorf("event %d, for %s: tier = %q; want %s", i, w.call,
				e.Tier, w.tier)
		}
		if e.Reason != w.reason {
			t.Errorf("event %d, for %s: reason = %q; want %s", i, w.call,
				e.Reason, w.reason)
		}
		if e.OldID == nil || *e.OldID != w.oldID {
			t.Errorf("event %d, for %s: oldId = %v; want %q", i, w.call,
				stringOrNil(e.OldID), w.oldID)
		}
		switch {
		case w.newID == "" && e.Session != nil:
			t.Errorf("event %d, for %s: session.id = %q; want null", i,
				w.call, e.Session.ID)
		case w.newID != "" && e.Session == nil:
			t.Errorf("event %d, for %s: session = null; want id %q", i,
				w.call, w.newID)
		case w.newID != "" && e.Session.ID != w.newID:
			t.Errorf("event %d, for %s: session.id = %q; want %q, the id "+
				"the call returned", i, w.call, e.Session.ID, w.newID)
		}
	}
	if !got.RemovedUndefined {
		t.Errorf("removeSession() with onChange callbacks returned a " +
			"value; want undefined")
	}

	// The control callback stayed registered and saw the call after the
	// other two were unregistered: a new persisted session after the
	// removal, a tab session under it and the page session that
	// setPageSession() started.
	if len(got.Control) != len(want)+3 {
		t.Fatalf("control callback events = %s; want %d",
			changeList(got.Control), len(want)+3)
	}
	for i := range want {
		if got.Control[i].String() != got.Events[i].String() {
			t.Errorf("control event %d = %s; want %s, as the recorder "+
				"received", i, got.Control[i], got.Events[i])
		}
	}
	tail := got.Control[len(want):]
	wantTail := []struct{ tier, reason string }{
		{"persisted", "removed"}, {"tab", "parent"}, {"page", "set"},
	}
	for i, w := range wantTail {
		if tail[i].Tier != w.tier || tail[i].Reason != w.reason {
			t.Errorf("control event %d after unsubscribe = %s; want tier "+
				"%s, reason %s", len(want)+i, tail[i], w.tier, w.reason)
		}
	}
	if last := tail[2]; last.Session == nil || last.Session.ID != got.AfterOff.ID {
		t.Errorf("control event for setPageSession() after unsubscribe = "+
			"%s; want session %q", last, got.AfterOff.ID)
	}

	// The throwing callback ran once per change before it was
	// unregistered, and the loader reported each exception.
	if got.Throws != len(want) {
		t.Errorf("throwing callback ran %d times; want %d", got.Throws,
			len(want))
	}
	errs := tab.Errors()
	if len(errs) != got.Throws {
		t.Errorf("page errors = %q; want %d, one per exception of the "+
			"throwing callback", errs, got.Throws)
	}
	for _, e := range errs {
		if !strings.Contains(e, "onChange callback failed on purpose") {
			t.Errorf("page error %q; want only the throwing callback's "+
				"exceptions", e)
		}
	}
}
