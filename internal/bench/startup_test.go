//go:build !(js && wasm)

package bench

import (
	"fmt"
	"testing"

	"github.com/sessionutils/session/internal/browsertest"
)

// startupJS waits for the start-up of /startup.html and returns its
// duration with the wasm download's timing from the Resource Timing API.
// transferSize is 0 when the response came from the HTTP cache without a
// request, and the size of the headers alone after a 304 revalidation.
const startupJS = `window.startup.then(function (r) {
  var wasm = performance.getEntriesByType('resource').filter(function (e) {
    return /\.wasm$/.test(e.name);
  })[0];
  r.wasmDoneMs = wasm ? wasm.responseEnd - window.startAt : -1;
  r.wasmTransfer = wasm ? wasm.transferSize : -1;
  r.userAgent = navigator.userAgent;
  return r;
})`

type startup struct {
	MS             float64 `json:"ms"`
	InstantiatedMS float64 `json:"instantiatedMs"`
	ReadyMS        float64 `json:"readyMs"`
	ID             string  `json:"id"`
	WasmDoneMS     float64 `json:"wasmDoneMs"`
	WasmTransfer   int     `json:"wasmTransfer"`
	UserAgent      string  `json:"userAgent"`
}

// runStartups loads /startup.html n times, each time in a new browser
// context and so with an empty HTTP cache (cold), then once more in the
// same context (warm). It fails tb when a load does not start a session
// or reports a page error.
func runStartups(tb testing.TB, n int) (cold, warm []startup) {
	tb.Helper()
	srv := newServer(tb)
	if ct := wasmContentType(tb, srv.URL); ct != "application/wasm" {
		tb.Errorf("GET /sessionutils.wasm: Content-Type %q; want "+
			"application/wasm, which streaming compilation requires", ct)
	}
	for i := range n {
		bc := browsertest.NewContext(tb)
		tab := bc.NewTab()
		for j, into := range []*[]startup{&cold, &warm} {
			tab.Navigate(srv.URL + "/startup.html")
			var s startup
			tab.Eval(startupJS, &s)
			if s.ID == "" {
				tb.Fatalf("load %d.%d: getSession() returned no id", i, j)
			}
			*into = append(*into, s)
		}
		checkNoErrors(tb, tab)
		tab.Close()
	}
	return cold, warm
}

func TestStartupShort(t *testing.T) {
	cold, warm := runStartups(t, 2)
	for i := range cold {
		if cold[i].WasmTransfer <= 0 {
			t.Errorf("load %d: cold wasm transferSize = %d; want a download",
				i, cold[i].WasmTransfer)
		}
		if warm[i].ID != cold[i].ID {
			t.Errorf("load %d: warm getSession().id = %q; want %q from the "+
				"cold load in the same context", i, warm[i].ID, cold[i].ID)
		}
	}
	if cold[0].ID == cold[1].ID {
		t.Errorf("getSession().id = %q in two browser contexts; want "+
			"separate sessions", cold[0].ID)
	}
}

func TestStreamingCompilation(t *testing.T) {
	srv := newServer(t)
	tab := browsertest.NewContext(t).NewTab()
	tab.Navigate(srv.URL + "/streaming.html")
	var streaming string
	tab.Eval(`sessionUtils.ready.then(() => window.streaming)`, &streaming)
	if streaming != "compiled" {
		t.Errorf("WebAssembly.instantiateStreaming: %s; want compiled",
			streaming)
	}
	checkNoErrors(t, tab)
}

// BenchmarkStartup reports the median and 90th percentile of the time from
// the start of the script to the end of the first getSession() call, for
// loads with an empty HTTP cache (cold) and for a second load in the same
// browser context (warm). It also logs the medians of the times at which
// the module was received, compiled and instantiated, and ready. The flag -loads sets the number of loads; the run
// does not depend on b.N, so run it with -benchtime 1x:
//
//	go test -run '^$' -bench Startup -benchtime 1x ./internal/bench
func BenchmarkStartup(b *testing.B) {
	cold, warm := runStartups(b, *loads)
	b.StopTimer()
	report := func(name string, loads []startup) string {
		var ms, wasm, instantiated, ready []float64
		transfer := 0
		for _, s := range loads {
			ms = append(ms, s.MS)
			wasm = append(wasm, s.WasmDoneMS)
			instantiated = append(instantiated, s.InstantiatedMS)
			ready = append(ready, s.ReadyMS)
			transfer = max(transfer, s.WasmTransfer)
		}
		p50, p90 := quantile(ms, 0.5), quantile(ms, 0.9)
		b.ReportMetric(p50, name+"-p50-ms")
		b.ReportMetric(p90, name+"-p90-ms")
		return fmt.Sprintf("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %d |\n",
			name, p50, p90, median(wasm), median(instantiated), median(ready),
			transfer)
	}
	table := "\n| loads | p50 ms | p90 ms | p50 ms to: wasm received | " +
		"instantiated | ready | wasm transferSize, max |\n" +
		"| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n" +
		report("cold", cold) + report("warm", warm)
	b.ReportMetric(0, "ns/op")
	b.Logf("%d loads, %s:%s", len(cold), cold[0].UserAgent, table)
}
