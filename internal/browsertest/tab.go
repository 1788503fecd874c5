//go:build !(js && wasm)

package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// Context is a browser context of the shared browser: a cookie jar, storage
// and cache that no other Context can read. The tabs of one Context share them,
// as the tabs of one browser profile do. A Context belongs to one test and
// is not safe for concurrent use.
type Context struct {
	t       testing.TB
	browser context.Context // chromedp context of the shared browser
	id      cdp.BrowserContextID
}

// NewContext creates a browser context in the shared browser, starting the
// browser on the first call, and disposes of the browser context and its
// tabs when t ends. It fails t when the browser cannot start.
func NewContext(t testing.TB) *Context {
	t.Helper()
	b := sharedBrowser(t)

	ctx, cancel := context.WithTimeout(b.ctx, ActionTimeout)
	defer cancel()
	res, err := chromedp.CallBrowser(ctx, target.CreateBrowserContext,
		target.CreateBrowserContextParams{})
	if err != nil {
		t.Fatalf("browsertest: creating a browser context failed: %v", err)
	}

	c := &Context{t: t, browser: b.ctx, id: res.BrowserContextID}
	t.Cleanup(c.dispose)
	return c
}

// dispose disposes of the browser context, which closes its tabs.
func (c *Context) dispose() {
	ctx, cancel := context.WithTimeout(c.browser, ActionTimeout)
	defer cancel()
	_, err := chromedp.CallBrowser(ctx, target.DisposeBrowserContext,
		target.DisposeBrowserContextParams{BrowserContextID: c.id})
	if err != nil {
		c.t.Errorf("browsertest: disposing of browser context %s failed: %v",
			c.id, err)
	}
}

// NewTab opens a tab on about:blank in a new window of the browser context.
// The tab closes when the test ends, or earlier with [Tab.Close].
func (c *Context) NewTab() *Tab {
	c.t.Helper()
	return c.attach(chromedp.WithExistingBrowserContext(c.id))
}

// attach creates a chromedp context for a tab with opt, which names a new
// tab or an existing one, and attaches to the tab.
func (c *Context) attach(opt chromedp.ContextOption) *Tab {
	c.t.Helper()
	tab := &Tab{t: c.t, owner: c}
	ctx, cancel := chromedp.NewContext(c.browser, opt,
		chromedp.WithListener(tab.record))
	tab.cdpCtx, tab.cancel = ctx, cancel

	// The first Run binds the life of the tab to its context, so it cannot
	// carry a deadline.
	if err := runFirst(ctx, cancel, ActionTimeout); err != nil {
		cancel()
		c.t.Fatalf("browsertest: opening a tab failed: %v", err)
	}
	c.t.Cleanup(cancel)
	return tab
}

// Cookies returns every cookie of the browser context, for every host and
// path, as the protocol command Storage.getCookies reports them. Unlike
// document.cookie, the result has the attributes: Path, SameSite, HttpOnly,
// Secure and the expiry in seconds since the Unix epoch (-1 for a cookie
// without one).
func (c *Context) Cookies() []*network.Cookie {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.browser, ActionTimeout)
	defer cancel()
	res, err := chromedp.CallBrowser(ctx, storage.GetCookies,
		storage.GetCookiesParams{BrowserContextID: c.id})
	if err != nil {
		c.t.Fatalf("browsertest: reading cookies failed: %v", err)
	}
	return res.Cookies
}

// Tab is a browser tab in a [Context]. Its methods fail the test when the
// browser reports an error or an action takes longer than [ActionTimeout].
// A Tab is not safe for concurrent use, except for [Tab.Errors].
type Tab struct {
	t      testing.TB
	owner  *Context
	cdpCtx context.Context // chromedp context of the tab
	cancel context.CancelFunc

	mu     sync.Mutex
	errors []string
}

// Context returns the browser context of the tab.
func (tab *Tab) Context() *Context {
	return tab.owner
}

// Navigate loads url in the tab and waits for its load event.
func (tab *Tab) Navigate(url string) {
	tab.t.Helper()
	if err := tab.do(chromedp.Navigate(url)); err != nil {
		tab.t.Fatalf("browsertest: navigating to %s failed: %v", url, err)
	}
}

// Reload reloads the page of the tab and waits for its load event.
func (tab *Tab) Reload() {
	tab.t.Helper()
	if err := tab.do(chromedp.Reload()); err != nil {
		tab.t.Fatalf("browsertest: reloading failed: %v", err)
	}
}

// Close closes the tab. Calling it more than once is safe.
func (tab *Tab) Close() {
	tab.cancel()
}

// Eval evaluates the JavaScript expression expr in the page of the tab and,
// when expr returns a promise, waits for it to settle. It decodes the result
// as JSON into the value that result points to, unless result is nil. It
// fails the test when expr throws, the promise rejects, or the result does
// not decode.
func (tab *Tab) Eval(expr string, result any) {
	tab.t.Helper()
	if err := tab.TryEval(expr, result); err != nil {
		tab.t.Fatalf("browsertest: evaluating %s failed: %v", expr, err)
	}
}

// TryEval is like [Tab.Eval], but returns the error instead of failing the
// test. An exception that expr throws, or the rejection of its promise, is a
// *chromedp.ExceptionError. A result of undefined is an error unless result
// is nil. An exception that TryEval returns is not one of [Tab.Errors].
func (tab *Tab) TryEval(expr string, result any) error {
	ctx, cancel := context.WithTimeout(tab.cdpCtx, ActionTimeout)
	defer cancel()
	raw, err := chromedp.Run(ctx,
		chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	if result == nil {
		return nil
	}
	if len(raw) == 0 {
		return errors.New("result is undefined")
	}
	if err := json.Unmarshal(raw, result); err != nil {
		return fmt.Errorf("decoding result %s: %w", raw, err)
	}
	return nil
}

// OpenWindow calls window.open(url) in the page of the tab, waits until the
// new window has loaded url, and returns its tab. Chromium copies the
// sessionStorage of the opener into a same-origin window that it opens this
// way, as it does for a duplicated tab.
//
// NOTE: the new tab records errors from the moment OpenWindow attaches to
// it, so [Tab.Errors] can miss an error of the first moments of its page.
func (tab *Tab) OpenWindow(url string) *Tab {
	tab.t.Helper()
	ctx, cancel := context.WithTimeout(tab.cdpCtx, ActionTimeout)
	defer cancel()

	opener := chromedp.FromContext(tab.cdpCtx).Target.TargetID
	opened := chromedp.WaitNewTarget(ctx, func(info *target.Info) bool {
		return info.OpenerID == opener
	})
	quoted, err := json.Marshal(url)
	if err != nil {
		tab.t.Fatalf("browsertest: encoding URL %q failed: %v", url, err)
	}
	expr := fmt.Sprintf(`((u) => { u = new URL(u, location.href).href;
		return window.open(u) ? u : ""; })(%s)`, quoted)
	// The popup blocker lets a page open a window only in response to a user
	// gesture, such as a click.
	absolute, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr,
		func(p *runtime.EvaluateParams) { p.UserGesture = new(true) }))
	if err != nil {
		tab.t.Fatalf("browsertest: window.open(%q) failed: %v", url, err)
	}
	if absolute == "" {
		tab.t.Fatalf("browsertest: window.open(%q) returned null", url)
	}

	var id target.ID
	select {
	case id = <-opened:
	case <-ctx.Done():
	}
	if id == "" {
		tab.t.Fatalf("browsertest: no window opened for %s", url)
	}
	popup := tab.owner.attach(chromedp.WithTargetID(id))
	popup.waitLoaded(absolute)
	return popup
}

// waitLoaded waits until the tab shows url and its document has loaded.
// A window that window.open created starts on about:blank and navigates
// later, and a check that runs during the navigation can fail because the
// document it ran in has gone, so the check repeats.
func (tab *Tab) waitLoaded(url string) {
	tab.t.Helper()
	check := fmt.Sprintf(
		`location.href === %q && document.readyState === "complete"`, url)
	deadline := time.Now().Add(ActionTimeout)
	for {
		var loaded bool
		err := tab.TryEval(check, &loaded)
		if err == nil && loaded {
			return
		}
		if time.Now().After(deadline) {
			tab.t.Fatalf("browsertest: window did not load %s "+
				"within %v (last error: %v)", url, ActionTimeout, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Errors returns the uncaught exceptions, unhandled promise rejections and
// console.error and console.assert messages of the pages of the tab, in the
// order they occurred. It includes every message that the browser sent
// before the last action of the tab returned.
func (tab *Tab) Errors() []string {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	return append([]string(nil), tab.errors...)
}

// do runs action on the tab with the deadline ActionTimeout.
func (tab *Tab) do(action chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(tab.cdpCtx, ActionTimeout)
	defer cancel()
	return chromedp.Do(ctx, action)
}

// record stores the events of the tab that report an error. chromedp calls
// it on the goroutine that reads the messages of the tab, before it reads
// the next message, so an error that a page reports before the reply to a
// command is stored before that command returns.
func (tab *Tab) record(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		msg = "uncaught exception: " + exceptionText(ev.ExceptionDetails)
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError &&
			ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		msg = "console." + string(ev.Type) + ": " + argsText(ev.Args)
	default:
		return
	}
	tab.mu.Lock()
	tab.errors = append(tab.errors, msg)
	tab.mu.Unlock()
}

// exceptionText returns the description of an exception and where it was
// thrown.
func exceptionText(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "no details"
	}
	text := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		text += " " + d.Exception.Description
	}
	if d.URL != "" {
		text += fmt.Sprintf(" (%s:%d:%d)", d.URL, d.LineNumber+1,
			d.ColumnNumber+1)
	}
	return text
}

// argsText returns the arguments of a console call as the console shows
// them, roughly: strings as they are, other values as JSON or as their
// description.
func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		parts = append(parts, remoteText(a))
	}
	return strings.Join(parts, " ")
}

// remoteText returns a short text for a value of the page.
func remoteText(o *runtime.RemoteObject) string {
	var s string
	switch {
	case o.Type == runtime.RemoteObjectTypeString && json.Unmarshal(o.Value, &s) == nil:
		return s
	case len(o.Value) > 0:
		return string(o.Value)
	case o.UnserializableValue != "":
		return string(o.UnserializableValue)
	case o.Description != "":
		return o.Description
	}
	return string(o.Type)
}
