//go:build js && wasm

// Command utf8 is bare plus the unicode/utf8 functions that package
// session calls: Valid, DecodeRuneInString and AppendRune.
package main

import (
	"syscall/js"
	"unicode/utf8"
)

func main() {
	input := js.Global().Get("probeInput").String()
	r, _ := utf8.DecodeRuneInString(input)
	b := utf8.AppendRune(nil, r)
	js.Global().Set("probeOutput", utf8.Valid(b))
	select {}
}
