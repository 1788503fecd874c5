//go:build js && wasm

// Command bare is the smallest syscall/js program: it sets one global and
// blocks. scripts/size builds it with the flags of the browser build and
// reports the browser build's size as the difference to this one, which is
// the cost of the Go runtime and syscall/js that any Go program in a page
// pays.
package main

import "syscall/js"

func main() {
	js.Global().Set("sessionutilsBare", true)
	select {}
}
