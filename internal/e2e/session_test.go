//go:build !(js && wasm)

package e2e

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"

	"github.com/sessionutils/session/internal/browsertest"
)

func TestChromiumTwoTabsShareSession(t *testing.T) {
	srv := newServer(t)
	bc := browsertest.NewContext(t)
	first := bc.NewTab()
	openLibrary(t, first, srv, "/")
	p1 := evalPersisted(t, first, `sessionUtils.getSession()`)
	tab1 := evalScope(t, first, `sessionUtils.getTabSession()`)

	second := bc.NewTab()
	openLibrary(t, second, srv, "/")
	p2 := evalPersisted(t, second, `sessionUtils.getSession()`)
	tab2 := evalScope(t, second, `sessionUtils.getTabSession()`)

	if p2.ID != p1.ID {
		t.Errorf("getSession().id in second tab = %q; want %q from first tab",
			p2.ID, p1.ID)
	}
	if p2.IsNew {
		t.Errorf("getSession().isNew in second tab = true; want false, " +
			"because the first tab started the session")
	}
	if tab2.ID == tab1.ID {
		t.Errorf("getTabSession().id = %q in both tabs; want different ids",
			tab1.ID)
	}
	if tab1.ParentID != p1.ID {
		t.Errorf("getTabSession().parentId in first tab = %q; want %q",
			tab1.ParentID, p1.ID)
	}
	if tab2.ParentID != p1.ID {
		t.Errorf("getTabSession().parentId in second tab = %q; want %q",
			tab2.ParentID, p1.ID)
	}

	// The first tab keeps its own tab session after the second one started.
	again := evalScope(t, first, `sessionUtils.getTabSession()`)
	if again.ID != tab1.ID {
		t.Errorf("getTabSession().id in first tab = %q later; want %q",
			again.ID, tab1.ID)
	}
	checkNoErrors(t, first)
	checkNoErrors(t, second)
}

func TestChromiumReloadKeepsTabSession(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	openLibrary(t, tab, srv, "/")
	p1 := evalPersisted(t, tab, `sessionUtils.getSession()`)
	tab1 := evalScope(t, tab, `sessionUtils.getTabSession()`)
	page1 := evalScope(t, tab, `sessionUtils.getPageSession()`)

	tab.Reload()
	tab.Eval(`sessionUtils.ready.then(() => true)`, nil)
	p2 := evalPersisted(t, tab, `sessionUtils.getSession()`)
	tab2 := evalScope(t, tab, `sessionUtils.getTabSession()`)
	page2 := evalScope(t, tab, `sessionUtils.getPageSession()`)

	if p2.ID != p1.ID {
		t.Errorf("getSession().id after reload = %q; want %q", p2.ID, p1.ID)
	}
	if tab2.ID != tab1.ID {
		t.Errorf("getTabSession().id after reload = %q; want %q",
			tab2.ID, tab1.ID)
	}
	if tab2.IsNew {
		t.Errorf("getTabSession().isNew after reload = true; want false")
	}
	if page2.ID == page1.ID {
		t.Errorf("getPageSession().id after reload = %q, as before; "+
			"want a new id", page2.ID)
	}
	if page2.ParentID != tab1.ID {
		t.Errorf("getPageSession().parentId after reload = %q; want %q",
			page2.ParentID, tab1.ID)
	}
	checkNoErrors(t, tab)
}

func TestChromiumOtherPathSharesSession(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	openLibrary(t, tab, srv, "/a/b/page.html")
	first := evalPersisted(t, tab, `sessionUtils.getSession()`)

	for _, path := range []string{"/other/path", "/"} {
		openLibrary(t, tab, srv, path)
		got := evalPersisted(t, tab, `sessionUtils.getSession()`)
		if got.ID != first.ID {
			t.Errorf("getSession().id on %s = %q; want %q from /a/b/page.html",
				path, got.ID, first.ID)
		}
		if got.IsNew {
			t.Errorf("getSession().isNew on %s = true; want false", path)
		}
	}
	checkNoErrors(t, tab)
}

func TestChromiumCookieAttributes(t *testing.T) {
	srv := newServer(t)
	bc := browsertest.NewContext(t)
	tab := bc.NewTab()
	// On this path a cookie without Path=/ would get the path /a/b.
	openLibrary(t, tab, srv, "/a/b/page.html")
	p := evalPersisted(t, tab, `sessionUtils.getSession()`)

	cookies := sessionCookies(bc)
	if len(cookies) != 1 {
		t.Fatalf("cookies named %s = %d (%v); want 1", cookieName,
			len(cookies), cookieList(cookies))
	}
	c := cookies[0]
	if c.Path != "/" {
		t.Errorf("cookie Path = %q; want /", c.Path)
	}
	if c.SameSite != network.CookieSameSiteLax {
		t.Errorf("cookie SameSite = %q; want Lax", c.SameSite)
	}
	if c.HTTPOnly {
		t.Errorf("cookie HttpOnly = true; want false, so the page can read it")
	}
	// 127.0.0.1 counts as a secure context, so Chromium would store a
	// Secure cookie here, and a Secure flag on plain http would show.
	if c.Secure {
		t.Errorf("cookie Secure = true on http; want false")
	}
	if c.Session || c.Expires <= 0 {
		t.Fatalf("cookie Session = %v, Expires = %s; want an expiry",
			c.Session, num(c.Expires))
	}
	expires := time.UnixMilli(int64(c.Expires * 1000))
	want := time.UnixMilli(int64(p.Expires))
	if d := expires.Sub(want).Abs(); d > 5*time.Second {
		t.Errorf("cookie expires %v; want about the session's expires %v",
			expires, want)
	}

	fields := cookieSession(t, c)
	if fields["id"] != p.ID {
		t.Errorf("cookie id = %v; want %q from getSession()", fields["id"], p.ID)
	}
	if strings.ContainsAny(c.Value, `"{}, ;`) {
		t.Errorf("cookie value %q has characters that "+
			"encodeURIComponent encodes", c.Value)
	}
	checkNoErrors(t, tab)
}

// cookieList returns the path and value of each cookie, for messages.
func cookieList(cookies []*network.Cookie) []string {
	var list []string
	for _, c := range cookies {
		list = append(list, fmt.Sprintf("%s@%s=%s", c.Name, c.Path, c.Value))
	}
	return list
}

func TestChromiumSetSessionWithExtra(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	openLibrary(t, tab, srv, "/")
	before := evalPersisted(t, tab, `sessionUtils.getSession()`)

	set := evalPersisted(t, tab, `sessionUtils.setSession(30, {plan: "pro"})`)
	if set.ID == before.ID {
		t.Errorf("setSession(30, {plan}).id = %q, as before; want a new id",
			set.ID)
	}
	if set.Plan == nil || *set.Plan != "pro" {
		t.Errorf("setSession(30, {plan: \"pro\"}).plan = %v; want \"pro\"",
			stringOrNil(set.Plan))
	}
	if set.Duration != 30*60*1000 {
		t.Errorf("setSession(30).duration = %s; want 1800000",
			num(set.Duration))
	}

	got := evalPersisted(t, tab, `sessionUtils.getSession()`)
	if got.ID != set.ID {
		t.Errorf("getSession().id after setSession = %q; want %q",
			got.ID, set.ID)
	}
	if got.Plan == nil || *got.Plan != "pro" {
		t.Errorf("getSession().plan after setSession = %v; want \"pro\"",
			stringOrNil(got.Plan))
	}
	checkNoErrors(t, tab)
}

// num formats a number of the JavaScript API in full, for messages.
func num(x float64) string {
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// stringOrNil returns *s, or nil for a nil s, for messages.
func stringOrNil(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func TestChromiumExtendSessionMovesExpiry(t *testing.T) {
	srv := newServer(t)
	bc := browsertest.NewContext(t)
	tab := bc.NewTab()
	openLibrary(t, tab, srv, "/")
	set := evalPersisted(t, tab, `sessionUtils.setSession(30)`)
	cookieBefore := onlySessionCookie(t, bc)

	// 60 minutes from now is later than 30 minutes from a moment ago.
	ext := evalPersisted(t, tab, `sessionUtils.extendSession(60)`)
	if ext.ID != set.ID {
		t.Errorf("extendSession(60).id = %q; want %q", ext.ID, set.ID)
	}
	if ext.Expires <= set.Expires {
		t.Errorf("extendSession(60).expires = %s; want later than %s",
			num(ext.Expires), num(set.Expires))
	}
	if ext.Modified == nil {
		t.Errorf("extendSession(60).modified is missing; want a number")
	}
	if ext.ModifiedAt == nil {
		t.Errorf("extendSession(60).modifiedAt is missing; want a string")
	}

	cookieAfter := onlySessionCookie(t, bc)
	if cookieAfter.Expires <= cookieBefore.Expires {
		t.Errorf("cookie expires %s after extendSession(60); want later "+
			"than %s", num(cookieAfter.Expires), num(cookieBefore.Expires))
	}
	if id := cookieSession(t, cookieAfter)["id"]; id != set.ID {
		t.Errorf("cookie id after extendSession = %v; want %q", id, set.ID)
	}
	checkNoErrors(t, tab)
}

// onlySessionCookie returns the one session cookie of bc, and fails t when
// there is none or more than one.
func onlySessionCookie(t *testing.T, bc *browsertest.Context) *network.Cookie {
	t.Helper()
	cookies := sessionCookies(bc)
	if len(cookies) != 1 {
		t.Fatalf("cookies named %s = %v; want exactly one", cookieName,
			cookieList(cookies))
	}
	return cookies[0]
}

func TestChromiumRemoveSessionDeletesCookie(t *testing.T) {
	srv := newServer(t)
	bc := browsertest.NewContext(t)
	tab := bc.NewTab()
	openLibrary(t, tab, srv, "/a/b/page.html")
	before := evalPersisted(t, tab, `sessionUtils.getSession()`)
	onlySessionCookie(t, bc)

	var undefined bool
	tab.Eval(`sessionUtils.removeSession() === undefined`, &undefined)
	if !undefined {
		t.Errorf("removeSession() returned a value; want undefined")
	}
	if cookies := sessionCookies(bc); len(cookies) != 0 {
		t.Errorf("cookies after removeSession() = %v; want none",
			cookieList(cookies))
	}

	after := evalPersisted(t, tab, `sessionUtils.getSession()`)
	if after.ID == before.ID {
		t.Errorf("getSession().id after removeSession() = %q, as before; "+
			"want a new id", after.ID)
	}
	if !after.IsNew {
		t.Errorf("getSession().isNew after removeSession() = false; want true")
	}
	checkNoErrors(t, tab)
}

func TestChromiumReadsSeedFormatCookie(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	tab.Navigate(srv.URL + plainPath)

	// A cookie in the format of @analytics/session-utils 0.2.4: the fields
	// of the session as percent-encoded JSON.
	now := time.Now().Truncate(time.Millisecond)
	created := now.Add(-time.Minute)
	expires := now.Add(29 * time.Minute)
	seed := map[string]any{
		"id":        "0f8fad5b-d9cb-469f-a165-70867728950e",
		"created":   created.UnixMilli(),
		"createdAt": created.UTC().Format("2006-01-02T15:04:05.000Z"),
		"expires":   expires.UnixMilli(),
		"expiresAt": expires.UTC().Format("2006-01-02T15:04:05.000Z"),
		"duration":  1800000,
	}
	seedJSON, err := json.Marshal(seed)
	if err != nil {
		t.Fatal(err)
	}
	tab.Eval(fmt.Sprintf(`document.cookie = "%s=" + `+
		`encodeURIComponent(JSON.stringify(%s)) + "; path=/"`,
		cookieName, seedJSON), nil)

	openLibrary(t, tab, srv, "/")
	got := evalPersisted(t, tab, `sessionUtils.getSession()`)
	if got.ID != seed["id"] {
		t.Errorf("getSession().id = %q; want %q from the cookie",
			got.ID, seed["id"])
	}
	if got.IsNew {
		t.Errorf("getSession().isNew = true; want false for a cookie " +
			"that is not expired")
	}
	if got.Created != float64(created.UnixMilli()) {
		t.Errorf("getSession().created = %s; want %d from the cookie",
			num(got.Created), created.UnixMilli())
	}
	if got.CreatedAt != seed["createdAt"] {
		t.Errorf("getSession().createdAt = %q; want %q from the cookie",
			got.CreatedAt, seed["createdAt"])
	}
	checkNoErrors(t, tab)
}

// corruptCookies are cookie values that no reader can decode.
var corruptCookies = []struct {
	name  string
	value string
}{
	{"bad percent-encoding", `%E0%A4%A`},
	{"truncated JSON", `{"id":`},
	{"not JSON", `not-json`},
}

func TestChromiumCorruptCookieStartsNewSession(t *testing.T) {
	srv := newServer(t)
	for _, tt := range corruptCookies {
		t.Run(tt.name, func(t *testing.T) {
			bc := browsertest.NewContext(t)
			tab := bc.NewTab()
			write := fmt.Sprintf(`document.cookie = %q + "=" + %q + "; path=/"`,
				cookieName, tt.value)

			// Corrupted before the page loads the library.
			tab.Navigate(srv.URL + plainPath)
			tab.Eval(write, nil)
			if c := onlySessionCookie(t, bc); c.Value != tt.value {
				t.Fatalf("cookie value written = %q; want %q", c.Value, tt.value)
			}
			openLibrary(t, tab, srv, "/")
			first := evalPersisted(t, tab, `sessionUtils.getSession()`)
			if !first.IsNew {
				t.Errorf("getSession().isNew with cookie %q = false; want true",
					tt.value)
			}
			if id := cookieSession(t, onlySessionCookie(t, bc))["id"]; id != first.ID {
				t.Errorf("cookie id after getSession() = %v; want %q",
					id, first.ID)
			}

			// Corrupted while the library runs.
			tab.Eval(write, nil)
			second := evalPersisted(t, tab, `sessionUtils.getSession()`)
			if second.ID == first.ID {
				t.Errorf("getSession().id with cookie %q = %q, as before; "+
					"want a new id", tt.value, second.ID)
			}
			if !second.IsNew {
				t.Errorf("getSession().isNew with cookie %q = false; want true",
					tt.value)
			}
			checkNoErrors(t, tab)
		})
	}
}

func TestChromiumCookieNameMatchesExactly(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	tab.Navigate(srv.URL + plainPath)
	const otherID = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"
	tab.Eval(fmt.Sprintf(`document.cookie = "x%s=" + encodeURIComponent(
		JSON.stringify({id: %q, created: Date.now(), expires: Date.now() + 60000,
			duration: 1800000})) + "; path=/"`, cookieName, otherID), nil)

	openLibrary(t, tab, srv, "/")
	got := evalPersisted(t, tab, `sessionUtils.getSession()`)
	if got.ID == otherID {
		t.Errorf("getSession().id = %q, the id of cookie x%s; want a new id",
			got.ID, cookieName)
	}
	if !got.IsNew {
		t.Errorf("getSession().isNew = false; want true")
	}
	checkNoErrors(t, tab)
}

func TestChromiumSessionExpires(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	openLibrary(t, tab, srv, "/")

	// Nothing calls the library during the wait, so nothing extends the
	// session.
	var got struct {
		Set       persisted
		HadCookie bool
		After     persisted
	}
	tab.Eval(`(async () => {
		const set = sessionUtils.setSession(0.01);
		const hadCookie = document.cookie.split("; ").some(
			(c) => c.startsWith("__session="));
		await new Promise((resolve) => setTimeout(resolve, 1000));
		return {set, hadCookie, after: sessionUtils.getSession()};
	})()`, &got)

	if got.Set.Duration != 600 {
		t.Errorf("setSession(0.01).duration = %s; want 600",
			num(got.Set.Duration))
	}
	if !got.HadCookie {
		t.Errorf("document.cookie right after setSession(0.01) has no " +
			"session cookie; want one that lasts 600 ms")
	}
	if got.After.ID == got.Set.ID {
		t.Errorf("getSession().id 1 s after setSession(0.01) = %q, as "+
			"before; want a new id", got.After.ID)
	}
	if !got.After.IsNew {
		t.Errorf("getSession().isNew 1 s after setSession(0.01) = false; " +
			"want true")
	}
	checkNoErrors(t, tab)
}

func TestChromiumFractionalMinutes(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	openLibrary(t, tab, srv, "/")

	p := evalPersisted(t, tab, `sessionUtils.setSession(0.5)`)
	if p.Duration != 30000 {
		t.Errorf("setSession(0.5).duration = %s; want 30000", num(p.Duration))
	}
	if d := p.Expires - p.Created; d != 30000 {
		t.Errorf("setSession(0.5): expires - created = %s; want 30000",
			num(d))
	}
	checkNoErrors(t, tab)
}

func TestChromiumCallBeforeReadyThrows(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	tab.Navigate(srv.URL + earlyPath)

	var early *struct {
		IsError bool
		Message string
	}
	tab.Eval(`window.earlyError`, &early)
	if early == nil {
		t.Fatalf("getSession() before sessionUtils.ready did not throw")
	}
	if !early.IsError {
		t.Errorf("getSession() before ready threw a value that is not " +
			"an Error")
	}
	if !strings.Contains(early.Message, "await sessionUtils.ready") {
		t.Errorf("getSession() before ready threw %q; want a message "+
			"that says to await sessionUtils.ready", early.Message)
	}

	// The library works once it is ready.
	tab.Eval(`sessionUtils.ready.then(() => true)`, nil)
	evalPersisted(t, tab, `sessionUtils.getSession()`)
	checkNoErrors(t, tab)
}

// persistedFields and scopeFields map the fields of the session objects to
// their JavaScript typeof.
var (
	persistedFields = map[string]string{
		"id": "string", "created": "number", "createdAt": "string",
		"expires": "number", "expiresAt": "string", "duration": "number",
		"elapsed": "number", "remaining": "number", "isExpired": "boolean",
		"isNew": "boolean", "reason": "string",
	}
	scopeFields = map[string]string{
		"id": "string", "created": "number", "createdAt": "string",
		"elapsed": "number", "isNew": "boolean", "parentId": "string",
		"reason": "string",
	}
)

// describeJS calls the expression in place of %s and describes the session
// object it returns: whether it is a plain object, whether a JSON round trip
// keeps it unchanged, the typeof of each field and the ISO 8601 form of its
// timestamps. It also returns the clock before and after the call.
const describeJS = `(() => {
	const before = Date.now();
	const o = %s;
	const after = Date.now();
	const iso = (ms) => typeof ms === "number" ? new Date(ms).toISOString() : null;
	const copy = JSON.parse(JSON.stringify(o));
	return {
		plain: Object.getPrototypeOf(o) === Object.prototype,
		json: Object.keys(o).length === Object.keys(copy).length &&
			Object.keys(o).every((k) => JSON.stringify(copy[k]) === JSON.stringify(o[k])),
		types: Object.fromEntries(Object.entries(o).map(([k, v]) =>
			[k, v === null ? "null" : typeof v])),
		isoCreated: iso(o.created),
		isoExpires: iso(o.expires),
		isoModified: iso(o.modified),
		before,
		after,
		value: o,
	};
})()`

// description is what describeJS returns.
type description struct {
	Plain       bool
	JSON        bool
	Types       map[string]string
	IsoCreated  string
	IsoExpires  string
	IsoModified string
	Before      float64
	After       float64
	Value       map[string]any
}

func TestChromiumSessionObjectFields(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	openLibrary(t, tab, srv, "/")

	calls := []struct {
		call   string
		fields map[string]string
	}{
		{`sessionUtils.getSession()`, persistedFields},
		{`sessionUtils.setSession(30, {plan: "pro"})`, persistedFields},
		{`sessionUtils.extendSession(45)`, persistedFields},
		{`sessionUtils.getTabSession()`, scopeFields},
		{`sessionUtils.setTabSession()`, scopeFields},
		{`sessionUtils.getPageSession()`, scopeFields},
		{`sessionUtils.setPageSession()`, scopeFields},
	}
	for _, tt := range calls {
		var d description
		tab.Eval(fmt.Sprintf(describeJS, tt.call), &d)
		checkDescription(t, tt.call, tt.fields, d)
	}

	var ext description
	tab.Eval(fmt.Sprintf(describeJS, `sessionUtils.extendSession(50)`), &ext)
	if ext.Types["modified"] != "number" {
		t.Errorf("extendSession().modified has type %q; want number",
			ext.Types["modified"])
	}
	if ext.Value["modifiedAt"] != ext.IsoModified {
		t.Errorf("extendSession().modifiedAt = %v; want %q, "+
			"new Date(modified).toISOString()", ext.Value["modifiedAt"],
			ext.IsoModified)
	}
	checkNoErrors(t, tab)
}

// checkDescription checks the description d of the object that call
// returned against the field types fields.
func checkDescription(t *testing.T, call string, fields map[string]string,
	d description) {
	t.Helper()
	if !d.Plain {
		t.Errorf("%s returned an object whose prototype is not "+
			"Object.prototype; want a plain object", call)
	}
	if !d.JSON {
		t.Errorf("%s returned an object that changes in a JSON round trip; "+
			"want plain data", call)
	}
	for name, want := range fields {
		if got := d.Types[name]; got != want {
			t.Errorf("%s.%s has type %q; want %s", call, name, got, want)
		}
	}
	if id, _ := d.Value["id"].(string); id == "" {
		t.Errorf("%s.id is empty", call)
	}
	if d.Value["createdAt"] != d.IsoCreated {
		t.Errorf("%s.createdAt = %v; want %q, new Date(created).toISOString()",
			call, d.Value["createdAt"], d.IsoCreated)
	}
	created, _ := d.Value["created"].(float64)
	if created != math.Trunc(created) || created <= 0 || created > d.After {
		t.Errorf("%s.created = %s; want whole Unix milliseconds, "+
			"not after the call (%s)", call, num(created), num(d.After))
	}
	// The call reads the clock between before and after.
	elapsed, _ := d.Value["elapsed"].(float64)
	if elapsed < d.Before-created || elapsed > d.After-created {
		t.Errorf("%s.elapsed = %s; want now - created, in [%s, %s]",
			call, num(elapsed), num(d.Before-created), num(d.After-created))
	}
	if _, ok := fields["expires"]; !ok {
		return
	}
	if d.Value["expiresAt"] != d.IsoExpires {
		t.Errorf("%s.expiresAt = %v; want %q, new Date(expires).toISOString()",
			call, d.Value["expiresAt"], d.IsoExpires)
	}
	expires, _ := d.Value["expires"].(float64)
	remaining, _ := d.Value["remaining"].(float64)
	if remaining < expires-d.After || remaining > expires-d.Before {
		t.Errorf("%s.remaining = %s; want expires - now, in [%s, %s]",
			call, num(remaining), num(expires-d.After), num(expires-d.Before))
	}
	if remaining <= 0 {
		t.Errorf("%s.remaining = %s; want > 0", call, num(remaining))
	}
	if d.Value["isExpired"] != false {
		t.Errorf("%s.isExpired = %v; want false", call, d.Value["isExpired"])
	}
}
