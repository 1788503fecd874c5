//go:build js && wasm

// Command recover is bare plus a deferred function that recovers a
// panic, as package browser guards its calls into JavaScript.
package main

import (
	"syscall/js"
)

func main() {
	input := js.Global().Get("probeInput").String()
	js.Global().Set("probeOutput", guarded(input))
	select {}
}

func guarded(input string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return input[len(input)-1] == 'x'
}
