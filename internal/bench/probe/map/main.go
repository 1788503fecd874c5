//go:build js && wasm

// Command map is bare plus a map[int]func() with insert, delete and
// range, as package browser keeps its onChange callbacks.
package main

import (
	"syscall/js"
)

func main() {
	input := js.Global().Get("probeInput").String()
	callbacks := map[int]func(){}
	for i := range len(input) {
		callbacks[i] = func() { js.Global().Set("probeOutput", i) }
	}
	delete(callbacks, 0)
	for _, f := range callbacks {
		f()
	}
	select {}
}
