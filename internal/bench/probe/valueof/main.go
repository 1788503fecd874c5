//go:build js && wasm

// Command valueof is bare plus js.ValueOf of a map[string]any, as
// package browser passes options to Intl.DateTimeFormat.
package main

import (
	"syscall/js"
)

func main() {
	input := js.Global().Get("probeInput").String()
	opts := map[string]any{
		"timeZone": input, "hour": "numeric", "hourCycle": "h23",
	}
	js.Global().Set("probeOutput", js.ValueOf(opts))
	select {}
}
