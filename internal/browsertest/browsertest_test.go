//go:build !(js && wasm)

package browsertest_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/sessionutils/session/internal/browsertest"
)

func TestMain(m *testing.M) { browsertest.Main(m) }

const page = `<!doctype html><html><head><title>browsertest</title></head>
<body><p>browsertest</p></body></html>`

// newServer starts an HTTP server on 127.0.0.1 that serves page at every
// path, and stops it when t ends.
func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/favicon.ico" {
				w.WriteHeader(http.StatusNoContent)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(page))
		}))
	t.Cleanup(srv.Close)
	return srv
}

// findCookie returns the cookie with name and path in cookies.
func findCookie(cookies []*network.Cookie, name, path string) *network.Cookie {
	for _, c := range cookies {
		if c.Name == name && c.Path == path {
			return c
		}
	}
	return nil
}

func TestChromiumCookieAttributes(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	tab.Navigate(srv.URL + "/dir/page.html")

	tab.Eval(`document.cookie = "root=1; path=/; SameSite=Lax; max-age=600"`,
		nil)
	tab.Eval(`document.cookie = "nopath=2"`, nil)

	var seen string
	tab.Eval(`document.cookie`, &seen)
	if !strings.Contains(seen, "root=1") || !strings.Contains(seen, "nopath=2") {
		t.Errorf("document.cookie = %q; want root=1 and nopath=2", seen)
	}

	cookies := tab.Context().Cookies()
	root := findCookie(cookies, "root", "/")
	if root == nil {
		t.Fatalf("Cookies() = %v; want root at path /", cookieNames(cookies))
	}
	if root.Value != "1" {
		t.Errorf("root.Value = %q; want %q", root.Value, "1")
	}
	if root.SameSite != network.CookieSameSiteLax {
		t.Errorf("root.SameSite = %q; want Lax", root.SameSite)
	}
	if root.HTTPOnly {
		t.Errorf("root.HTTPOnly = true; want false")
	}
	if root.Domain != "127.0.0.1" {
		t.Errorf("root.Domain = %q; want 127.0.0.1", root.Domain)
	}
	expires := time.Unix(int64(root.Expires), 0)
	if d := time.Until(expires); d < 9*time.Minute || d > 11*time.Minute {
		t.Errorf("root.Expires = %v, %v from now; want about 10 minutes",
			expires, d)
	}

	// A cookie written with no Path gets the directory of the page.
	if c := findCookie(cookies, "nopath", "/dir"); c == nil {
		t.Errorf("Cookies() = %v; want nopath at path /dir",
			cookieNames(cookies))
	} else if !c.Session {
		t.Errorf("nopath.Session = false; want true for a cookie " +
			"without Max-Age or Expires")
	}
}

// cookieNames returns name@path for each cookie, for failure messages.
func cookieNames(cookies []*network.Cookie) []string {
	var names []string
	for _, c := range cookies {
		names = append(names, c.Name+"@"+c.Path)
	}
	return names
}

func TestChromiumTabsShareCookies(t *testing.T) {
	srv := newServer(t)
	bc := browsertest.NewContext(t)
	first := bc.NewTab()
	first.Navigate(srv.URL + "/")
	first.Eval(`document.cookie = "shared=yes; path=/"`, nil)
	first.Eval(`sessionStorage.setItem("tab", "first")`, nil)

	second := bc.NewTab()
	second.Navigate(srv.URL + "/other")
	var cookie string
	second.Eval(`document.cookie`, &cookie)
	if cookie != "shared=yes" {
		t.Errorf("document.cookie in second tab = %q; want %q",
			cookie, "shared=yes")
	}

	// sessionStorage belongs to one tab.
	var item *string
	second.Eval(`sessionStorage.getItem("tab")`, &item)
	if item != nil {
		t.Errorf("sessionStorage tab in second tab = %q; want null", *item)
	}

	cookies := bc.Cookies()
	if len(cookies) != 1 || cookies[0].Name != "shared" {
		t.Errorf("Cookies() = %v; want only shared@/", cookieNames(cookies))
	}
}

func TestChromiumContextsAreIsolated(t *testing.T) {
	srv := newServer(t)
	one := browsertest.NewContext(t)
	tab := one.NewTab()
	tab.Navigate(srv.URL + "/")
	tab.Eval(`document.cookie = "only=one; path=/"`, nil)

	two := browsertest.NewContext(t)
	other := two.NewTab()
	other.Navigate(srv.URL + "/")
	var cookie string
	other.Eval(`document.cookie`, &cookie)
	if cookie != "" {
		t.Errorf("document.cookie in another context = %q; want empty", cookie)
	}
	if cookies := two.Cookies(); len(cookies) != 0 {
		t.Errorf("Cookies() of another context = %v; want none",
			cookieNames(cookies))
	}
}

func TestChromiumReloadKeepsSessionStorage(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	tab.Navigate(srv.URL + "/")
	tab.Eval(`window.marker = 1; sessionStorage.setItem("k", "v")`, nil)

	tab.Reload()
	var marker string
	tab.Eval(`typeof window.marker`, &marker)
	if marker != "undefined" {
		t.Errorf("typeof window.marker after reload = %q; want undefined",
			marker)
	}
	var item string
	tab.Eval(`sessionStorage.getItem("k")`, &item)
	if item != "v" {
		t.Errorf("sessionStorage k after reload = %q; want %q", item, "v")
	}
}

func TestChromiumOpenWindowCopiesSessionStorage(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	tab.Navigate(srv.URL + "/")
	tab.Eval(`sessionStorage.setItem("k", "copied")`, nil)

	popup := tab.OpenWindow("/popup")
	var href string
	popup.Eval(`location.href`, &href)
	if href != srv.URL+"/popup" {
		t.Errorf("popup location.href = %q; want %q", href, srv.URL+"/popup")
	}
	var item string
	popup.Eval(`sessionStorage.getItem("k")`, &item)
	if item != "copied" {
		t.Errorf("sessionStorage k in popup = %q; want %q", item, "copied")
	}

	// The copy is independent of the opener.
	popup.Eval(`sessionStorage.setItem("k", "changed")`, nil)
	tab.Eval(`sessionStorage.getItem("k")`, &item)
	if item != "copied" {
		t.Errorf("sessionStorage k in opener = %q; want %q", item, "copied")
	}
}

func TestChromiumEvalAwaitsPromise(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	tab.Navigate(srv.URL + "/")

	var got struct {
		N int
		S string
	}
	tab.Eval(`new Promise(r => setTimeout(() => r({n: 7, s: "x"}), 10))`, &got)
	if got.N != 7 || got.S != "x" {
		t.Errorf("Eval(promise) = %+v; want {N:7 S:x}", got)
	}

	tab.Eval(`undefined`, nil)
	var v int
	if err := tab.TryEval(`undefined`, &v); err == nil {
		t.Errorf("TryEval(undefined, &v) = nil; want an error")
	}
}

func TestChromiumEvalReturnsException(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	tab.Navigate(srv.URL + "/")

	err := tab.TryEval(`(() => { throw new Error("thrown on purpose") })()`,
		nil)
	var exc *chromedp.ExceptionError
	if !errors.As(err, &exc) {
		t.Fatalf("TryEval(throw) = %v; want a *chromedp.ExceptionError", err)
	}
	if !strings.Contains(err.Error(), "thrown on purpose") {
		t.Errorf("TryEval(throw) = %q; want the message of the Error", err)
	}

	err = tab.TryEval(`Promise.reject(new Error("rejected on purpose"))`, nil)
	if err == nil || !strings.Contains(err.Error(), "rejected on purpose") {
		t.Errorf("TryEval(rejected promise) = %v; want the rejection", err)
	}

	if errs := tab.Errors(); len(errs) != 0 {
		t.Errorf("Errors() = %q; want none, because TryEval returned them",
			errs)
	}
}

func TestChromiumErrorsRecorded(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	tab.Navigate(srv.URL + "/")
	tab.Eval(`console.log("not an error"); console.warn("not an error")`, nil)
	if errs := tab.Errors(); len(errs) != 0 {
		t.Fatalf("Errors() after log and warn = %q; want none", errs)
	}

	tab.Eval(`new Promise((resolve) => {
		console.error("console error", 42);
		setTimeout(() => { throw new Error("uncaught on purpose") });
		setTimeout(() => Promise.reject(new Error("unhandled on purpose")));
		setTimeout(resolve, 50);
	})`, nil)

	errs := tab.Errors()
	want := []string{"console error 42", "uncaught on purpose",
		"unhandled on purpose"}
	if len(errs) != len(want) {
		t.Fatalf("Errors() = %q; want %d messages with %q", errs,
			len(want), want)
	}
	for i, w := range want {
		if !strings.Contains(errs[i], w) {
			t.Errorf("Errors()[%d] = %q; want it to contain %q", i, errs[i], w)
		}
	}

	// Errors of earlier pages stay after a navigation.
	tab.Navigate(srv.URL + "/next")
	if got := tab.Errors(); !slices.Equal(got, errs) {
		t.Errorf("Errors() after navigation = %q; want %q", got, errs)
	}
}

func TestChromiumTabClose(t *testing.T) {
	srv := newServer(t)
	bc := browsertest.NewContext(t)
	tab := bc.NewTab()
	tab.Navigate(srv.URL + "/")
	tab.Close()
	tab.Close()

	if err := tab.TryEval(`1`, nil); err == nil {
		t.Errorf("TryEval on a closed tab = nil; want an error")
	}
}
