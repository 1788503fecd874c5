//go:build js && wasm

package browser

import (
	"errors"
	"syscall/js"
)

// domStore is a session.Store on document.cookie and sessionStorage.
type domStore struct {
	document js.Value
}

func (s domStore) Cookies() (cookies string, err error) {
	defer catch(&err)
	return s.document.Get("cookie").String(), nil
}

func (s domStore) SetCookie(line string) (err error) {
	defer catch(&err)
	s.document.Set("cookie", line)
	return nil
}

func (s domStore) Item(key string) (value string, ok bool, err error) {
	defer catch(&err)
	storage := js.Global().Get("sessionStorage")
	if storage.IsUndefined() || storage.IsNull() {
		return "", false, errNoStorage
	}
	v := storage.Call("getItem", key)
	if v.IsNull() {
		return "", false, nil
	}
	return v.String(), true, nil
}

func (s domStore) SetItem(key, value string) (err error) {
	defer catch(&err)
	storage := js.Global().Get("sessionStorage")
	if storage.IsUndefined() || storage.IsNull() {
		return errNoStorage
	}
	storage.Call("setItem", key, value)
	return nil
}

var errNoStorage = errors.New("session: sessionStorage is not available")

// catch turns a JavaScript exception, which syscall/js raises as a panic
// of type js.Error, into an error. Other panics go on.
func catch(err *error) {
	r := recover()
	if r == nil {
		return
	}
	if jsErr, ok := r.(js.Error); ok {
		*err = jsErr
		return
	}
	panic(r)
}

// cryptoReader reads random bytes from crypto.getRandomValues, which plain
// http pages have too (crypto.randomUUID needs a secure context).
type cryptoReader struct{}

func (cryptoReader) Read(p []byte) (n int, err error) {
	defer catch(&err)
	crypto := js.Global().Get("crypto")
	for n < len(p) {
		// getRandomValues fills at most 65536 bytes a call.
		chunk := min(len(p)-n, 65536)
		arr := js.Global().Get("Uint8Array").New(chunk)
		crypto.Call("getRandomValues", arr)
		n += js.CopyBytesToGo(p[n:n+chunk], arr)
	}
	return n, nil
}
