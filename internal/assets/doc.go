// Package assets compiles the browser build of sessionutils, serves it over
// HTTP and writes it out as static files.
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
//     page has not, waits for the module to start, and exports the calls;
//   - sessionutils.d.ts and sessionutils.d.mts, the TypeScript definitions
//     of the global and of the ES module.
//
// # Development server
//
// [Handler] builds the module once per process and serves
// /sessionutils.js, /sessionutils.wasm and /sessionutils.mjs from memory
// with Cache-Control: no-cache and an ETag, so a reload picks up a rebuild.
//
// # Static build
//
// [WriteDir] writes the files into a directory for any web server. The
// module's file name carries a hash of its content
// (sessionutils.3f2a9c1b.wasm), and sessionutils.js names that file, so the
// module can be cached for a year while the small scripts are revalidated.
// [FileHandler] serves such a directory from an [io/fs.FS] with those cache
// lifetimes and with gzip. Package sessionhttp exports it as Assets.
//
// # Requirements
//
// The build runs the go command found on PATH inside this module's source
// tree, so [Build], [Handler] and [WriteDir] work in tests, in `go run` from
// the repository and in tools run from it, but not in a binary installed
// elsewhere. [FileHandler] needs only the files.
package assets
