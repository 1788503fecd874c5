//go:build !(js && wasm)

package bench

import (
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"

	"github.com/sessionutils/session/internal/assets"
	"github.com/sessionutils/session/internal/browsertest"
)

func TestMain(m *testing.M) { browsertest.Main(m) }

var (
	callsPerRound = flag.Int("calls", 20000,
		"BenchmarkBrowserCalls: calls of each function per side in one round")
	rounds = flag.Int("rounds", 15,
		"BenchmarkBrowserCalls: rounds, each timing both libraries in turn")
	loads = flag.Int("loads", 25,
		"BenchmarkStartup: page loads, each in a new browser context")
	wasmFile = flag.String("wasm", "",
		"WebAssembly `file` to serve as /sessionutils.wasm in place of the "+
			"build, such as the output of wasm-opt, without an ETag")
)

// benchCookie is the name of our cookie on the pages that load both
// libraries, because the npm package's is fixed to __session.
const benchCookie = "__sessionutils_bench"

var (
	assetsHandler = sync.OnceValues(assets.Handler)
)

// pages are the HTML pages of the server, by path.
var pages = map[string]string{
	// Both libraries, ours with its own cookie name.
	"/calls.html": `<!doctype html><meta charset="utf-8"><title>calls</title>
<script>window.sessionUtilsOptions = {cookieName: "` + benchCookie + `"};</script>
<script src="/sessionutils.js"></script>
<script src="/npm/session-utils.js"></script>`,

	// startAt is the time just before the browser runs our script, and
	// instantiatedAt the time WebAssembly.instantiateStreaming resolved:
	// the module is compiled and instantiated, and Go has not started.
	"/startup.html": `<!doctype html><meta charset="utf-8"><title>startup</title>
<script>
window.startAt = performance.now();
var instantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = function () {
  return instantiateStreaming.apply(this, arguments).then(function (r) {
    window.instantiatedAt = performance.now();
    return r;
  });
};
</script>
<script src="/sessionutils.js"></script>
<script>
window.startup = sessionUtils.ready.then(function (s) {
  var readyAt = performance.now();
  var session = s.getSession();
  var end = performance.now();
  return {ms: end - window.startAt, id: session.id,
    instantiatedMs: window.instantiatedAt - window.startAt,
    readyMs: readyAt - window.startAt};
});
</script>`,

	// streaming is "compiled" once WebAssembly.instantiateStreaming has
	// compiled the module, and an error message when it failed, which
	// makes the loader compile from the downloaded bytes instead.
	"/streaming.html": `<!doctype html><meta charset="utf-8"><title>streaming</title>
<script>
window.streaming = "not called";
var instantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = function () {
  return instantiateStreaming.apply(this, arguments).then(function (r) {
    window.streaming = "compiled";
    return r;
  }, function (e) {
    window.streaming = "failed: " + e;
    throw e;
  });
};
</script>
<script src="/sessionutils.js"></script>`,
}

// newServer starts a server on 127.0.0.1 with the pages, our browser build
// and the npm bundle, and stops it when tb ends.
func newServer(tb testing.TB) *httptest.Server {
	tb.Helper()
	build, err := assetsHandler()
	if err != nil {
		tb.Fatalf("assets.Handler() failed: %v", err)
	}
	bundle, err := browsertest.NpmBundle()
	if err != nil {
		tb.Fatalf("the npm package is not usable: %v", err)
	}

	mux := http.NewServeMux()
	mux.Handle("/sessionutils.js", build)
	if *wasmFile == "" {
		mux.Handle("/sessionutils.wasm", build)
	} else {
		wasm, err := os.ReadFile(*wasmFile)
		if err != nil {
			tb.Fatalf("reading -wasm: %v", err)
		}
		mux.Handle("/sessionutils.wasm", http.HandlerFunc(
			func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/wasm")
				w.Write(wasm)
			}))
	}
	mux.HandleFunc("/npm/session-utils.js",
		func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			w.Write(bundle)
		})
	for path, html := range pages {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.Write([]byte(html))
		})
	}
	mux.HandleFunc("/favicon.ico", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	srv := httptest.NewServer(mux)
	tb.Cleanup(srv.Close)
	return srv
}

// checkNoErrors fails tb when a page of tab reported an exception or a
// console error.
func checkNoErrors(tb testing.TB, tab *browsertest.Tab) {
	tb.Helper()
	for _, e := range tab.Errors() {
		tb.Errorf("page error: %s", e)
	}
}
