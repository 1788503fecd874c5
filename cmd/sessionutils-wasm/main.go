//go:build js && wasm

// Command sessionutils-wasm is the WebAssembly program behind the
// sessionutils.js loader: it keeps the page's sessions and answers the
// loader's calls. Build it with GOOS=js GOARCH=wasm.
package main

import "github.com/sessionutils/session/browser"

func main() {
	browser.Open(nil)
	select {}
}
