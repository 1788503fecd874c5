// Package bench measures the library. In headless Chromium it times the
// JavaScript calls side by side with @analytics/session-utils 0.2.4, and
// the start-up of the browser build. On the server it compares the
// net/http middleware with a bare handler and with
// github.com/alexedwards/scs/v2, and the cookie codec with encoding/json. BENCHMARKS.md records the results and the
// commands that produced them.
//
// The benchmarks run only with -bench. A normal go test runs short
// versions of the browser measurements that check their results (the same
// session id on every call, no exceptions) and time nothing.
//
// The subdirectories hold the programs of scripts/size (bare, probe,
// cmd/size and package wasmsize) and cmd/load, which sends a bounded load
// to a server that it starts on 127.0.0.1.
package bench
