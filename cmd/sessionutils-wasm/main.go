//go:build js && wasm

// Command sessionutils-wasm is the WebAssembly program behind the
// sessionutils.js loader. It only has to stay alive: the loader opens the
// page's sessions with its options and calls the functions that package
// browser exports to WebAssembly. Build it with GOOS=js GOARCH=wasm.
//
// NOTE: the module is about 100 KB (gzip) larger than a bare syscall/js
// program, against a goal of 30 KB; BENCHMARKS.md measures what each part
// of the session rules and their JSON output adds.
package main

import _ "github.com/sessionutils/session/browser"

func main() {
	select {}
}
