package session

import (
	"io"
	"unicode/utf8"
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

// AdoptWindow is the maximum age of two competing persisted sessions at
// which a tab adopts the other one instead of treating it as a
// replacement. Tabs opened together each start a session before they can
// see each other's cookie, and the last write wins.
const AdoptWindow = 10 * Second

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

	// memory holds the persisted session when cookies do not work.
	memory      Session
	inMemory    bool
	tabInMemory bool
	removedID   string

	// known is the persisted session this page last returned, so that a
	// change made by another tab shows. adoptedFrom is set while the page
	// shows a session it adopted.
	known       Session
	adoptedFrom string

	tab       Scope
	hasTab    bool
	duplicate bool
	page      Scope
	hasPage   bool
	campaign  string

	changes []Change
	buf     []byte
}

type pick struct {
	s      Session
	status Status
	err    error
}

// NewTracker returns a tracker on store. now returns the current Unix time
// in ms, random is the source of session ids, and secure reports whether
// the page is on https, which adds the cookie's Secure attribute. A nil opts
// means the defaults.
func NewTracker(store Store, opts *Options, now func() int64, random io.Reader, secure bool) *Tracker {
	t := &Tracker{store: store, now: now, random: random, secure: secure}
	if opts != nil {
		t.opts = *opts
	}
	return t
}

// GetSession returns the persisted session, starting one that lasts
// minutes when none is in force (the configured timeout when minutes is
// not positive). Each call counts as activity and slides the expiry,
// unless persistedOnly is set, in which case the stored session is
// returned as it is. The error reports a stored value that could not be
// decoded and was replaced; the session returned is usable all the same.
func (t *Tracker) GetSession(minutes float64, persistedOnly bool) (Persisted, error) {
	now := t.now()
	cur, status, err := t.load(now)
	if status == StatusValid && t.campaignChanged(&cur) {
		return t.start(now, minutes, ReasonCampaign, cur.ID, nil)
	}
	if status != StatusValid {
		reason, prev := t.startReason(status, cur, now)
		p, startErr := t.start(now, minutes, reason, prev, nil)
		if startErr != nil {
			return p, startErr
		}
		return p, err
	}
	t.notice(cur, now)
	if !persistedOnly && t.opts.Touch(&cur, now) {
		t.save(&cur, now)
	}
	return t.view(cur, now, false), nil
}

// PeekSession returns the persisted session in force, if any, without
// starting, extending or writing anything.
func (t *Tracker) PeekSession() (Persisted, bool) {
	now := t.now()
	cur, status, _ := t.load(now)
	if status != StatusValid {
		return Persisted{}, false
	}
	return t.view(cur, now, false), true
}

// SetSession starts a new persisted session lasting minutes, with the
// extra attributes. With extend set it keeps the current session instead,
// merges the attributes into it and moves its expiry to now plus minutes,
// never earlier than it was. The session is unchanged if the attributes
// are invalid or would make the cookie too large.
func (t *Tracker) SetSession(minutes float64, extra []Attr, extend bool) (Persisted, error) {
	return t.set(minutes, extra, extend, false)
}

// ExtendSession extends the persisted session by minutes (1 when minutes
// is not positive, as in @analytics/session-utils) and merges extra. The
// expiry never moves earlier unless shorten is set.
func (t *Tracker) ExtendSession(minutes float64, extra []Attr, shorten bool) (Persisted, error) {
	if !(minutes > 0) {
		minutes = 1
	}
	return t.set(minutes, extra, true, shorten)
}

func (t *Tracker) set(minutes float64, extra []Attr, extend, shorten bool) (Persisted, error) {
	if err := CheckExtra(extra); err != nil {
		return Persisted{}, err
	}
	now := t.now()
	cur, status, _ := t.load(now)
	if !extend || status != StatusValid {
		reason, prev := t.startReason(status, cur, now)
		if !extend {
			reason = ReasonSet
		}
		return t.start(now, minutes, reason, prev, extra)
	}
	t.notice(cur, now)
	next := cur
	next.Extra = mergeAttrs(cur.Extra, extra)
	if now > next.LastActive() {
		next.Modified = now
	}
	// The duration is also the idle timeout that later activity slides
	// by, so a shorter one applies only together with a shorter expiry.
	duration := MinutesToMillis(minutes, t.opts.timeout())
	expires := t.opts.capExpiry(&next, now+duration)
	if expires > next.Expires || shorten {
		next.Expires = expires
	}
	if duration > next.Duration || shorten {
		next.Duration = duration
	}
	if err := t.checkSize(&next); err != nil {
		return t.view(cur, now, false), err
	}
	t.save(&next, now)
	return t.view(next, now, false), nil
}

// RemoveSession deletes the session cookie. The next call starts a new
// session with reason "removed".
func (t *Tracker) RemoveSession() {
	now := t.now()
	cur, status, _ := t.load(now)
	if status == StatusValid {
		t.removedID = cur.ID
		t.emit(Change{Tier: TierPersisted, OldID: cur.ID, Reason: ReasonRemoved})
	}
	t.buf = t.opts.AppendDeletion(t.buf[:0], t.secure)
	t.setCookie(string(t.buf))
	// A cookie written by @analytics/session-utils has no Path attribute,
	// so it lives at the page's directory; delete that one too.
	t.buf = append(t.buf[:0], t.opts.cookieName()...)
	t.buf = append(t.buf, "=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"...)
	t.setCookie(string(t.buf))
	t.memory, t.known, t.adoptedFrom = Session{}, Session{}, ""
}

// GetTabSession returns the tab session, starting one when the tab has
// none, when the tab was duplicated, or when the persisted session it
// belongs to has changed.
func (t *Tracker) GetTabSession() (Scope, error) {
	parent, err := t.GetSession(0, false)
	now := t.now()
	tab, ok := t.loadTab()
	if !ok && t.hasTab && !t.duplicate {
		// Something cleared sessionStorage under the live page; the tab
		// is the same, so its session is written back rather than lost.
		tab, ok = t.tab, true
		t.saveTab(&tab)
	}
	switch {
	case !ok:
		return t.startTab(now, parent.ID, ReasonNew, ""), err
	case t.duplicate:
		t.duplicate = false
		return t.startTab(now, parent.ID, ReasonDuplicate, tab.ID), err
	case tab.ParentID != parent.ID:
		return t.startTab(now, parent.ID, ReasonParent, tab.ID), err
	}
	t.tab, t.hasTab = tab, true
	return scopeView(tab, now, false), err
}

// PeekTabSession returns the tab session in force, if any, without
// starting or writing anything.
func (t *Tracker) PeekTabSession() (Scope, bool) {
	parent, ok := t.PeekSession()
	if !ok || t.duplicate {
		return Scope{}, false
	}
	tab, ok := t.loadTab()
	if !ok || tab.ParentID != parent.ID {
		return Scope{}, false
	}
	return scopeView(tab, t.now(), false), true
}

// SetTabSession starts a new tab session.
func (t *Tracker) SetTabSession() (Scope, error) {
	parent, err := t.GetSession(0, false)
	prev := ""
	if tab, ok := t.loadTab(); ok {
		prev = tab.ID
	}
	t.duplicate = false
	return t.startTab(t.now(), parent.ID, ReasonSet, prev), err
}

// MarkDuplicate records that the tab's sessionStorage was copied from
// another live tab, as "duplicate tab" and window.open do, so that the
// next tab call starts a tab session of its own with reason "duplicate".
func (t *Tracker) MarkDuplicate() {
	t.duplicate = true
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

// PeekPageSession returns the page session in force, if any, without
// starting or writing anything.
func (t *Tracker) PeekPageSession() (Scope, bool) {
	tab, ok := t.PeekTabSession()
	if !ok || !t.hasPage || t.page.ParentID != tab.ID {
		return Scope{}, false
	}
	return scopeView(t.page, t.now(), false), true
}

// SetPageSession starts a new page session.
func (t *Tracker) SetPageSession() (Scope, error) {
	tab, err := t.GetTabSession()
	return t.startPage(t.now(), tab.ID, ReasonSet, t.page.ID), err
}

// Navigate starts a new page session with reason (navigation or restored)
// when the page already has one; the next page call starts it otherwise.
func (t *Tracker) Navigate(reason Reason) {
	if !t.hasPage {
		return
	}
	t.startPage(t.now(), t.page.ParentID, reason, t.page.ID)
}

// SetCampaign records the campaign parameters of the current page, in a
// canonical form such as "utm_medium=email&utm_source=news". With
// Options.Campaign set, the next call starts a new persisted session if
// they differ from the session's own.
// Text that is not UTF-8 is ignored, because the cookie could not hold it.
func (t *Tracker) SetCampaign(campaign string) {
	if !utf8.ValidString(campaign) {
		campaign = ""
	}
	t.campaign = campaign
}

// CookieWriteFailed records that a cookie write made on the tracker's
// behalf did not take effect, so the tracker keeps the session in memory.
func (t *Tracker) CookieWriteFailed() {
	if !t.inMemory {
		t.inMemory = true
	}
}

// ItemWriteFailed records that a sessionStorage write made on the
// tracker's behalf failed, so the tracker keeps the tab session in memory.
func (t *Tracker) ItemWriteFailed() {
	t.tabInMemory = true
	if t.hasTab {
		t.tab.Storage, t.tab.Persists = "memory", false
	}
}

// StableUntil returns the last instant (Unix ms) at which a get call,
// with the cookie and sessionStorage as they are now, returns the same
// sessions without writing anything or reporting a change. It returns 0
// when there is no session. Before then, a caller may serve repeated get
// calls from a copy of the last result with elapsed and remaining brought
// up to date, as the JavaScript loader does.
func (t *Tracker) StableUntil() int64 {
	s := &t.known
	if s.ID == "" || t.inMemory {
		return 0
	}
	// Touch writes once now + Duration passes Expires by the refresh
	// interval.
	until := s.Expires - s.Duration + t.opts.refreshAfter(s.Duration)
	return min(until, s.Expires-1)
}

// TakeChanges returns the changes since the last call, oldest first, and
// clears them.
func (t *Tracker) TakeChanges() []Change {
	c := t.changes
	t.changes = nil
	return c
}

func (t *Tracker) emit(c Change) {
	t.changes = append(t.changes, c)
}

func (t *Tracker) campaignChanged(s *Session) bool {
	return t.opts.Campaign && t.campaign != "" && t.campaign != s.Campaign
}

// notice compares the stored session with the one this page last saw.
// A different one means another tab replaced it: the page adopts it when
// both are new enough to be tabs starting together, and otherwise reports
// the replacement with the other tab's reason.
func (t *Tracker) notice(cur Session, now int64) {
	old := t.known
	t.known = cur
	if old.ID == "" || old.ID == cur.ID {
		return
	}
	reason := cur.Reason
	young := now-old.Created < int64(AdoptWindow) && now-cur.Created < int64(AdoptWindow)
	if young {
		reason = ReasonAdopted
		t.adoptedFrom = old.ID
		t.reparent(old.ID, cur.ID)
	} else {
		t.adoptedFrom = ""
	}
	p := t.view(cur, now, false)
	t.emit(Change{Tier: TierPersisted, OldID: old.ID, Reason: reason, Persisted: &p})
}

// reparent moves the tab session from the adopted-away persisted session
// to the adopted one, so that tabs converging on one session keep their
// tab and page ids.
func (t *Tracker) reparent(from, to string) {
	tab, ok := t.loadTab()
	if !ok || tab.ParentID != from {
		return
	}
	tab.ParentID = to
	t.saveTab(&tab)
	t.tab, t.hasTab = tab, true
}

func (t *Tracker) startReason(status Status, cur Session, now int64) (Reason, string) {
	switch {
	case status == StatusExpired:
		return t.opts.endReason(&cur, now), cur.ID
	case status == StatusInvalid:
		return ReasonInvalid, ""
	case status == StatusValid:
		return ReasonNew, cur.ID
	case t.removedID != "":
		return ReasonRemoved, t.removedID
	case t.known.ID != "":
		// The cookie vanished under a live page: the browser dropped it
		// at its expiry, or another tab or script removed it.
		if !t.opts.Evaluate(&t.known, max(now, t.known.Created)).Active {
			return t.opts.endReason(&t.known, now), t.known.ID
		}
		return ReasonRemoved, t.known.ID
	}
	return ReasonNew, ""
}

func (t *Tracker) start(now int64, minutes float64, reason Reason, prev string, extra []Attr) (Persisted, error) {
	id, err := NewID(now, t.random)
	if err != nil {
		return Persisted{}, err
	}
	s := Start(now, MinutesToMillis(minutes, t.opts.timeout()), id)
	s.Expires = t.opts.capExpiry(&s, s.Expires)
	s.Reason, s.PreviousID, s.Extra = reason, prev, extra
	if t.opts.Campaign {
		s.Campaign = t.campaign
	}
	if err := t.checkSize(&s); err != nil {
		return Persisted{}, err
	}
	old := t.known.ID
	if old == "" {
		old = prev
	}
	t.removedID, t.known, t.adoptedFrom = "", s, ""
	t.save(&s, now)
	p := t.view(s, now, true)
	t.emit(Change{Tier: TierPersisted, OldID: old, Reason: reason, Persisted: &p})
	return p, nil
}

// load returns the persisted session stored at now.
func (t *Tracker) load(now int64) (Session, Status, error) {
	if t.inMemory {
		return t.loadMemory(now)
	}
	header, err := t.store.Cookies()
	if err != nil {
		t.inMemory = true
		return t.loadMemory(now)
	}
	if header != t.header {
		values := CookieValues(header, t.opts.cookieName())
		s, status, err := t.opts.Pick(values, now)
		t.header, t.picked = header, pick{s, status, err}
	}
	p := t.picked
	if p.status == StatusValid && !t.opts.Evaluate(&p.s, max(now, p.s.Created)).Active {
		return p.s, StatusExpired, nil
	}
	return p.s, p.status, p.err
}

func (t *Tracker) loadMemory(now int64) (Session, Status, error) {
	switch {
	case t.memory.ID == "":
		return Session{}, StatusNone, nil
	case !t.opts.Evaluate(&t.memory, max(now, t.memory.Created)).Active:
		return t.memory, StatusExpired, nil
	}
	return t.memory, StatusValid, nil
}

// checkSize returns ErrTooLarge if the cookie for s would pass the limit
// browsers set on a cookie's name and value together.
func (t *Tracker) checkSize(s *Session) error {
	t.buf = append(t.buf[:0], t.opts.cookieName()...)
	t.buf = append(t.buf, '=')
	t.buf = AppendEncoded(t.buf, s)
	if len(t.buf) > MaxCookieSize {
		return ErrTooLarge
	}
	return nil
}

// MaxCookieSize is the most bytes of name and value a cookie may hold:
// RFC 6265, section 6.1, requires browsers to accept at least 4096, and Chromium
// ignores a larger cookie.
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
	p.Persists = !t.inMemory
	if t.inMemory {
		p.Storage = "memory"
	}
	if t.adoptedFrom != "" && s.ID == t.known.ID {
		p.Reason, p.PreviousID = ReasonAdopted, t.adoptedFrom
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
	if t.tabInMemory {
		return t.tab, t.hasTab
	}
	v, ok, err := t.store.Item(TabKey)
	if err != nil {
		t.tabInMemory = true
		return t.tab, t.hasTab
	}
	if !ok {
		return Scope{}, false
	}
	s, err := decodeScope(v)
	if err != nil {
		return Scope{}, false
	}
	s.Tier, s.Storage, s.Persists = TierTab, "sessionStorage", true
	return s, true
}

func (t *Tracker) saveTab(s *Scope) {
	s.Storage, s.Persists = "sessionStorage", true
	if !t.tabInMemory {
		if err := t.store.SetItem(TabKey, string(s.appendRecord(nil))); err == nil {
			return
		}
		t.tabInMemory = true
	}
	s.Storage, s.Persists = "memory", false
}

func (t *Tracker) startTab(now int64, parent string, reason Reason, prev string) Scope {
	s := t.newScope(TierTab, now, parent, reason, prev)
	t.saveTab(&s)
	t.tab, t.hasTab = s, true
	v := scopeView(s, now, true)
	t.emit(Change{Tier: TierTab, OldID: prev, Reason: reason, Scope: &v})
	return v
}

func (t *Tracker) startPage(now int64, parent string, reason Reason, prev string) Scope {
	s := t.newScope(TierPage, now, parent, reason, prev)
	s.Storage = "memory"
	t.page, t.hasPage = s, true
	v := scopeView(s, now, true)
	t.emit(Change{Tier: TierPage, OldID: prev, Reason: reason, Scope: &v})
	return v
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
