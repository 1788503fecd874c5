//go:build js && wasm

// Command codec is bare plus the cookie codec: session.Decode,
// session.Encode and Session.AppendJSON.
package main

import (
	"syscall/js"

	"github.com/sessionutils/session"
)

func main() {
	input := js.Global().Get("probeInput").String()
	s, _ := session.Decode(input)
	out := session.Encode(&s) + string(s.AppendJSON(nil))
	js.Global().Set("probeOutput", out)
	select {}
}
