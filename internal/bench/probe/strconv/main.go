//go:build js && wasm

// Command strconv is bare plus the strconv functions that package
// session calls, except AppendFloat: AppendInt, AppendBool and FormatBool.
package main

import (
	"strconv"
	"syscall/js"
)

func main() {
	input := js.Global().Get("probeInput").String()
	b := strconv.AppendInt(nil, int64(len(input)), 10)
	b = strconv.AppendBool(b, len(input) > 3)
	js.Global().Set("probeOutput", string(b)+strconv.FormatBool(len(input) > 4))
	select {}
}
