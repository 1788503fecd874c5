//go:build !(js && wasm)

package bench

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// BenchmarkBrowserCallsProfile runs getSession, getTabSession and
// getPageSession of our library under the V8 sampling profiler and reports
// where the time of a call goes, as shares of the profile's samples by
// function. Run it with a build that keeps the function names, because the
// served build has none:
//
//	GOOS=js GOARCH=wasm go build -trimpath -o /tmp/named.wasm ./cmd/sessionutils-wasm
//	go test -run '^$' -bench BrowserCallsProfile -benchtime 1x ./internal/bench -wasm /tmp/named.wasm
//
// The profiler needs the page's DevTools session, which package
// browsertest keeps to itself, so this benchmark starts its own Chromium
// with the same isolating flags. The profiler slows the calls, so the
// shares matter here, not the times.
func BenchmarkBrowserCallsProfile(b *testing.B) {
	srv := newServer(b)
	opts := []chromedp.ExecAllocatorOption{chromedp.NoSandbox,
		chromedp.Headless, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.Flag("no-proxy-server", true)}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(b.Context(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()

	eval := func(expr string) {
		b.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr,
			chromedp.EvalAwaitPromise)); err != nil {
			b.Fatalf("evaluating %s failed: %v", expr, err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/calls.html")); err != nil {
		b.Fatalf("navigating failed: %v (install Chromium with "+
			"`apt-get install -y chromium`)", err)
	}
	eval(`sessionUtils.ready.then(() => true)`)
	eval(batchJS)
	batches := func() {
		for _, call := range calls {
			eval(fmt.Sprintf("batch(%q, %q, %d)", "sessionUtils", call,
				*callsPerRound))
		}
	}
	batches() // warm-up

	profile := profileRun(b, ctx, batches)
	b.StopTimer()
	shares := selfShares(profile)
	var table strings.Builder
	fmt.Fprintf(&table, "\n| function | share of samples |\n| --- | ---: |\n")
	for _, s := range shares[:min(30, len(shares))] {
		fmt.Fprintf(&table, "| `%s` | %.1f%% |\n", s.name, 100*s.share)
	}
	fmt.Fprintf(&table, "\n| part | share of samples |\n| --- | ---: |\n")
	for _, p := range groupShares(shares) {
		fmt.Fprintf(&table, "| %s | %.1f%% |\n", p.name, 100*p.share)
	}
	b.ReportMetric(0, "ns/op")
	b.Logf("%d calls of each function:%s", *callsPerRound, table.String())
}

// profileRun runs f under the V8 sampling profiler, sampling every 50 µs.
func profileRun(b *testing.B, ctx context.Context, f func()) *profiler.Profile {
	b.Helper()
	if _, err := chromedp.Call(ctx, profiler.Enable, cdp.Empty{}); err != nil {
		b.Fatalf("Profiler.enable failed: %v", err)
	}
	if _, err := chromedp.Call(ctx, profiler.SetSamplingInterval,
		profiler.SetSamplingIntervalParams{Interval: 50}); err != nil {
		b.Fatalf("Profiler.setSamplingInterval failed: %v", err)
	}
	if _, err := chromedp.Call(ctx, profiler.Start, cdp.Empty{}); err != nil {
		b.Fatalf("Profiler.start failed: %v", err)
	}
	f()
	res, err := chromedp.Call(ctx, profiler.Stop, cdp.Empty{})
	if err != nil {
		b.Fatalf("Profiler.stop failed: %v", err)
	}
	return res.Profile
}

type share struct {
	name  string
	share float64
}

// selfShares returns each function's share of the samples in which it
// was running itself, largest first. The idle samples, those of the
// (idle) and (program) nodes between two evaluations, are left out.
func selfShares(p *profiler.Profile) []share {
	nodes := map[int64]*profiler.ProfileNode{}
	for _, n := range p.Nodes {
		nodes[n.ID] = n
	}
	counts := map[string]int{}
	total := 0
	for _, id := range p.Samples {
		name := nodes[id].CallFrame.FunctionName
		if name == "(idle)" || name == "(program)" || name == "(root)" {
			continue
		}
		if name == "" {
			name = "(anonymous)"
		}
		counts[name]++
		total++
	}
	var shares []share
	for name, n := range counts {
		shares = append(shares, share{name, float64(n) / float64(total)})
	}
	slices.SortFunc(shares, func(a, b share) int {
		if a.share != b.share {
			if a.share > b.share {
				return -1
			}
			return 1
		}
		return strings.Compare(a.name, b.name)
	})
	return shares
}

// groupShares adds the shares up by part of the call: the browser APIs
// that the loader calls, the loader's own JavaScript, the crossings into
// wasm, and Go by package.
func groupShares(shares []share) []share {
	parts := []struct {
		name  string
		match func(string) bool
	}{
		{"document.cookie read (get cookie, readCookie)", func(n string) bool {
			return n == "get cookie" || n == "readCookie"
		}},
		{"sessionStorage read (getItem, readItem)", func(n string) bool {
			return n == "getItem" || n == "readItem"
		}},
		{"string copies (encodeInto, decode, get buffer)", func(n string) bool {
			return n == "encodeInto" || n == "decode" || n == "get buffer"
		}},
		{"JavaScript to wasm transitions (js-to-wasm)", func(n string) bool {
			return strings.HasPrefix(n, "js-to-wasm")
		}},
		{"Go, package session", func(n string) bool {
			return strings.HasPrefix(n, "github.com_sessionutils_session.") ||
				strings.HasPrefix(n, "type_.eq.github.com_sessionutils_session.")
		}},
		{"Go, package browser", func(n string) bool {
			return strings.HasPrefix(n, "github.com_sessionutils_session_browser.") ||
				strings.HasPrefix(n, "sessionutils_")
		}},
		{"Go, runtime (allocation, GC, copies)", func(n string) bool {
			return strings.HasPrefix(n, "runtime.") || n == "(garbage collector)" ||
				strings.HasPrefix(n, "internal_") || n == "memeqbody" ||
				n == "memchr" || strings.HasPrefix(n, "wasm_")
		}},
		{"Go, other packages", func(n string) bool {
			return strings.Contains(n, ".") && !strings.Contains(n, " ")
		}},
	}
	sums := make([]share, len(parts)+1)
	for i, p := range parts {
		sums[i].name = p.name
	}
	sums[len(parts)].name = "other JavaScript (loader, JSON.parse, split)"
	for _, s := range shares {
		i := slices.IndexFunc(parts[:], func(p struct {
			name  string
			match func(string) bool
		}) bool {
			return p.match(s.name)
		})
		if i < 0 {
			i = len(parts)
		}
		sums[i].share += s.share
	}
	return sums
}
