// Package bench measures the library: the cost of its JavaScript calls in
// headless Chromium side by side with @analytics/session-utils 0.2.4, the
// start-up time of the browser build, the net/http middleware against a
// bare handler and against github.com/alexedwards/scs/v2, and the cookie
// codec against encoding/json. BENCHMARKS.md records the results and the
// commands that produced them.
//
// The benchmarks run only with -bench. A normal go test runs short
// versions of the browser measurements that check their results (the same
// session id on every call, no exceptions) and time nothing.
//
// The subdirectories hold the programs of scripts/size: bare, probe,
// cmd/size and package wasmsize.
package bench
