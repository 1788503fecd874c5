//go:build js && wasm

// Command pow10 is bare plus math.Pow10, math.Trunc, math.Abs,
// math.IsNaN and math.IsInf, the math functions package session calls.
package main

import (
	"math"
	"syscall/js"
)

func main() {
	input := js.Global().Get("probeInput").String()
	f := float64(len(input)) * math.Pow10(len(input)-3)
	ok := f == math.Trunc(f) && math.Abs(f) < 1e15
	ok = ok && !math.IsNaN(f) && !math.IsInf(f, 0)
	js.Global().Set("probeOutput", ok)
	select {}
}
