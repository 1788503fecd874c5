//go:build !(js && wasm)

// Package browsertest runs Go tests against a real headless Chromium through
// the Chrome DevTools Protocol.
//
// A test binary starts one Chromium process, on the first call of
// [NewContext], and [Main] closes it when the tests end. Each test gets its
// own browser context, with its own cookie jar and storage, so tests do not
// see each other's cookies even when they run in parallel. A browser context
// holds one or more tabs, and a [Tab] evaluates JavaScript, navigates and
// reloads, and records the uncaught exceptions and console errors of its
// pages.
//
// Use it from TestMain:
//
//	func TestMain(m *testing.M) { browsertest.Main(m) }
//
//	func TestCookie(t *testing.T) {
//		tab := browsertest.NewContext(t).NewTab()
//		tab.Navigate(srv.URL)
//		var title string
//		tab.Eval(`document.title`, &title)
//	}
//
// Chromium must be on PATH as chromium (Debian package chromium). A test
// fails, and never skips, when it is missing or does not start. The browser
// resolves every host name except 127.0.0.1 to an error and uses no proxy, so
// a page can reach only servers on the loopback address.
//
// Every browser action fails the test when it takes longer than
// [ActionTimeout], so a hung browser ends the test instead of the test run.
package browsertest

import (
	"context"
	"fmt"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ActionTimeout is the maximum time of one browser action: a navigation, a
// reload, an evaluation, a cookie read or the opening of a tab.
const ActionTimeout = 30 * time.Second

// startTimeout is the maximum time for the browser process to start and
// open its first tab.
const startTimeout = 60 * time.Second

// installHint is the part of an error message that says how to install
// the browser.
const installHint = "install Chromium with `apt-get install -y chromium` " +
	"(Debian), or run scripts/test, which installs it"

// flags are the Chromium command-line flags. The allocator adds a fresh
// temporary --user-data-dir and removes it when the browser exits.
var flags = []chromedp.ExecAllocatorOption{
	chromedp.NoSandbox,
	chromedp.Headless,
	chromedp.DisableGPU,
	chromedp.NoFirstRun,
	chromedp.NoDefaultBrowserCheck,
	chromedp.Flag("disable-background-networking", true),
	chromedp.Flag("disable-component-update", true),
	chromedp.Flag("disable-sync", true),
	chromedp.Flag("disable-dev-shm-usage", true),
	// Chromium throttles the timers of a hidden or background tab to about
	// one wake-up a second, which would stretch the waits in a page.
	chromedp.Flag("disable-background-timer-throttling", true),
	chromedp.Flag("disable-renderer-backgrounding", true),
	chromedp.Flag("disable-backgrounding-occluded-windows", true),
	// A page can reach nothing but loopback.
	chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost, EXCLUDE *.localhost"),
	chromedp.Flag("no-proxy-server", true),
}

// browser is the Chromium process that the tests of one binary share.
type browser struct {
	ctx         context.Context // chromedp context of the browser
	cancel      context.CancelFunc
	cancelAlloc context.CancelFunc
}

// shared holds the browser of the test binary. Main sets running, and the
// first NewContext starts the browser.
var shared struct {
	mu      sync.Mutex
	running bool
	b       *browser
	err     error // error of the start, kept so that later tests fail fast
}

// Main runs the tests of m and then closes the browser, if a test started
// one. Call it from TestMain:
//
//	func TestMain(m *testing.M) { browsertest.Main(m) }
//
// Main returns after the browser has exited and its temporary profile
// directory is removed. TestMain then exits with the result of the tests.
func Main(m *testing.M) {
	shared.mu.Lock()
	shared.running = true
	shared.mu.Unlock()

	m.Run()

	shared.mu.Lock()
	b := shared.b
	shared.b = nil
	shared.running = false
	shared.mu.Unlock()
	if b != nil {
		b.close()
	}
}

// sharedBrowser returns the browser of the test binary, and starts it on the
// first call. It fails t when Main is not running or the browser cannot
// start.
func sharedBrowser(t testing.TB) *browser {
	t.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if !shared.running {
		t.Fatal("browsertest: Main is not running: add " +
			"`func TestMain(m *testing.M) { browsertest.Main(m) }` " +
			"to the test package")
	}
	if shared.b == nil && shared.err == nil {
		shared.b, shared.err = startBrowser()
	}
	if shared.err != nil {
		t.Fatalf("browsertest: %v", shared.err)
	}
	return shared.b
}

// startBrowser starts Chromium and opens its first tab.
func startBrowser() (*browser, error) {
	path, err := exec.LookPath("chromium")
	if err != nil {
		return nil, fmt.Errorf("chromium not found on PATH: %s", installHint)
	}

	opts := append([]chromedp.ExecAllocatorOption{chromedp.ExecPath(path)},
		flags...)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(
		context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)

	// The first Run binds the life of the browser to its context, so it
	// cannot carry a deadline. A timer cancels the context instead.
	if err := runFirst(ctx, cancel, startTimeout); err != nil {
		cancel()
		cancelAlloc()
		return nil, fmt.Errorf("starting %s failed: %w; %s",
			path, err, installHint)
	}
	return &browser{ctx: ctx, cancel: cancel, cancelAlloc: cancelAlloc}, nil
}

// close closes the browser gracefully, and kills it when that takes too
// long.
func (b *browser) close() {
	ctx, cancel := context.WithTimeout(b.ctx, ActionTimeout)
	defer cancel()
	chromedp.Cancel(ctx)
	b.cancel()
	b.cancelAlloc()
}

// runFirst runs the first, empty action on the chromedp context ctx. That
// run starts the browser or opens the tab of ctx, and binds its life to ctx.
// When it takes longer than timeout, runFirst calls cancel, which ends the
// browser or the tab, and returns an error.
func runFirst(ctx context.Context, cancel context.CancelFunc,
	timeout time.Duration) error {
	timer := time.AfterFunc(timeout, cancel)
	err := chromedp.Do(ctx)
	if !timer.Stop() {
		return fmt.Errorf("timed out after %v", timeout)
	}
	return err
}
