//go:build js && wasm

package browser

import (
	"syscall/js"

	"github.com/sessionutils/session"
)

// Sessions holds the three sessions of the page the program runs in. Its
// methods are the calls of @analytics/session-utils 0.2.4 with Go types.
// There is one Sessions per page, shared with the JavaScript global, so
// both see the same sessions. It is not safe for use from more than one
// goroutine at a time.
type Sessions struct {
	t *session.Tracker
}

var page struct {
	sessions *Sessions
	store    pageStore
	opts     session.Options
}

// Open returns the sessions of the current page. The first call, or the
// first call from JavaScript, fixes the options; later calls return the
// same Sessions and ignore opts. A nil opts means the defaults.
func Open(opts *session.Options) *Sessions {
	if page.sessions != nil {
		return page.sessions
	}
	if opts != nil {
		page.opts = *opts
	}
	page.store.dom = domStore{document: js.Global().Get("document")}
	secure := js.Global().Get("location").Get("protocol").String() == "https:"
	t := session.NewTracker(&page.store, &page.opts, page.store.now,
		cryptoReader{}, secure)
	page.sessions = &Sessions{t: t}
	return page.sessions
}

// GetSession returns the persisted session, starting one that lasts
// minutes when none is in force; zero minutes means the configured
// timeout. See [session.Tracker.GetSession].
func (s *Sessions) GetSession(minutes float64, persistedOnly bool) (session.Persisted, error) {
	return s.t.GetSession(minutes, persistedOnly)
}

// SetSession starts a new persisted session, or with extend set extends
// the current one, with the extra attributes.
func (s *Sessions) SetSession(minutes float64, extra []session.Attr, extend bool) (session.Persisted, error) {
	return s.t.SetSession(minutes, extra, extend)
}

// ExtendSession moves the persisted session's expiry to now plus minutes,
// never earlier than it was, and merges extra.
func (s *Sessions) ExtendSession(minutes float64, extra []session.Attr) (session.Persisted, error) {
	return s.t.ExtendSession(minutes, extra)
}

// RemoveSession deletes the persisted session's cookie.
func (s *Sessions) RemoveSession() { s.t.RemoveSession() }

// GetTabSession returns the tab session, starting one if needed.
func (s *Sessions) GetTabSession() (session.Scope, error) { return s.t.GetTabSession() }

// SetTabSession starts a new tab session.
func (s *Sessions) SetTabSession() (session.Scope, error) { return s.t.SetTabSession() }

// GetPageSession returns the page session, starting one if needed.
func (s *Sessions) GetPageSession() (session.Scope, error) { return s.t.GetPageSession() }

// SetPageSession starts a new page session.
func (s *Sessions) SetPageSession() (session.Scope, error) { return s.t.SetPageSession() }

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
