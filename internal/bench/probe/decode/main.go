//go:build js && wasm

// Command decode is bare plus session.Decode.
package main

import (
	"syscall/js"

	"github.com/sessionutils/session"
)

func main() {
	input := js.Global().Get("probeInput").String()
	s, _ := session.Decode(input)
	js.Global().Set("probeOutput", s.ID)
	select {}
}
