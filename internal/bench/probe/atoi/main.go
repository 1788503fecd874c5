//go:build js && wasm

// Command atoi is bare plus strconv.Atoi, which package session calls to
// read the exponent that strconv.AppendFloat wrote. Its error, a
// *strconv.NumError, quotes the input with strconv.Quote.
package main

import (
	"strconv"
	"syscall/js"
)

func main() {
	input := js.Global().Get("probeInput").String()
	n, _ := strconv.Atoi(input)
	js.Global().Set("probeOutput", n)
	select {}
}
