//go:build !(js && wasm)

package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/sessionutils/session/internal/assets"
	"github.com/sessionutils/session/internal/browsertest"
)

func TestMain(m *testing.M) { browsertest.Main(m) }

// setCookieCounter counts, per path, the responses that set a cookie.
type setCookieCounter struct {
	mu     sync.Mutex
	counts map[string]int
}

func (c *setCookieCounter) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		if len(w.Header().Values("Set-Cookie")) > 0 {
			c.mu.Lock()
			c.counts[r.URL.Path]++
			c.mu.Unlock()
		}
	})
}

func (c *setCookieCounter) count(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts[path]
}

// serverViewDone waits until the page has shown the server view three
// times, and returns the panel's data attributes.
const serverViewDone = `new Promise((resolve) => {
	const panel = document.getElementById("server-view");
	const check = () => {
		if (Number(panel.dataset.checks) >= 3) {
			resolve(Object.assign({}, panel.dataset));
		} else {
			setTimeout(check, 50);
		}
	};
	check();
})`

func TestDemoServerViewAgrees(t *testing.T) {
	assetHandler, err := assets.HashedHandler()
	if err != nil {
		t.Fatalf("assets.HashedHandler() error: %v", err)
	}
	counter := &setCookieCounter{counts: map[string]int{}}
	srv := httptest.NewServer(counter.wrap(newHandler(assetHandler, nil)))
	defer srv.Close()

	tab := browsertest.NewContext(t).NewTab()
	tab.Navigate(srv.URL + "/demo/a/b")
	var panel struct {
		Agree       string `json:"agree"`
		PersistedID string `json:"persistedId"`
		TabID       string `json:"tabId"`
		PageID      string `json:"pageId"`
	}
	tab.Eval(serverViewDone, &panel)
	var browser struct{ Persisted, Tab, Page string }
	tab.Eval(`(() => {
		const page = sessionUtils.getPageSession();
		return {persisted: sessionUtils.getSession(30, true).id,
			tab: page.parentId, page: page.id};
	})()`, &browser)

	if panel.Agree != "true" {
		t.Errorf("server view agree = %q; want true (panel %+v, browser %+v)",
			panel.Agree, panel, browser)
	}
	if panel.PersistedID != browser.Persisted || panel.TabID != browser.Tab ||
		panel.PageID != browser.Page {
		t.Errorf("server view ids = %+v; want the browser's %+v", panel, browser)
	}
	// The page request started the session on the server; the polls
	// that followed carried the page's cookie and had nothing to write.
	if n := counter.count("/demo/a/b"); n != 1 {
		t.Errorf("responses to the page that set the cookie = %d; want 1", n)
	}
	if n := counter.count("/api/session"); n != 0 {
		t.Errorf("responses to /api/session that set the cookie = %d; want 0", n)
	}
	var text string
	tab.Eval(`document.getElementById("server-view-state").textContent`, &text)
	if !strings.Contains(text, "agree") {
		t.Errorf("server view state = %q; want it to say the ids agree", text)
	}
	if errs := tab.Errors(); len(errs) != 0 {
		t.Errorf("page errors = %q; want none", strings.Join(errs, "\n"))
	}
}
