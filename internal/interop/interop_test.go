//go:build !(js && wasm)

package interop

import (
	"testing"

	"github.com/sessionutils/session/internal/browsertest"
)

// TestSessionSharedWithNpmPackage runs both directions in one browser
// context: the npm package writes and this module (page and server)
// reads, then this module writes and the npm package reads.
func TestSessionSharedWithNpmPackage(t *testing.T) {
	srv := newServer(t)
	bc := browsertest.NewContext(t)
	tab := bc.NewTab()

	// The npm package starts a session with an extra attribute.
	tab.Navigate(srv.URL + "/npm.html")
	written := evalSession(t, tab, `utilSessions.setSession(30, {plan: "pro"})`)
	if written.Plan == nil || *written.Plan != "pro" {
		t.Fatalf("utilSessions.setSession returned %v; want plan pro", written)
	}

	// This module's library reads it as stored (persistedOnly), and so
	// does the middleware on a passive route, which never extends it.
	openOurs(t, tab, srv, "/ours.html")
	read := evalSession(t, tab, `sessionUtils.getSession(30, true)`)
	checkSame(t, "sessionUtils.getSession after the npm package wrote", read, written)
	server := fetchServer(t, tab, "/api/peek")
	if server.Persisted == nil {
		t.Fatal("middleware found no session after the npm package wrote one")
	}
	checkSame(t, "middleware after the npm package wrote", *server.Persisted, written)

	// This module's library starts a new session; the npm package reads
	// the same id and fields.
	ours := evalSession(t, tab, `sessionUtils.setSession(30, {plan: "team"})`)
	if ours.ID == written.ID {
		t.Fatalf("sessionUtils.setSession kept id %s; want a new session", ours.ID)
	}
	tab.Navigate(srv.URL + "/npm.html")
	npmRead := evalSession(t, tab, `utilSessions.getSession()`)
	checkSame(t, "utilSessions.getSession after this module wrote", npmRead, ours)
	server = fetchServer(t, tab, "/api/peek")
	if server.Persisted == nil {
		t.Fatal("middleware found no session after this module wrote one")
	}
	checkSame(t, "middleware after this module wrote", *server.Persisted, ours)

	cookies := sessionCookies(bc)
	if len(cookies) != 1 || cookies[0].Path != "/" {
		t.Errorf("__session cookies = %d; want 1 at path /, which both sides wrote",
			len(cookies))
	}
	checkNoErrors(t, tab)
}

// TestServerSessionReadByBothLibraries checks that a session the
// middleware starts is the one both libraries read.
func TestServerSessionReadByBothLibraries(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()

	// The page is an active route: the middleware starts the session
	// before the page's scripts run.
	openOurs(t, tab, srv, servedPath)
	server := fetchServer(t, tab, "/api/peek")
	if server.Persisted == nil {
		t.Fatal("middleware found no session after serving the page")
	}
	npmRead := evalSession(t, tab, `utilSessions.getSession()`)
	checkSame(t, "utilSessions.getSession of the server's session", npmRead, *server.Persisted)
	ours := evalSession(t, tab, `sessionUtils.getSession(30, true)`)
	checkSame(t, "sessionUtils.getSession of the server's session", ours, *server.Persisted)
	checkNoErrors(t, tab)
}

// TestServerReadsPageIDs checks that sessionUtils.fetch sends the tab and
// page ids and that the middleware reads the ids the page has.
func TestServerReadsPageIDs(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	openOurs(t, tab, srv, "/ours.html")

	var ids struct{ Persisted, Tab, Page string }
	tab.Eval(`(() => {
		const page = sessionUtils.getPageSession();
		return {persisted: sessionUtils.getSession(30, true).id,
			tab: page.parentId, page: page.id};
	})()`, &ids)
	var server serverView
	tab.Eval(`sessionUtils.fetch("/api/session").then((r) => r.json())`, &server)
	if server.Persisted == nil || server.Persisted.ID != ids.Persisted {
		t.Errorf("middleware persisted session = %v; want id %s", server.Persisted, ids.Persisted)
	}
	if server.TabID != ids.Tab {
		t.Errorf("middleware tab id = %q; want %q", server.TabID, ids.Tab)
	}
	if server.PageID != ids.Page {
		t.Errorf("middleware page id = %q; want %q", server.PageID, ids.Page)
	}
	checkNoErrors(t, tab)
}

// TestNpmCookieInSubdirectory checks which session each side reads when
// the npm package wrote its cookie on a page in a directory, without a
// Path attribute, and this module later wrote one with Path=/.
func TestNpmCookieInSubdirectory(t *testing.T) {
	srv := newServer(t)
	bc := browsertest.NewContext(t)
	tab := bc.NewTab()

	tab.Navigate(srv.URL + "/legacy/npm.html")
	legacy := evalSession(t, tab, `utilSessions.setSession(30, {plan: "legacy"})`)
	cookies := sessionCookies(bc)
	if len(cookies) != 1 || cookies[0].Path != "/legacy" {
		t.Fatalf("after the npm package wrote on /legacy/npm.html: %d cookies; "+
			"want 1 at path /legacy", len(cookies))
	}

	// Within the directory every side reads the npm package's session.
	openOurs(t, tab, srv, "/legacy/ours.html")
	read := evalSession(t, tab, `sessionUtils.getSession(30, true)`)
	checkSame(t, "sessionUtils.getSession under /legacy", read, legacy)
	server := fetchServer(t, tab, "/legacy/api/peek")
	if server.Persisted == nil {
		t.Fatal("middleware under /legacy found no session")
	}
	checkSame(t, "middleware under /legacy", *server.Persisted, legacy)
	// Outside it the browser does not send that cookie, and a passive
	// route starts nothing.
	if outside := fetchServer(t, tab, "/api/peek"); outside.Persisted != nil {
		t.Errorf("middleware outside /legacy found %v; want none", *outside.Persisted)
	}

	// Extending writes a copy with Path=/ and a later expiry.
	extended := evalSession(t, tab, `sessionUtils.extendSession(60)`)
	if extended.ID != legacy.ID || extended.Expires <= legacy.Expires {
		t.Fatalf("extendSession = %v; want id %s with an expiry after %.0f",
			extended, legacy.ID, legacy.Expires)
	}
	paths := map[string]bool{}
	for _, c := range sessionCookies(bc) {
		paths[c.Path] = true
	}
	if len(paths) != 2 || !paths["/"] || !paths["/legacy"] {
		t.Errorf("cookie paths = %v; want / and /legacy", paths)
	}

	// This module and the middleware pick the most recently active copy.
	read = evalSession(t, tab, `sessionUtils.getSession(30, true)`)
	checkSame(t, "sessionUtils.getSession with both copies", read, extended)
	server = fetchServer(t, tab, "/legacy/api/peek")
	if server.Persisted == nil {
		t.Fatal("middleware under /legacy found no session with both copies")
	}
	checkSame(t, "middleware with both copies", *server.Persisted, extended)
	if root := fetchServer(t, tab, "/api/peek"); root.Persisted == nil ||
		root.Persisted.ID != legacy.ID {
		t.Errorf("middleware outside /legacy = %v; want session %s", root.Persisted, legacy.ID)
	}

	// The npm package reads the first cookie that document.cookie lists,
	// the one with the longer path (RFC 6265, section 5.4): its own copy,
	// with the same id and the expiry it wrote.
	tab.Navigate(srv.URL + "/legacy/npm.html")
	npmRead := evalSession(t, tab, `utilSessions.getSession()`)
	checkSame(t, "utilSessions.getSession with both copies", npmRead, legacy)
	checkNoErrors(t, tab)
}
