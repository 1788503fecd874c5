//go:build js && wasm

// Command cookie is bare plus what a server does with the cookie:
// session.CookieValues, Options.Pick, Options.Touch and
// Options.AppendCookie.
package main

import (
	"syscall/js"

	"github.com/sessionutils/session"
)

func main() {
	input := js.Global().Get("probeInput").String()
	var opts session.Options
	s, _, _ := opts.Pick(session.CookieValues(input, "__session"), 0)
	opts.Touch(&s, int64(len(input)))
	js.Global().Set("probeOutput", string(opts.AppendCookie(nil, &s, 0, false)))
	select {}
}
