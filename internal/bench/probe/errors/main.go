//go:build js && wasm

// Command errors is bare plus errors.New and an error type with an Unwrap
// method, the error handling of package session, which calls neither
// errors.Is nor errors.As.
package main

import (
	"errors"
	"syscall/js"
)

func main() {
	input := js.Global().Get("probeInput").String()
	err := error(&wrapped{why: input})
	if len(input) > 3 {
		err = errBase
	}
	js.Global().Set("probeOutput", err.Error())
	select {}
}

var errBase = errors.New("probe: base error")

type wrapped struct{ why string }

func (e *wrapped) Error() string { return errBase.Error() + ": " + e.why }

func (e *wrapped) Unwrap() error { return errBase }
