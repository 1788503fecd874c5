//go:build js && wasm

package browser

import (
	"errors"
	"unsafe"

	"github.com/sessionutils/session"
)

// The loader calls into Go through the functions exported here rather than
// through syscall/js callbacks: a call into a go:wasmexport function costs
// nanoseconds, a js.FuncOf callback tens of microseconds. The loader
// copies its inputs into a buffer in Go's memory, calls sessionutils_call,
// and reads the output from another buffer.
//
// Output is a list of records separated by NUL bytes, which none of them
// can contain: "C" and a document.cookie assignment, "S" and a value for
// sessionStorage, then "R" and the JSON of the result or "E" and an error
// message.

// Operations, in the order of the JavaScript API.
const (
	opGetSession = iota + 1
	opSetSession
	opExtendSession
	opRemoveSession
	opGetTabSession
	opSetTabSession
	opGetPageSession
	opSetPageSession
)

// Flags passed with each call.
const (
	flagPersistedOnly = 1 << iota
	flagExtend
	flagCookieError // reading document.cookie threw
	flagItemPresent
	flagItemError // sessionStorage is missing or threw
)

var (
	input  []byte
	output []byte
)

type bridgeCall struct {
	now       int64
	cookie    string
	cookieErr bool
	itemValue string
	itemOK    bool
	itemErr   bool
}

var errBridge = errors.New("session: storage is not available")

func (b *bridgeCall) cookies() (string, error) {
	if b.cookieErr {
		return "", errBridge
	}
	return b.cookie, nil
}

func (b *bridgeCall) item() (string, bool, error) {
	if b.itemErr {
		return "", false, errBridge
	}
	return b.itemValue, b.itemOK, nil
}

func (b *bridgeCall) write(kind byte, value string) {
	output = append(output, kind)
	output = append(output, value...)
	output = append(output, 0)
}

// inputBuffer returns the address of a buffer of at least n bytes for the
// next call's inputs.
//
//go:wasmexport sessionutils_input
func inputBuffer(n uint32) unsafe.Pointer {
	if cap(input) < int(n) {
		input = make([]byte, n)
	}
	input = input[:n]
	if n == 0 {
		return nil
	}
	return unsafe.Pointer(&input[0])
}

// outputBuffer returns the address of the last call's output.
//
//go:wasmexport sessionutils_output
func outputBuffer() unsafe.Pointer {
	if len(output) == 0 {
		return nil
	}
	return unsafe.Pointer(&output[0])
}

// call runs one operation. The input buffer holds the cookie string, then
// the sessionStorage value, then the JSON of the extra attributes, of the
// given lengths. It returns the length of the output.
//
//go:wasmexport sessionutils_call
func call(op uint32, minutes float64, flags uint32, now float64,
	cookieLen, itemLen, extraLen uint32) uint32 {
	output = output[:0]
	if int(cookieLen)+int(itemLen)+int(extraLen) > len(input) {
		output = append(output, "Esession: input lengths exceed the buffer"...)
		return uint32(len(output))
	}
	in := input
	b := &bridgeCall{
		now:       int64(now),
		cookie:    string(in[:cookieLen]),
		cookieErr: flags&flagCookieError != 0,
		itemValue: string(in[cookieLen : cookieLen+itemLen]),
		itemOK:    flags&flagItemPresent != 0,
		itemErr:   flags&flagItemError != 0,
	}
	extra := string(in[cookieLen+itemLen : cookieLen+itemLen+extraLen])
	s := Open(nil)
	page.store.bridge = b
	defer func() {
		page.store.bridge = nil
		if r := recover(); r != nil {
			output = append(output, "Esession: internal error"...)
		}
	}()
	run(s, op, minutes, flags, extra)
	return uint32(len(output))
}

func run(s *Sessions, op uint32, minutes float64, flags uint32, extra string) {
	var (
		p     session.Persisted
		scope session.Scope
		err   error
		isScp bool
	)
	switch op {
	case opGetSession:
		p, err = s.GetSession(minutes, flags&flagPersistedOnly != 0)
		if flags&flagPersistedOnly != 0 {
			output = append(output, 'R')
			output = p.Session.AppendJSON(output)
			return
		}
	case opSetSession, opExtendSession:
		var attrs []session.Attr
		attrs, err = session.ParseExtra(extra)
		if err != nil {
			fail(err)
			return
		}
		if op == opExtendSession {
			p, err = s.ExtendSession(minutes, attrs)
		} else {
			p, err = s.SetSession(minutes, attrs, flags&flagExtend != 0)
		}
		if err != nil {
			fail(err)
			return
		}
	case opRemoveSession:
		s.RemoveSession()
		output = append(output, "Rnull"...)
		return
	case opGetTabSession:
		scope, err = s.GetTabSession()
		isScp = true
	case opSetTabSession:
		scope, err = s.SetTabSession()
		isScp = true
	case opGetPageSession:
		scope, err = s.GetPageSession()
		isScp = true
	case opSetPageSession:
		scope, err = s.SetPageSession()
		isScp = true
	default:
		output = append(output, "Esession: unknown operation"...)
		return
	}
	// A decode problem with a stored value is reported by replacing the
	// session, not by failing the call: err is informational here.
	_ = err
	output = append(output, 'R')
	if isScp {
		output = scope.AppendJSON(output)
	} else {
		output = p.AppendJSON(output)
	}
}

func fail(err error) {
	output = append(output, 'E')
	output = append(output, err.Error()...)
}
