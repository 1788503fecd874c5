//go:build js && wasm

// Command readfull is bare plus io.ReadFull on an io.Reader, as
// session.NewID reads random bytes.
package main

import (
	"io"
	"syscall/js"
)

func main() {
	input := js.Global().Get("probeInput").String()
	var b [10]byte
	n, _ := io.ReadFull(byteReader(input[0]), b[:])
	js.Global().Set("probeOutput", n)
	select {}
}

// byteReader returns its byte forever.
type byteReader byte

func (r byteReader) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = byte(r)
	}
	return len(b), nil
}
