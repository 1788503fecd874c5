//go:build !(js && wasm)

package e2e

import (
	"sync"
	"testing"

	"github.com/sessionutils/session/internal/browsertest"
)

func previous(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func TestChromiumStorageClearedUnderLivePage(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	openLibrary(t, tab, srv, "/")
	p := evalPersisted(t, tab, `sessionUtils.getSession()`)
	ts := evalScope(t, tab, `sessionUtils.getTabSession()`)

	tab.Eval(`sessionStorage.clear(), true`, nil)
	kept := evalScope(t, tab, `sessionUtils.getTabSession()`)
	if kept.ID != ts.ID {
		t.Errorf("getTabSession().id after sessionStorage.clear() = %q; want %q written back", kept.ID, ts.ID)
	}
	var stored bool
	tab.Eval(`sessionStorage.getItem('__session_tab') !== null`, &stored)
	if !stored {
		t.Error("the tab session was not written back to sessionStorage")
	}

	tab.Eval(`document.cookie = '__session=; Max-Age=0; Path=/', true`, nil)
	next := evalPersisted(t, tab, `sessionUtils.getSession()`)
	if next.ID == p.ID || next.Reason != "removed" || previous(next.PreviousID) != p.ID {
		t.Errorf("getSession() after the cookie was deleted = id %q reason %q previous %q; want a new id, removed, %q",
			next.ID, next.Reason, previous(next.PreviousID), p.ID)
	}
	checkNoErrors(t, tab)
}

func TestChromiumClockJumps(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	openLibrary(t, tab, srv, "/")
	p := evalPersisted(t, tab, `sessionUtils.getSession()`)

	// A small step back is clock skew: the session stays.
	tab.Eval(`(() => { const real = Date.now; window.realNow = real;
		Date.now = () => real() - 10000; return true })()`, nil)
	back := evalPersisted(t, tab, `sessionUtils.getSession()`)
	if back.ID != p.ID {
		t.Errorf("getSession().id after the clock moved back 10 s = %q; want %q", back.ID, p.ID)
	}
	if back.Expires < p.Expires {
		t.Errorf("expires after the clock moved back = %v; want no earlier than %v", back.Expires, p.Expires)
	}

	// Two hours ahead the session has expired, with reason expired-idle.
	tab.Eval(`Date.now = () => window.realNow() + 2 * 3600e3, true`, nil)
	ahead := evalPersisted(t, tab, `sessionUtils.getSession()`)
	if ahead.ID == p.ID || ahead.Reason != "expired-idle" || previous(ahead.PreviousID) != p.ID {
		t.Errorf("getSession() two hours ahead = id %q reason %q previous %q; want new, expired-idle, %q",
			ahead.ID, ahead.Reason, previous(ahead.PreviousID), p.ID)
	}

	// Back to real time, the session started "two hours from now" lies too
	// far in the future to be trusted, and is replaced with a reason.
	tab.Eval(`Date.now = window.realNow, true`, nil)
	real := evalPersisted(t, tab, `sessionUtils.getSession()`)
	if real.ID == ahead.ID || real.Reason != "invalid" {
		t.Errorf("getSession() back at real time = id %q reason %q; want a new id, invalid", real.ID, real.Reason)
	}
	checkNoErrors(t, tab)
}

func TestChromiumTwoTabsWriteAtOnce(t *testing.T) {
	srv := newServer(t)
	bc := browsertest.NewContext(t)
	tabs := []*browsertest.Tab{bc.NewTab(), bc.NewTab()}
	for _, tab := range tabs {
		openLibrary(t, tab, srv, "/")
	}
	ids := make([]string, len(tabs))
	var wg sync.WaitGroup
	for i, tab := range tabs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var id string
			tab.Eval(`sessionUtils.setSession(30, {tab: `+string(rune('0'+i))+`}).id`, &id)
			ids[i] = id
		}()
	}
	wg.Wait()
	if ids[0] == ids[1] {
		t.Fatalf("both setSession calls returned id %q; want two new sessions", ids[0])
	}
	var after []persisted
	for _, tab := range tabs {
		after = append(after, evalPersisted(t, tab, `sessionUtils.getSession()`))
	}
	if after[0].ID != after[1].ID {
		t.Errorf("after writing at once the tabs see ids %q and %q; want one", after[0].ID, after[1].ID)
	}
	if after[0].ID != ids[0] && after[0].ID != ids[1] {
		t.Errorf("the surviving id %q is neither tab's", after[0].ID)
	}
	for i, p := range after {
		if p.ID != ids[i] && p.Reason != "adopted" {
			t.Errorf("tab %d lost its write; reason = %q, want adopted", i, p.Reason)
		}
	}
	for _, tab := range tabs {
		checkNoErrors(t, tab)
	}
}

func TestChromiumPageClosesWhileWriting(t *testing.T) {
	srv := newServer(t)
	bc := browsertest.NewContext(t)
	writer := bc.NewTab()
	openLibrary(t, writer, srv, "/")
	// The page rewrites the session as fast as it can and is closed in
	// the middle of that.
	writer.Eval(`(() => { let n = 0; setInterval(() => {
		for (let i = 0; i < 50; i++) sessionUtils.setSession(30, {n: n++});
	}, 0); return true })()`, nil)
	writer.Eval(`new Promise((r) => setTimeout(() => r(true), 200))`, nil)
	writer.Close()

	reader := bc.NewTab()
	openLibrary(t, reader, srv, "/")
	var got struct {
		Reason string  `json:"reason"`
		IsNew  bool    `json:"isNew"`
		N      float64 `json:"n"`
	}
	reader.Eval(`sessionUtils.getSession()`, &got)
	if got.IsNew || got.Reason == "invalid" {
		t.Errorf("getSession() after the writer closed = reason %q, new %v; want the last written session",
			got.Reason, got.IsNew)
	}
	if got.N <= 0 {
		t.Errorf("extra attribute n = %v; want the writer's counter", got.N)
	}
	checkNoErrors(t, reader)
}
