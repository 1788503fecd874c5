//go:build js && wasm

// Command options is bare plus session.ParseOptions and
// Options.Validate, which read and check the loader's options.
package main

import (
	"syscall/js"

	"github.com/sessionutils/session"
)

func main() {
	input := js.Global().Get("probeInput").String()
	opts, _, err := session.ParseOptions(input)
	if err == nil {
		err = opts.Validate("example.com", false)
	}
	js.Global().Set("probeOutput", err == nil)
	select {}
}
