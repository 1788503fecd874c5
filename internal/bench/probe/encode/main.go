//go:build js && wasm

// Command encode is bare plus session.Encode.
package main

import (
	"syscall/js"

	"github.com/sessionutils/session"
)

func main() {
	input := js.Global().Get("probeInput").String()
	s := session.Start(int64(len(input)), 1800000, input)
	js.Global().Set("probeOutput", session.Encode(&s))
	select {}
}
