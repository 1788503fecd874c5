//go:build js && wasm

// Command appendfloat is bare plus strconv.AppendFloat with the
// shortest representation, as package session formats numbers.
package main

import (
	"strconv"
	"syscall/js"
)

func main() {
	input := js.Global().Get("probeInput").String()
	b := strconv.AppendFloat(nil, float64(len(input))/3, 'g', -1, 64)
	js.Global().Set("probeOutput", string(b))
	select {}
}
