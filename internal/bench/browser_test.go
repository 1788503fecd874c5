//go:build !(js && wasm)

package bench

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/sessionutils/session/internal/browsertest"
)

// calls are the functions that BenchmarkBrowserCalls times. Both libraries
// have them with the same names.
var calls = []string{"getSession", "getTabSession", "getPageSession"}

// libraries are the globals of the two libraries on /calls.html.
var libraries = []string{"sessionUtils", "utilSessions"}

// batchJS defines batch(library, call, n) on the page. It calls
// window[library][call]() n times, checks that every call returns the id
// of the first, and returns the microseconds per call, the id, and the
// number of calls that returned another id. performance.now() has a
// resolution of 0.1 ms in a page that is not cross-origin isolated, so a
// batch must be long against that.
const batchJS = `window.batch = function (library, call, n) {
  var lib = window[library];
  var id = lib[call]().id;
  var mismatches = 0;
  var t0 = performance.now();
  for (var i = 0; i < n; i++) {
    if (lib[call]().id !== id) {
      mismatches++;
    }
  }
  var t1 = performance.now();
  return {us: (t1 - t0) * 1000 / n, id: id, mismatches: mismatches};
}`

type batchResult struct {
	US         float64 `json:"us"`
	ID         string  `json:"id"`
	Mismatches int     `json:"mismatches"`
}

// callTimes holds, for one call, the microseconds per call of each round,
// by library.
type callTimes map[string][]float64

// runCalls loads /calls.html in a new browser context and runs rounds of
// batches of n calls: in each round, for each call, one batch of each
// library, in the order ours, theirs in even rounds and theirs, ours in odd
// ones. It fails tb on a page error, a call that returns another id than
// the library's first call, or a library whose session ids are not
// separate from the other's.
func runCalls(tb testing.TB, n, rounds int) map[string]callTimes {
	tb.Helper()
	srv := newServer(tb)
	tab := browsertest.NewContext(tb).NewTab()
	tab.Navigate(srv.URL + "/calls.html")
	tab.Eval(`sessionUtils.ready.then(() => typeof utilSessions)`, nil)
	tab.Eval(batchJS, nil)

	times := map[string]callTimes{}
	ids := map[string]string{} // library and call to the first id
	for _, call := range calls {
		times[call] = callTimes{}
		// A warm-up batch lets V8 optimize both libraries' code.
		for _, lib := range libraries {
			runBatch(tb, tab, lib, call, n/10+1, ids)
		}
	}
	for round := range rounds {
		order := slices.Clone(libraries)
		if round%2 == 1 {
			slices.Reverse(order)
		}
		for _, call := range calls {
			for _, lib := range order {
				r := runBatch(tb, tab, lib, call, n, ids)
				times[call][lib] = append(times[call][lib], r.US)
			}
		}
	}
	for _, call := range calls {
		ours, theirs := ids["sessionUtils."+call], ids["utilSessions."+call]
		if ours == theirs {
			tb.Errorf("%s() returned id %q in both libraries; want separate "+
				"sessions", call, ours)
		}
	}
	checkNoErrors(tb, tab)
	return times
}

// runBatch runs one batch and checks its ids against the first batch of
// the same library and call.
func runBatch(tb testing.TB, tab *browsertest.Tab, lib, call string, n int,
	ids map[string]string) batchResult {
	tb.Helper()
	var r batchResult
	tab.Eval(fmt.Sprintf("batch(%q, %q, %d)", lib, call, n), &r)
	key := lib + "." + call
	if r.ID == "" {
		tb.Fatalf("%s() returned no id", key)
	}
	if r.Mismatches != 0 {
		tb.Errorf("%s() returned another id than %q in %d of %d calls",
			key, r.ID, r.Mismatches, n)
	}
	if first, ok := ids[key]; !ok {
		ids[key] = r.ID
	} else if r.ID != first {
		tb.Errorf("%s() returned id %q; want %q as in the first batch",
			key, r.ID, first)
	}
	return r
}

func TestBrowserCallsShort(t *testing.T) {
	times := runCalls(t, 300, 2)
	for _, call := range calls {
		for _, lib := range libraries {
			if got := len(times[call][lib]); got != 2 {
				t.Errorf("%s.%s: %d rounds timed; want 2", lib, call, got)
			}
		}
	}
}

// BenchmarkBrowserCalls times getSession, getTabSession and getPageSession
// of our library (window.sessionUtils) and of @analytics/session-utils
// 0.2.4 (window.utilSessions) on one page in headless Chromium, in
// alternating rounds, and reports the median microseconds per call of each
// library and the median of the per-round ratios ours/theirs. The flags
// -calls and -rounds set the work; the run does not depend on b.N, so run
// it with -benchtime 1x:
//
//	go test -run '^$' -bench BrowserCalls -benchtime 1x ./internal/bench
func BenchmarkBrowserCalls(b *testing.B) {
	times := runCalls(b, *callsPerRound, *rounds)
	b.StopTimer()
	var table strings.Builder
	fmt.Fprintf(&table, "\n| call | ours µs | theirs µs | ours/theirs |\n")
	fmt.Fprintf(&table, "| --- | ---: | ---: | ---: |\n")
	for _, call := range calls {
		ours, theirs := times[call]["sessionUtils"], times[call]["utilSessions"]
		ratios := make([]float64, len(ours))
		for i := range ours {
			ratios[i] = ours[i] / theirs[i]
		}
		o, t, r := median(ours), median(theirs), median(ratios)
		b.ReportMetric(o, call+"-ours-µs/call")
		b.ReportMetric(t, call+"-theirs-µs/call")
		b.ReportMetric(r, call+"-ours/theirs")
		fmt.Fprintf(&table, "| %s() | %.3f | %.3f | %.2f |\n", call, o, t, r)
	}
	b.ReportMetric(0, "ns/op")
	b.Logf("%d rounds of %d calls per library and call, medians:%s",
		*rounds, *callsPerRound, table.String())
}

// median returns the median of xs, which it sorts.
func median(xs []float64) float64 {
	return quantile(xs, 0.5)
}

// quantile returns the q-quantile of xs by linear interpolation between
// the closest ranks, and sorts xs.
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	pos := q * float64(len(xs)-1)
	i := int(pos)
	if i+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[i] + (pos-float64(i))*(xs[i+1]-xs[i])
}

// wasmContentType returns the Content-Type with which srv serves the
// browser build's module.
func wasmContentType(tb testing.TB, url string) string {
	tb.Helper()
	resp, err := http.Get(url + "/sessionutils.wasm")
	if err != nil {
		tb.Fatalf("GET /sessionutils.wasm failed: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET /sessionutils.wasm = %s; want 200 OK", resp.Status)
	}
	return resp.Header.Get("Content-Type")
}
