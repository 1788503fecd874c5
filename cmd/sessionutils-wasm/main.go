//go:build js && wasm

// Command sessionutils-wasm is the WebAssembly program behind the
// sessionutils.js loader. It only has to stay alive: the loader opens the
// page's sessions with its options and calls the functions that package
// browser exports to WebAssembly. Build it with GOOS=js GOARCH=wasm.
package main

import _ "github.com/sessionutils/session/browser"

func main() {
	select {}
}
