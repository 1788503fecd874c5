//go:build js && wasm

package browser

import (
	"errors"
	"syscall/js"

	"github.com/sessionutils/session"
)

// Sessions holds the three sessions of the page the program runs in. Its
// methods are the calls of @analytics/session-utils 0.2.4 with Go types.
// There is one Sessions per page, shared with the JavaScript global, so
// both see the same sessions. It is not safe for use from more than one
// goroutine at a time.
type Sessions struct {
	t         *session.Tracker
	debug     bool
	listeners map[int]func(session.Change)
	nextID    int
}

var page struct {
	sessions *Sessions
	store    pageStore
	opts     session.Options
	midnight midnightCache
}

var (
	errNoCookies = errors.New("session: document.cookie is not available")
	errUnknownOp = errors.New("session: unknown operation")
)

// Open returns the sessions of the current page. The first call, or the
// loader's start, fixes the options; later calls return the same Sessions
// and ignore opts. A nil opts means the defaults. Open panics if the
// options are invalid for the page; use [Configure] to get the error.
func Open(opts *session.Options) *Sessions {
	if page.sessions == nil {
		if err := Configure(opts); err != nil {
			panic(err)
		}
	}
	return page.sessions
}

// Configure opens the page's sessions with opts, checking them against
// the page's host and scheme (see [session.Options.Validate]). It returns
// an error if the options are invalid, or if the sessions were already
// opened.
func Configure(opts *session.Options) error {
	secure := js.Global().Get("location").Get("protocol").String() == "https:"
	o := session.Options{}
	if opts != nil {
		o = *opts
	}
	return openWith(&o, session.BrowserOptions{}, secure)
}

func openWith(opts *session.Options, bopts session.BrowserOptions, secure bool) error {
	if page.sessions != nil {
		return errors.New("session: the page's sessions are already open; options apply only before the first call")
	}
	host := js.Global().Get("location").Get("hostname").String()
	if err := opts.Validate(host, secure); err != nil {
		return err
	}
	if opts.MidnightTimeZone != "" && opts.NextMidnight == nil {
		if err := page.midnight.init(opts.MidnightTimeZone); err != nil {
			return err
		}
		opts.NextMidnight = page.midnight.next
	}
	page.opts = *opts
	page.store.dom = domStore{document: js.Global().Get("document")}
	t := session.NewTracker(&page.store, &page.opts, page.store.now,
		cryptoReader{}, secure)
	page.sessions = &Sessions{t: t, debug: bopts.Debug}
	return nil
}

// GetSession returns the persisted session, starting one that lasts
// minutes when none is in force; zero minutes means the configured
// timeout. See [session.Tracker.GetSession].
func (s *Sessions) GetSession(minutes float64, persistedOnly bool) (session.Persisted, error) {
	defer s.flush()
	return s.t.GetSession(minutes, persistedOnly)
}

// SetSession starts a new persisted session, or with extend set extends
// the current one, with the extra attributes.
func (s *Sessions) SetSession(minutes float64, extra []session.Attr, extend bool) (session.Persisted, error) {
	defer s.flush()
	return s.t.SetSession(minutes, extra, extend)
}

// ExtendSession moves the persisted session's expiry to now plus minutes
// and merges extra. The expiry moves earlier only if shorten is set.
func (s *Sessions) ExtendSession(minutes float64, extra []session.Attr, shorten bool) (session.Persisted, error) {
	defer s.flush()
	return s.t.ExtendSession(minutes, extra, shorten)
}

// RemoveSession deletes the persisted session's cookie.
func (s *Sessions) RemoveSession() {
	defer s.flush()
	s.t.RemoveSession()
}

// GetTabSession returns the tab session, starting one if needed.
func (s *Sessions) GetTabSession() (session.Scope, error) {
	defer s.flush()
	return s.t.GetTabSession()
}

// SetTabSession starts a new tab session.
func (s *Sessions) SetTabSession() (session.Scope, error) {
	defer s.flush()
	return s.t.SetTabSession()
}

// GetPageSession returns the page session, starting one if needed.
func (s *Sessions) GetPageSession() (session.Scope, error) {
	defer s.flush()
	return s.t.GetPageSession()
}

// SetPageSession starts a new page session.
func (s *Sessions) SetPageSession() (session.Scope, error) {
	defer s.flush()
	return s.t.SetPageSession()
}

// PeekSession returns the persisted session in force without starting,
// extending or writing anything; ok is false when there is none.
func (s *Sessions) PeekSession() (p session.Persisted, ok bool) {
	return s.t.PeekSession()
}

// PeekTabSession returns the tab session in force without starting or
// writing anything.
func (s *Sessions) PeekTabSession() (session.Scope, bool) { return s.t.PeekTabSession() }

// PeekPageSession returns the page session in force without starting
// anything.
func (s *Sessions) PeekPageSession() (session.Scope, bool) { return s.t.PeekPageSession() }

// OnChange registers f to run once for each change of any tier, after the
// call that caused it, and returns a function that unregisters it. A
// panicking f is recovered and does not stop the other callbacks. Changes
// also reach the JavaScript onChange callbacks.
func (s *Sessions) OnChange(f func(session.Change)) (unsubscribe func()) {
	if s.listeners == nil {
		s.listeners = map[int]func(session.Change){}
	}
	s.nextID++
	id := s.nextID
	s.listeners[id] = f
	return func() { delete(s.listeners, id) }
}

// flush delivers the changes of a call made from Go to the Go callbacks
// and to the loader, which runs the JavaScript callbacks.
func (s *Sessions) flush() {
	if page.store.bridge != nil {
		return // the bridge delivers them with its output
	}
	emit := js.Global().Get("sessionUtils")
	for _, c := range s.t.TakeChanges() {
		s.notify(c)
		if emit.Type() == js.TypeObject && emit.Get("_emitLater").Type() == js.TypeFunction {
			emit.Call("_emitLater", string(c.AppendJSON(nil)))
		}
	}
}

func (s *Sessions) notify(c session.Change) {
	for _, f := range s.listeners {
		callSafely(f, c)
	}
}

func callSafely(f func(session.Change), c session.Change) {
	defer func() {
		if r := recover(); r != nil {
			js.Global().Get("console").Call("error",
				"sessionutils: an onChange callback panicked")
		}
	}()
	f(c)
}

// pageStore is the page's session.Store. Calls from Go go to the document;
// calls from JavaScript arrive with their inputs already read by the
// loader, which also applies their writes, because each crossing from Go
// into JavaScript costs more than the rest of the call.
type pageStore struct {
	dom    domStore
	bridge *bridgeCall
}

func (p *pageStore) Cookies() (string, error) {
	if b := p.bridge; b != nil {
		return b.cookies()
	}
	return p.dom.Cookies()
}

func (p *pageStore) SetCookie(line string) error {
	if b := p.bridge; b != nil {
		b.write('C', line)
		return nil
	}
	return p.dom.SetCookie(line)
}

func (p *pageStore) Item(key string) (string, bool, error) {
	if b := p.bridge; b != nil {
		return b.item()
	}
	return p.dom.Item(key)
}

func (p *pageStore) SetItem(key, value string) error {
	if b := p.bridge; b != nil {
		b.write('S', value)
		return nil
	}
	return p.dom.SetItem(key, value)
}

func (p *pageStore) now() int64 {
	if b := p.bridge; b != nil {
		return b.now
	}
	return int64(js.Global().Get("Date").Call("now").Float())
}
