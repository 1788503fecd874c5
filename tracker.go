package session

import (
	"io"
)

// Store is the storage a [Tracker] works on: in a browser, document.cookie
// and sessionStorage. An error from any method makes the tracker keep that
// tier in memory instead.
type Store interface {
	// Cookies returns every cookie visible to the page, in the form of
	// document.cookie.
	Cookies() (string, error)

	// SetCookie sets one cookie from an attribute string, as assigning to
	// document.cookie does.
	SetCookie(line string) error

	// Item returns the value stored under key, and whether there is one.
	Item(key string) (string, bool, error)

	// SetItem stores value under key.
	SetItem(key, value string) error
}

// TabKey is the sessionStorage key under which the tab session is kept.
const TabKey = "__session_tab"

// Tracker keeps the three sessions of one page: the persisted session in a
// cookie, the tab session in sessionStorage, and the page session in its
// own memory. It implements the calls of @analytics/session-utils 0.2.4.
// A Tracker is not safe for concurrent use; a page has one thread.
type Tracker struct {
	opts   Options
	store  Store
	now    func() int64
	random io.Reader
	secure bool

	// header and picked cache the last decoded cookie header.
	header string
	picked pick

	// memory holds the persisted session when cookies do not work, and
	// the last one seen otherwise.
	memory    Session
	inMemory  bool
	removedID string

	tab     Scope
	hasTab  bool
	page    Scope
	hasPage bool
	buf     []byte
}

type pick struct {
	s      Session
	status Status
	err    error
}

// NewTracker returns a tracker on store. now returns the current Unix time
// in ms, random is the source of session ids, and secure says whether the
// page is on https, which adds the cookie's Secure attribute. A nil opts
// means the defaults.
func NewTracker(store Store, opts *Options, now func() int64, random io.Reader, secure bool) *Tracker {
	t := &Tracker{store: store, now: now, random: random, secure: secure}
	if opts != nil {
		t.opts = *opts
	}
	return t
}

// GetSession returns the persisted session, starting one that lasts
// minutes when none is in force (30 when minutes is not positive). Each
// call counts as activity and slides the expiry, unless persistedOnly is
// set, in which case the stored session is returned as it is.
func (t *Tracker) GetSession(minutes float64, persistedOnly bool) (Persisted, error) {
	now := t.now()
	cur, status, err := t.load(now)
	if status != StatusValid {
		reason, prev := t.startReason(status, cur)
		p, startErr := t.start(now, minutes, reason, prev, nil)
		if startErr != nil {
			return p, startErr
		}
		return p, err
	}
	if !persistedOnly && t.opts.Touch(&cur, now) {
		t.save(&cur, now)
	}
	return t.view(cur, now, false), nil
}

// SetSession starts a new persisted session lasting minutes, with the
// extra attributes. With extend set it keeps the current session instead,
// merges the attributes into it and moves its expiry to now plus minutes,
// never earlier than it was. The session is unchanged if the attributes
// are invalid or would make the cookie too large.
func (t *Tracker) SetSession(minutes float64, extra []Attr, extend bool) (Persisted, error) {
	if err := CheckExtra(extra); err != nil {
		return Persisted{}, err
	}
	now := t.now()
	cur, status, _ := t.load(now)
	if !extend || status != StatusValid {
		reason, prev := t.startReason(status, cur)
		if status == StatusValid {
			reason = ReasonSet
		}
		return t.start(now, minutes, reason, prev, extra)
	}
	next := cur
	next.Extra = mergeAttrs(cur.Extra, extra)
	next.Duration = MinutesToMillis(minutes, t.opts.timeout())
	if now > next.LastActive() {
		next.Modified = now
	}
	if e := now + next.Duration; e > next.Expires {
		next.Expires = e
	}
	if err := t.checkSize(&next, now); err != nil {
		return t.view(cur, now, false), err
	}
	t.save(&next, now)
	return t.view(next, now, false), nil
}

// ExtendSession extends the persisted session by minutes (1 when minutes
// is not positive, as in @analytics/session-utils) and merges extra.
func (t *Tracker) ExtendSession(minutes float64, extra []Attr) (Persisted, error) {
	if !(minutes > 0) {
		minutes = 1
	}
	return t.SetSession(minutes, extra, true)
}

// RemoveSession deletes the session cookie. The next call starts a new
// session with reason "removed".
func (t *Tracker) RemoveSession() {
	now := t.now()
	if cur, status, _ := t.load(now); status == StatusValid {
		t.removedID = cur.ID
	}
	t.buf = t.opts.AppendDeletion(t.buf[:0], t.secure)
	t.setCookie(string(t.buf))
	// A cookie written by @analytics/session-utils has no Path attribute,
	// so it lives at the page's directory; delete that one too.
	t.buf = append(t.buf[:0], t.opts.cookieName()...)
	t.buf = append(t.buf, "=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"...)
	t.setCookie(string(t.buf))
	t.memory = Session{}
}

// GetTabSession returns the tab session, starting one when the tab has
// none or when the persisted session it belongs to has changed.
func (t *Tracker) GetTabSession() (Scope, error) {
	parent, err := t.GetSession(0, false)
	now := t.now()
	tab, ok := t.loadTab()
	switch {
	case !ok:
		return t.startTab(now, parent.ID, ReasonNew, ""), err
	case tab.ParentID != parent.ID:
		return t.startTab(now, parent.ID, ReasonParent, tab.ID), err
	}
	return scopeView(tab, now, false), err
}

// SetTabSession starts a new tab session.
func (t *Tracker) SetTabSession() (Scope, error) {
	parent, err := t.GetSession(0, false)
	prev := ""
	if tab, ok := t.loadTab(); ok {
		prev = tab.ID
	}
	return t.startTab(t.now(), parent.ID, ReasonSet, prev), err
}

// GetPageSession returns the page session, starting one when the page has
// none or when its tab session has changed.
func (t *Tracker) GetPageSession() (Scope, error) {
	tab, err := t.GetTabSession()
	now := t.now()
	switch {
	case !t.hasPage:
		return t.startPage(now, tab.ID, ReasonNew, ""), err
	case t.page.ParentID != tab.ID:
		return t.startPage(now, tab.ID, ReasonParent, t.page.ID), err
	}
	return scopeView(t.page, now, false), err
}

// SetPageSession starts a new page session.
func (t *Tracker) SetPageSession() (Scope, error) {
	tab, err := t.GetTabSession()
	return t.startPage(t.now(), tab.ID, ReasonSet, t.page.ID), err
}

func (t *Tracker) startReason(status Status, cur Session) (Reason, string) {
	switch {
	case status == StatusExpired:
		return ReasonExpired, cur.ID
	case status == StatusInvalid:
		return ReasonInvalid, ""
	case status == StatusValid:
		return ReasonNew, cur.ID
	case t.removedID != "":
		return ReasonRemoved, t.removedID
	}
	return ReasonNew, ""
}

func (t *Tracker) start(now int64, minutes float64, reason Reason, prev string, extra []Attr) (Persisted, error) {
	id, err := NewID(now, t.random)
	if err != nil {
		return Persisted{}, err
	}
	s := Start(now, MinutesToMillis(minutes, t.opts.timeout()), id)
	s.Reason, s.PreviousID, s.Extra = reason, prev, extra
	if err := t.checkSize(&s, now); err != nil {
		return Persisted{}, err
	}
	t.removedID = ""
	t.save(&s, now)
	return t.view(s, now, true), nil
}

// load returns the persisted session stored at now.
func (t *Tracker) load(now int64) (Session, Status, error) {
	header, err := t.store.Cookies()
	if err != nil || t.inMemory {
		t.inMemory = true
		if t.memory.ID == "" {
			return Session{}, StatusNone, nil
		}
		if t.memory.ExpiredAt(now) {
			return t.memory, StatusExpired, nil
		}
		return t.memory, StatusValid, nil
	}
	if header != t.header || t.picked.status == StatusNone {
		values := CookieValues(header, t.opts.cookieName())
		s, status, err := Pick(values, now)
		t.header, t.picked = header, pick{s, status, err}
	}
	p := t.picked
	if p.status == StatusValid && p.s.ExpiredAt(now) {
		return p.s, StatusExpired, nil
	}
	return p.s, p.status, p.err
}

// checkSize returns ErrTooLarge if the cookie for s would pass the limit
// browsers set on a cookie's name and value.
func (t *Tracker) checkSize(s *Session, now int64) error {
	t.buf = t.opts.AppendCookie(t.buf[:0], s, now, t.secure)
	if n := len(t.buf); n > MaxCookieSize {
		return ErrTooLarge
	}
	return nil
}

// MaxCookieSize is the most bytes of name and value a cookie may hold:
// RFC 6265, section 6.1, asks browsers for at least 4096, and Chromium
// rejects more.
const MaxCookieSize = 4096

// save writes s to the cookie, or keeps it in memory if that fails.
func (t *Tracker) save(s *Session, now int64) {
	t.memory = *s
	if t.inMemory {
		return
	}
	t.buf = t.opts.AppendCookie(t.buf[:0], s, now, t.secure)
	t.setCookie(string(t.buf))
}

func (t *Tracker) setCookie(line string) {
	if t.inMemory {
		return
	}
	if err := t.store.SetCookie(line); err != nil {
		t.inMemory = true
	}
	t.header = "\x00" // force a fresh decode on the next read
}

func (t *Tracker) view(s Session, now int64, isNew bool) Persisted {
	p := View(s, now, isNew)
	if t.inMemory {
		p.Storage = "memory"
	}
	return p
}

func scopeView(s Scope, now int64, isNew bool) Scope {
	s.Elapsed = now - s.Created
	s.IsNew = isNew
	return s
}

// loadTab returns the stored tab session.
func (t *Tracker) loadTab() (Scope, bool) {
	if t.hasTab && t.tab.Storage == "memory" {
		return t.tab, true
	}
	v, ok, err := t.store.Item(TabKey)
	if err != nil || !ok {
		return Scope{}, false
	}
	s, err := decodeScope(v)
	if err != nil {
		return Scope{}, false
	}
	s.Tier, s.Storage = TierTab, "sessionStorage"
	return s, true
}

func (t *Tracker) startTab(now int64, parent string, reason Reason, prev string) Scope {
	s := t.newScope(TierTab, now, parent, reason, prev)
	s.Storage = "sessionStorage"
	if err := t.store.SetItem(TabKey, string(s.appendRecord(nil))); err != nil {
		s.Storage = "memory"
	}
	t.tab, t.hasTab = s, true
	return scopeView(s, now, true)
}

func (t *Tracker) startPage(now int64, parent string, reason Reason, prev string) Scope {
	s := t.newScope(TierPage, now, parent, reason, prev)
	s.Storage = "memory"
	t.page, t.hasPage = s, true
	return scopeView(s, now, true)
}

func (t *Tracker) newScope(tier Tier, now int64, parent string, reason Reason, prev string) Scope {
	id, err := NewID(now, t.random)
	if err != nil {
		// NOTE: a failing random source leaves only the time part; the
		// tracker still returns a usable, if guessable, id.
		id, _ = NewID(now, zeroReader{})
	}
	return Scope{Tier: tier, ID: id, Created: now, ParentID: parent,
		PreviousID: prev, Reason: reason}
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
