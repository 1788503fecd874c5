// Package assets compiles the browser build of sessionutils and serves it
// over HTTP.
//
// # Files
//
// The browser build is:
//
//   - the WebAssembly module, compiled from ./cmd/sessionutils-wasm with
//     GOOS=js GOARCH=wasm;
//   - sessionutils.js, Go's wasm_exec.js followed by the loader (loader.js),
//     which fetches and starts the module and defines window.sessionUtils;
//   - sessionutils.mjs, an ES module that loads sessionutils.js when the
//     page has not, waits for the module to start, and exports the calls.
//
// # Development server
//
// [Handler] builds the module once per process and serves
// /sessionutils.js, /sessionutils.wasm and /sessionutils.mjs from memory
// with Cache-Control: no-cache and an ETag, so a reload picks up a rebuild.
//
// # Requirements
//
// The build runs the go command found on PATH inside this module's source
// tree, so [Build] and [Handler] work in tests, in `go run` from the
// repository and in tools run from it, but not in a binary installed
// elsewhere.
package assets
