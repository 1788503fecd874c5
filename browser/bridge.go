//go:build js && wasm

package browser

import (
	"strconv"
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
// sessionStorage, "V" and the JSON of a change event, "T" and the instant
// until which the result may be reused (see Tracker.StableUntil), then "R"
// and the JSON of the result or "E" and an error message.

// Operations, in the order of the JavaScript API, then the loader's own.
const (
	opGetSession = iota + 1
	opSetSession
	opExtendSession
	opRemoveSession
	opGetTabSession
	opSetTabSession
	opGetPageSession
	opSetPageSession
	opPeekSession
	opPeekTabSession
	opPeekPageSession
	opNavigate  // the page changed without a load
	opRestored  // the page came back from the back/forward cache
	opConfigure // the extra input holds the options JSON
	opCampaign  // the extra input holds the page's campaign parameters
)

// Flags passed with each call.
const (
	flagPersistedOnly = 1 << iota
	flagExtend
	flagCookieError // reading document.cookie threw
	flagItemPresent
	flagItemError         // sessionStorage is missing or threw
	flagCookieWriteFailed // an earlier cookie write did not take effect
	flagItemWriteFailed   // an earlier sessionStorage write threw
	flagShorten
	flagDuplicate // the tab's sessionStorage was copied from a live tab
	flagSecure    // the page is on https
)

var (
	input  []byte
	output []byte
)

// bridgeCall holds the inputs of one call from the loader.
type bridgeCall struct {
	now       int64
	cookie    string
	cookieErr bool
	itemValue string
	itemOK    bool
	itemErr   bool
}

func (b *bridgeCall) cookies() (string, error) {
	if b.cookieErr {
		return "", errNoCookies
	}
	return b.cookie, nil
}

func (b *bridgeCall) item() (string, bool, error) {
	if b.itemErr {
		return "", false, errNoStorage
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
//lint:ignore U1000 the loader calls it from JavaScript
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
//lint:ignore U1000 the loader calls it from JavaScript
func outputBuffer() unsafe.Pointer {
	if len(output) == 0 {
		return nil
	}
	return unsafe.Pointer(&output[0])
}

// call runs one operation. The input buffer holds the cookie string, then
// the sessionStorage value, then the extra input (the JSON of the extra
// attributes, or of the options), of the given lengths. It returns the
// length of the output.
//
//go:wasmexport sessionutils_call
//lint:ignore U1000 the loader calls it from JavaScript
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
	if op == opConfigure {
		configure(extra, flags)
		return uint32(len(output))
	}
	s := Open(nil)
	page.store.bridge = b
	defer func() {
		page.store.bridge = nil
		if r := recover(); r != nil {
			output = append(output, "Esession: internal error"...)
		}
	}()
	if flags&flagCookieWriteFailed != 0 {
		s.t.CookieWriteFailed()
	}
	if flags&flagItemWriteFailed != 0 {
		s.t.ItemWriteFailed()
	}
	result, err := run(s, op, minutes, flags, extra)
	changes := s.t.TakeChanges()
	if len(output) == 0 && len(changes) == 0 && err == nil && cacheable(op, flags) {
		// Nothing was written, so the loader may reuse this result for the
		// same call until the returned instant.
		output = append(output, 'T')
		output = strconv.AppendInt(output, s.t.StableUntil(), 10)
		output = append(output, 0)
	}
	for _, c := range changes {
		s.notify(c)
		output = append(output, 'V')
		output = c.AppendJSON(output)
		output = append(output, 0)
	}
	if err != nil {
		output = append(output, 'E')
		output = append(output, err.Error()...)
		return uint32(len(output))
	}
	output = append(output, 'R')
	output = append(output, result...)
	return uint32(len(output))
}

// cacheable reports whether the loader may reuse the last result of op
// while the storage is unchanged.
func cacheable(op, flags uint32) bool {
	switch op {
	case opGetSession:
		return flags&flagPersistedOnly == 0
	case opGetTabSession, opGetPageSession:
		return true
	}
	return false
}

// configure opens the page's sessions with the options the loader passes.
func configure(optionsJSON string, flags uint32) {
	opts, bopts, err := session.ParseOptions(optionsJSON)
	if err == nil {
		err = openWith(&opts, bopts, flags&flagSecure != 0)
	}
	if err != nil {
		output = append(output, 'E')
		output = append(output, err.Error()...)
		return
	}
	if flags&flagDuplicate != 0 {
		page.sessions.t.MarkDuplicate()
	}
	if flags&flagItemWriteFailed != 0 {
		page.sessions.t.ItemWriteFailed()
	}
	output = append(output, "Rnull"...)
}

// run performs op and returns the JSON of its result. A decode problem
// with a stored value is not an error here: the session was replaced, and
// the call succeeds.
func run(s *Sessions, op uint32, minutes float64, flags uint32, extra string) ([]byte, error) {
	var buf []byte
	switch op {
	case opGetSession:
		p, _ := s.GetSession(minutes, flags&flagPersistedOnly != 0)
		if flags&flagPersistedOnly != 0 {
			return p.Session.AppendJSON(buf), nil
		}
		return p.AppendJSON(buf), nil
	case opSetSession, opExtendSession:
		attrs, err := session.ParseExtra(extra)
		if err != nil {
			return nil, err
		}
		var p session.Persisted
		if op == opExtendSession {
			p, err = s.ExtendSession(minutes, attrs, flags&flagShorten != 0)
		} else {
			p, err = s.SetSession(minutes, attrs, flags&flagExtend != 0)
		}
		if err != nil {
			return nil, err
		}
		return p.AppendJSON(buf), nil
	case opRemoveSession:
		s.RemoveSession()
		return append(buf, "null"...), nil
	case opPeekSession:
		if p, ok := s.PeekSession(); ok {
			return p.AppendJSON(buf), nil
		}
		return append(buf, "null"...), nil
	case opPeekTabSession, opPeekPageSession:
		peek := s.PeekTabSession
		if op == opPeekPageSession {
			peek = s.PeekPageSession
		}
		if sc, ok := peek(); ok {
			return sc.AppendJSON(buf), nil
		}
		return append(buf, "null"...), nil
	case opNavigate:
		s.t.Navigate(session.ReasonNavigation)
		return append(buf, "null"...), nil
	case opRestored:
		s.t.Navigate(session.ReasonRestored)
		return append(buf, "null"...), nil
	case opCampaign:
		s.t.SetCampaign(extra)
		return append(buf, "null"...), nil
	}
	var sc session.Scope
	switch op {
	case opGetTabSession:
		sc, _ = s.GetTabSession()
	case opSetTabSession:
		sc, _ = s.SetTabSession()
	case opGetPageSession:
		sc, _ = s.GetPageSession()
	case opSetPageSession:
		sc, _ = s.SetPageSession()
	default:
		return nil, errUnknownOp
	}
	return sc.AppendJSON(buf), nil
}
