//go:build !(js && wasm)

package e2e

import (
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/sessionutils/session/internal/browsertest"
)

// storageSnapshotJS returns document.cookie and every sessionStorage entry.
const storageSnapshotJS = `({
	cookie: document.cookie,
	storage: JSON.stringify(Object.fromEntries(
		Object.keys(sessionStorage).sort().map((k) => [k, sessionStorage.getItem(k)]))),
})`

// storageSnapshot is what storageSnapshotJS returns.
type storageSnapshot struct {
	Cookie  string `json:"cookie"`
	Storage string `json:"storage"`
}

// peekManyJS calls the three peek functions every 10 ms for 400 ms and
// returns every result, with the clock before the first call and after
// the last.
const peekManyJS = `(async () => {
	const start = Date.now();
	const results = [];
	while (Date.now() - start < 400) {
		results.push({
			persisted: sessionUtils.peekSession(),
			tab: sessionUtils.peekTabSession(),
			page: sessionUtils.peekPageSession(),
		});
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	return {start, end: Date.now(), results};
})()`

func TestChromiumPeekWritesNothing(t *testing.T) {
	t.Parallel()
	// With refreshInterval 100, a getSession() call more than 100 ms after
	// the last write writes the cookie again, so the 400 ms of peeks would
	// show a write if a peek counted as activity.
	srv := newPagesServer(t, map[string]string{
		"/": optionsScript(`{refreshInterval: 100}`),
	})

	t.Run("existing session", func(t *testing.T) {
		bc := browsertest.NewContext(t)
		tab := bc.NewTab()
		openLibrary(t, tab, srv, "/")
		p := evalPersisted(t, tab, `sessionUtils.getSession()`)
		tabSession := evalScope(t, tab, `sessionUtils.getTabSession()`)
		page := evalScope(t, tab, `sessionUtils.getPageSession()`)
		// The tab and page calls count as activity too. On a slow machine
		// one of them can pass the 100 ms refresh interval and move the
		// expiry, so the peeks are compared with what is stored now.
		p = evalPersisted(t, tab, `sessionUtils.peekSession()`)

		var before storageSnapshot
		tab.Eval(storageSnapshotJS, &before)
		cookieBefore := onlySessionCookie(t, bc)

		var got struct {
			Start   float64
			End     float64
			Results []struct {
				Persisted *persisted
				Tab       *scope
				Page      *scope
			}
		}
		tab.Eval(peekManyJS, &got)
		if len(got.Results) < 2 || got.End <= got.Start {
			t.Fatalf("peeks: %d rounds from %s to %s; want several rounds "+
				"over more than 0 ms", len(got.Results), num(got.Start),
				num(got.End))
		}
		for i, r := range got.Results {
			switch {
			case r.Persisted == nil:
				t.Errorf("round %d: peekSession() = null; want id %q", i, p.ID)
			case r.Persisted.ID != p.ID || r.Persisted.Expires != p.Expires:
				t.Errorf("round %d: peekSession() = id %q, expires %s; "+
					"want id %q, expires %s", i, r.Persisted.ID,
					num(r.Persisted.Expires), p.ID, num(p.Expires))
			}
			if r.Tab == nil || r.Tab.ID != tabSession.ID {
				t.Errorf("round %d: peekTabSession() = %+v; want id %q", i,
					r.Tab, tabSession.ID)
			}
			if r.Page == nil || r.Page.ID != page.ID {
				t.Errorf("round %d: peekPageSession() = %+v; want id %q", i,
					r.Page, page.ID)
			}
		}

		var after storageSnapshot
		tab.Eval(storageSnapshotJS, &after)
		if after.Cookie != before.Cookie {
			t.Errorf("document.cookie after peeks = %q; want %q",
				after.Cookie, before.Cookie)
		}
		if after.Storage != before.Storage {
			t.Errorf("sessionStorage after peeks = %s; want %s",
				after.Storage, before.Storage)
		}
		cookieAfter := onlySessionCookie(t, bc)
		if cookieAfter.Value != cookieBefore.Value {
			t.Errorf("cookie value after peeks = %q; want %q",
				cookieAfter.Value, cookieBefore.Value)
		}
		if cookieAfter.Expires != cookieBefore.Expires {
			t.Errorf("cookie expires after peeks = %s; want %s",
				num(cookieAfter.Expires), num(cookieBefore.Expires))
		}

		// getSession() now writes the cookie, which shows that the peeks
		// lasted long enough to see a write.
		evalPersisted(t, tab, `sessionUtils.getSession()`)
		if c := onlySessionCookie(t, bc); c.Value == cookieBefore.Value {
			t.Errorf("cookie value after getSession() = %q, as before "+
				"the peeks; want the expiry moved", c.Value)
		}
		checkNoErrors(t, tab)
	})

	t.Run("no session", func(t *testing.T) {
		bc := browsertest.NewContext(t)
		tab := bc.NewTab()
		openLibrary(t, tab, srv, "/")

		var got struct {
			Persisted any
			Tab       any
			Page      any
			Cookie    string
			Item      *string
		}
		tab.Eval(`(() => {
			const r = {};
			for (let i = 0; i < 10; i++) {
				r.persisted = sessionUtils.peekSession();
				r.tab = sessionUtils.peekTabSession();
				r.page = sessionUtils.peekPageSession();
			}
			r.cookie = document.cookie;
			r.item = sessionStorage.getItem("__session_tab");
			return r;
		})()`, &got)

		if got.Persisted != nil {
			t.Errorf("peekSession() without a session = %v; want null",
				got.Persisted)
		}
		if got.Tab != nil {
			t.Errorf("peekTabSession() without a session = %v; want null",
				got.Tab)
		}
		if got.Page != nil {
			t.Errorf("peekPageSession() without a session = %v; want null",
				got.Page)
		}
		if got.Cookie != "" {
			t.Errorf("document.cookie after peeks = %q; want empty",
				got.Cookie)
		}
		if got.Item != nil {
			t.Errorf("sessionStorage __session_tab after peeks = %q; "+
				"want null", *got.Item)
		}

		if cookies := bc.Cookies(); len(cookies) != 0 {
			t.Errorf("cookies after peeks = %v; want none",
				cookieList(cookies))
		}
		checkNoErrors(t, tab)
	})
}

func TestChromiumSlidingExpiry(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	openLibrary(t, tab, srv, "/")

	// setSession(0.05) lasts 3 s. Calls every 0.5 s for 4 s keep it alive
	// past its first expiry, then 3.5 s without a call end it.
	var got struct {
		Set   persisted
		Calls []persisted
		After persisted
	}
	tab.Eval(`(async () => {
		const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
		const set = sessionUtils.setSession(0.05);
		const calls = [];
		for (let i = 0; i < 8; i++) {
			await sleep(500);
			calls.push(sessionUtils.getSession());
		}
		await sleep(3500);
		return {set, calls, after: sessionUtils.getSession()};
	})()`, &got)

	if got.Set.Duration != 3000 {
		t.Errorf("setSession(0.05).duration = %s; want 3000",
			num(got.Set.Duration))
	}
	expires := got.Set.Expires
	for i, c := range got.Calls {
		if c.ID != got.Set.ID {
			t.Errorf("getSession() %d at elapsed %s ms: id = %q (reason %s); "+
				"want %q", i, num(c.Elapsed), c.ID, c.Reason, got.Set.ID)
			continue
		}
		if c.Expires <= expires {
			t.Errorf("getSession() %d: expires = %s; want later than %s",
				i, num(c.Expires), num(expires))
		}
		expires = c.Expires
	}
	if last := got.Calls[len(got.Calls)-1]; last.Elapsed <= got.Set.Duration {
		t.Errorf("last getSession(): elapsed = %s; want more than the "+
			"duration %s", num(last.Elapsed), num(got.Set.Duration))
	}

	if got.After.ID == got.Set.ID {
		t.Fatalf("getSession().id after 3.5 s idle = %q, as before; "+
			"want a new id", got.After.ID)
	}
	if got.After.Reason != "expired-idle" {
		t.Errorf("getSession().reason after 3.5 s idle = %q; "+
			"want expired-idle", got.After.Reason)
	}
	if got.After.PreviousID == nil || *got.After.PreviousID != got.Set.ID {
		t.Errorf("getSession().previousId after 3.5 s idle = %v; want %q",
			stringOrNil(got.After.PreviousID), got.Set.ID)
	}
	if !got.After.IsNew {
		t.Errorf("getSession().isNew after 3.5 s idle = false; want true")
	}
	checkNoErrors(t, tab)
}

func TestChromiumMaxLifetime(t *testing.T) {
	t.Parallel()
	srv := newPagesServer(t, map[string]string{
		"/": optionsScript(`{maxLifetime: 2000}`),
	})
	tab := browsertest.NewContext(t).NewTab()
	openLibrary(t, tab, srv, "/")

	// Each call records the clock before and after it, so that the check
	// below does not depend on how late a timer fires.
	var got struct {
		First persisted
		Calls []struct {
			Before  float64
			After   float64
			Session persisted
		}
	}
	tab.Eval(`(async () => {
		const first = sessionUtils.getSession();
		const calls = [];
		for (let i = 0; i < 10; i++) {
			await new Promise((resolve) => setTimeout(resolve, 300));
			const before = Date.now();
			const session = sessionUtils.getSession();
			calls.push({before, session, after: Date.now()});
		}
		return {first, calls};
	})()`, &got)

	end := got.First.Created + 2000
	if got.First.Expires != end {
		t.Errorf("getSession().expires = %s; want created + 2000 = %s, "+
			"the cap", num(got.First.Expires), num(end))
	}
	var next *persisted
	for i, c := range got.Calls {
		s := c.Session
		switch {
		case c.After < end && s.ID != got.First.ID:
			t.Errorf("getSession() %d, %s ms after the start: id = %q "+
				"(reason %s); want %q", i, num(c.After-got.First.Created),
				s.ID, s.Reason, got.First.ID)
		case c.Before >= end && s.ID == got.First.ID:
			t.Errorf("getSession() %d, %s ms after the start: id = %q, "+
				"as before; want a new id past maxLifetime", i,
				num(c.Before-got.First.Created), s.ID)
		case s.ID != got.First.ID && next == nil:
			next = &got.Calls[i].Session
		}
	}
	if next == nil {
		t.Fatalf("no getSession() call returned a new id within %s ms",
			num(got.Calls[len(got.Calls)-1].After-got.First.Created))
	}
	if next.Reason != "expired-max" {
		t.Errorf("first new getSession(): reason = %q; want expired-max",
			next.Reason)
	}
	if next.PreviousID == nil || *next.PreviousID != got.First.ID {
		t.Errorf("first new getSession(): previousId = %v; want %q",
			stringOrNil(next.PreviousID), got.First.ID)
	}
	if !next.IsNew {
		t.Errorf("first new getSession(): isNew = false; want true")
	}
	checkNoErrors(t, tab)
}

// blockCookieScript makes every read and write of document.cookie throw, as
// a browser that blocks cookies for the site does.
const blockCookieScript = `<script>
Object.defineProperty(Document.prototype, "cookie", {
	get() { throw new Error("blocked"); },
	set(v) { throw new Error("blocked"); },
});
</script>
`

func TestChromiumBlockedCookieUsesMemory(t *testing.T) {
	t.Parallel()
	srv := newPagesServer(t, map[string]string{"/": blockCookieScript})
	bc := browsertest.NewContext(t)
	tab := bc.NewTab()
	openLibrary(t, tab, srv, "/")

	calls := []string{
		`sessionUtils.getSession()`,
		`sessionUtils.getSession()`,
		`sessionUtils.setSession(30, {plan: "pro"}, true)`,
		`sessionUtils.getSession()`,
	}
	var got struct {
		Calls []persistedStored
		Tab   scopeStored
		Page  scopeStored
		Peek  *persistedStored
	}
	tab.Eval(`({
		calls: [`+strings.Join(calls, ", ")+`],
		tab: sessionUtils.getTabSession(),
		page: sessionUtils.getPageSession(),
		peek: sessionUtils.peekSession(),
	})`, &got)

	id := got.Calls[0].ID
	for i, c := range got.Calls {
		if c.ID != id {
			t.Errorf("call %d, %s: id = %q; want %q, the first call's", i,
				calls[i], c.ID, id)
		}
		if c.Storage != "memory" {
			t.Errorf("call %d, %s: storage = %q; want memory", i, calls[i],
				c.Storage)
		}
		if c.Persists == nil || *c.Persists {
			t.Errorf("call %d, %s: persists = %v; want false", i, calls[i],
				boolOrNil(c.Persists))
		}
	}
	if got.Tab.ParentID != id {
		t.Errorf("getTabSession().parentId = %q; want %q", got.Tab.ParentID, id)
	}
	if got.Page.ParentID != got.Tab.ID {
		t.Errorf("getPageSession().parentId = %q; want %q",
			got.Page.ParentID, got.Tab.ID)
	}
	if got.Peek == nil || got.Peek.ID != id {
		t.Errorf("peekSession() = %+v; want id %q", got.Peek, id)
	}
	if cookies := bc.Cookies(); len(cookies) != 0 {
		t.Errorf("cookies = %v; want none", cookieList(cookies))
	}
	checkNoErrors(t, tab)
}

// boolOrNil returns *b, or nil for a nil b, for messages.
func boolOrNil(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

// blockStorageScript makes sessionStorage.setItem throw, as a full or
// blocked storage does.
const blockStorageScript = `<script>
Storage.prototype.setItem = function () {
	throw new DOMException("quota", "QuotaExceededError");
};
</script>
`

func TestChromiumBlockedStorageUsesMemory(t *testing.T) {
	t.Parallel()
	srv := newPagesServer(t, map[string]string{"/": blockStorageScript})
	tab := browsertest.NewContext(t).NewTab()
	openLibrary(t, tab, srv, "/")

	var got struct {
		Tabs []scopeStored
		Page scopeStored
		Keys []string
	}
	tab.Eval(`({
		tabs: [sessionUtils.getTabSession(), sessionUtils.getTabSession(),
			sessionUtils.getTabSession()],
		page: sessionUtils.getPageSession(),
		keys: Object.keys(sessionStorage),
	})`, &got)

	id := got.Tabs[0].ID
	for i, s := range got.Tabs {
		if s.ID != id {
			t.Errorf("getTabSession() %d: id = %q; want %q, the first "+
				"call's", i, s.ID, id)
		}
		if s.Storage != "memory" {
			t.Errorf("getTabSession() %d: storage = %q; want memory", i,
				s.Storage)
		}
		if s.Persists == nil || *s.Persists {
			t.Errorf("getTabSession() %d: persists = %v; want false", i,
				boolOrNil(s.Persists))
		}
	}
	if got.Page.ParentID != id {
		t.Errorf("getPageSession().parentId = %q; want %q",
			got.Page.ParentID, id)
	}
	if len(got.Keys) != 0 {
		t.Errorf("sessionStorage keys = %q; want none", got.Keys)
	}
	checkNoErrors(t, tab)
}

func TestChromiumRejectedExtraKeepsSession(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tests := []struct {
		extra       string
		wantMessage []string
	}{
		{`{big: "x".repeat(5000)}`, []string{"size limit"}},
		{`{id: "mine"}`, []string{"reserved", `"id"`}},
	}
	// The cases share one tab, because opening a tab takes longer than
	// loading a page.
	bc := browsertest.NewContext(t)
	tab := bc.NewTab()
	openLibrary(t, tab, srv, "/")
	for _, tt := range tests {
		before := evalPersisted(t, tab, `sessionUtils.getSession()`)
		cookieBefore := onlySessionCookie(t, bc)

		call := fmt.Sprintf(`sessionUtils.setSession(30, %s)`, tt.extra)
		var got struct {
			Thrown thrown
			Events []change
		}
		tab.Eval(fmt.Sprintf(`(() => {
			const events = [];
			const off = sessionUtils.onChange((c) => events.push(c));
			const thrown = %s(() => %s);
			off();
			return {thrown, events};
		})()`, catchJS, call), &got)

		if !got.Thrown.Threw {
			t.Errorf("%s did not throw", call)
		}
		if got.Thrown.Threw && !got.Thrown.IsError {
			t.Errorf("%s threw a value that is not an Error", call)
		}
		for _, want := range tt.wantMessage {
			if got.Thrown.Threw && !strings.Contains(got.Thrown.Message, want) {
				t.Errorf("%s threw %q; want a message that contains %s",
					call, got.Thrown.Message, want)
			}
		}
		if len(got.Events) != 0 {
			t.Errorf("onChange events during %s = %s; want none", call,
				changeList(got.Events))
		}
		if c := onlySessionCookie(t, bc); c.Value != cookieBefore.Value {
			t.Errorf("cookie value after %s = %q; want %q", call,
				c.Value, cookieBefore.Value)
		}

		after := evalPersisted(t, tab, `sessionUtils.getSession()`)
		if after.ID != before.ID {
			t.Errorf("getSession().id after %s = %q; want %q", call,
				after.ID, before.ID)
		}
		if after.Plan != nil {
			t.Errorf("getSession().plan after %s = %q; want none", call,
				*after.Plan)
		}
	}
	checkNoErrors(t, tab)
}

func TestChromiumDomainOptionSharesCookie(t *testing.T) {
	t.Parallel()
	srv := newPagesServer(t, map[string]string{
		"/parent":    optionsScript(`{domain: "app.localhost"}`),
		"/localhost": optionsScript(`{domain: "localhost"}`),
	})
	// Chromium resolves every name under localhost to loopback. The
	// browser's host resolver rules leave those names alone.
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	origin := func(host string) string {
		return fmt.Sprintf("http://%s:%d", host, port)
	}
	bc := browsertest.NewContext(t)
	tab := bc.NewTab()
	sub := origin("sub.app.localhost") + "/parent"
	if err := tab.TryNavigate(sub); err != nil {
		t.Fatalf("navigating to %s failed: %v; the browser must resolve "+
			"sub.app.localhost to 127.0.0.1", sub, err)
	}
	awaitReady(t, tab)

	var p persistedStored
	tab.Eval(`sessionUtils.getSession()`, &p)
	if p.Storage != "cookie" {
		t.Errorf("getSession().storage on %s = %q; want cookie", sub,
			p.Storage)
	}
	c := onlySessionCookie(t, bc)
	// Chromium reports a cookie set with a Domain attribute with a leading
	// dot, and a host-only cookie without one.
	if c.Domain != ".app.localhost" {
		t.Errorf("cookie Domain = %q; want .app.localhost, so that every "+
			"host under app.localhost shares it", c.Domain)
	}
	if id := cookieSession(t, c)["id"]; id != p.ID {
		t.Errorf("cookie id = %v; want %q", id, p.ID)
	}

	// The parent host reads the session that the subdomain wrote.
	parent := origin("app.localhost") + "/parent"
	if err := tab.TryNavigate(parent); err != nil {
		t.Fatalf("navigating to %s failed: %v", parent, err)
	}
	awaitReady(t, tab)
	shared := evalPersisted(t, tab, `sessionUtils.getSession()`)
	if shared.ID != p.ID {
		t.Errorf("getSession().id on %s = %q; want %q from %s", parent,
			shared.ID, p.ID, sub)
	}

	// Chromium 156 ignores a cookie with Domain=localhost set from
	// app.localhost, so the library rejects the option.
	bare := origin("app.localhost") + "/localhost"
	if err := tab.TryNavigate(bare); err != nil {
		t.Fatalf("navigating to %s failed: %v", bare, err)
	}
	var ready thrown
	tab.Eval(readyOutcomeJS, &ready)
	if !ready.Threw {
		t.Errorf("sessionUtils.ready with domain localhost resolved; " +
			"want a rejection")
	}
	if !strings.Contains(ready.Message, `"localhost"`) ||
		!strings.Contains(ready.Message, "public suffix") {
		t.Errorf("sessionUtils.ready with domain localhost rejected with "+
			"%q; want a message that names the domain as a public suffix",
			ready.Message)
	}
	checkNoErrors(t, tab)
}

func TestChromiumInvalidOptionsRejectReady(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		head        string
		wantMessage []string
	}{
		{"sameSite None on http", optionsScript(`{sameSite: "None"}`),
			[]string{"sameSite", "https"}},
		{"unknown option", optionsScript(`{cookieNmae: "sid"}`),
			[]string{"unknown option", `"cookieNmae"`}},
		{"domain of another site", optionsScript(`{domain: "example.com"}`),
			[]string{`"example.com"`, `"127.0.0.1"`}},
		{"wrong type", optionsScript(`{timeout: "30m"}`),
			[]string{`"timeout"`, "milliseconds"}},
	}
	pages := map[string]string{}
	for i, tt := range tests {
		pages[fmt.Sprintf("/case%d", i)] = tt.head
	}
	srv := newPagesServer(t, pages)

	// The cases share one tab, because opening a tab takes longer than
	// loading a page. No case writes a cookie.
	bc := browsertest.NewContext(t)
	tab := bc.NewTab()
	for i, tt := range tests {
		tab.Navigate(fmt.Sprintf("%s/case%d", srv.URL, i))

		var ready thrown
		tab.Eval(readyOutcomeJS, &ready)
		if !ready.Threw {
			t.Errorf("%s: sessionUtils.ready resolved; want a rejection",
				tt.name)
			continue
		}
		if !ready.IsError {
			t.Errorf("%s: sessionUtils.ready rejected with a value that is "+
				"not an Error", tt.name)
		}
		for _, want := range tt.wantMessage {
			if !strings.Contains(ready.Message, want) {
				t.Errorf("%s: sessionUtils.ready rejected with %q; want a "+
					"message that contains %s", tt.name, ready.Message, want)
			}
		}

		// The calls keep throwing rather than run with defaults.
		var call thrown
		tab.Eval(catchJS+`(() => sessionUtils.getSession())`, &call)
		if !call.Threw {
			t.Errorf("%s: getSession() after ready rejected returned; "+
				"want it to throw", tt.name)
		}
		if cookies := bc.Cookies(); len(cookies) != 0 {
			t.Errorf("%s: cookies = %v; want none", tt.name,
				cookieList(cookies))
		}
	}
	checkNoErrors(t, tab)
}

// infoLogScript records the text of every console.info call in
// window.infoLog, and still passes it to the console.
const infoLogScript = `<script>
window.infoLog = [];
const originalInfo = console.info;
console.info = function (...args) {
	infoLog.push(args.map(String).join(" "));
	return originalInfo.apply(this, args);
};
</script>
`

// changeCallsJS makes seven changes and returns the onChange events and
// window.infoLog. getPageSession() starts three sessions, setSession() one,
// setPageSession() a tab and a page session under it, and removeSession()
// removes one.
const changeCallsJS = `(() => {
	const events = [];
	sessionUtils.onChange((c) => events.push(c));
	sessionUtils.getPageSession();
	sessionUtils.setSession();
	sessionUtils.setPageSession();
	sessionUtils.removeSession();
	return {events, logs: window.infoLog};
})()`

func TestChromiumDebugLogsChanges(t *testing.T) {
	t.Parallel()
	srv := newPagesServer(t, map[string]string{
		"/debug": infoLogScript + optionsScript(`{debug: true}`),
		"/quiet": infoLogScript,
	})
	// The pages share one tab, because opening a tab takes longer than
	// loading a page. removeSession() at the end of the first page leaves
	// the second page to start a persisted session again.
	tab := browsertest.NewContext(t).NewTab()
	type result struct {
		Events []change
		Logs   []string
	}

	openLibrary(t, tab, srv, "/debug")
	var debug result
	tab.Eval(changeCallsJS, &debug)
	if len(debug.Events) != 7 {
		t.Errorf("onChange events with debug = %s; want 7",
			changeList(debug.Events))
	}
	if len(debug.Logs) != len(debug.Events) {
		t.Errorf("console.info with debug = %q; want %d messages, one per "+
			"change %s", debug.Logs, len(debug.Events),
			changeList(debug.Events))
	} else {
		for i, e := range debug.Events {
			want := []string{e.Tier, e.Reason}
			if e.Session != nil {
				want = append(want, e.Session.ID)
			}
			if e.OldID != nil {
				want = append(want, *e.OldID)
			}
			for _, w := range want {
				if !strings.Contains(debug.Logs[i], w) {
					t.Errorf("console.info message %d = %q; want it to "+
						"contain %q, for change %s", i, debug.Logs[i], w, e)
				}
			}
		}
	}

	openLibrary(t, tab, srv, "/quiet")
	var quiet result
	tab.Eval(changeCallsJS, &quiet)
	if len(quiet.Events) != 7 {
		t.Errorf("onChange events without debug = %s; want 7",
			changeList(quiet.Events))
	}
	if len(quiet.Logs) != 0 {
		t.Errorf("console.info without debug = %q; want none", quiet.Logs)
	}
	checkNoErrors(t, tab)
}
