package session

import "errors"

// DefaultCookieName is the name of the persisted-session cookie, the one
// @analytics/session-utils 0.2.4 uses.
const DefaultCookieName = "__session"

// Millis is a duration in milliseconds, the unit of every timestamp and
// duration in this package and in JavaScript's Date. The package does not
// use time.Duration because importing the time package adds about 54 KB
// (gzip) to the WebAssembly download.
type Millis int64

// Common durations.
const (
	Second Millis = 1000
	Minute        = 60 * Second
	Hour          = 60 * Minute
)

// DefaultTimeout is the idle timeout of a persisted session when the caller
// gives none.
const DefaultTimeout = 30 * Minute

// Reason is the cause of a session's start.
type Reason string

// The reasons a session starts.
const (
	ReasonNew        Reason = "new"          // there was none
	ReasonExpired    Reason = "expired-idle" // the previous one saw no activity for its duration
	ReasonExpiredMax Reason = "expired-max"  // the previous one reached Options.MaxLifetime
	ReasonMidnight   Reason = "midnight"     // the previous one crossed local midnight
	ReasonCampaign   Reason = "campaign"     // the page arrived with new campaign parameters
	ReasonRemoved    Reason = "removed"      // the previous one was removed
	ReasonSet        Reason = "set"          // a set call replaced it
	ReasonInvalid    Reason = "invalid"      // the stored value could not be decoded
	ReasonParent     Reason = "parent"       // the enclosing session changed
	ReasonNavigation Reason = "navigation"   // the page changed without a load
	ReasonRestored   Reason = "restored"     // the page came back from the back/forward cache
	ReasonDuplicate  Reason = "duplicate"    // the tab was duplicated
	ReasonAdopted    Reason = "adopted"      // another tab's session was taken over
)

// Session is a persisted session as the cookie stores it. Timestamps are
// Unix milliseconds and Duration is in milliseconds, the units JavaScript's
// Date uses and @analytics/session-utils writes.
type Session struct {
	ID       string
	Created  int64
	Expires  int64
	Duration int64

	// Modified is the time of the last extension, or zero if there was
	// none.
	Modified int64

	// PreviousID is the id of the session this one replaced, if any.
	PreviousID string
	Reason     Reason

	// Campaign holds the campaign parameters (utm_*, gclid) of the page
	// that started the session, when Options.Campaign is set.
	Campaign string

	// Extra holds the caller's attributes in the order they were written.
	Extra []Attr
}

// LastActive returns the time of the last recorded activity: the last
// extension, or the start.
func (s *Session) LastActive() int64 {
	if s.Modified > s.Created {
		return s.Modified
	}
	return s.Created
}

// ExpiredAt reports whether s has expired at the instant now (Unix ms).
func (s *Session) ExpiredAt(now int64) bool {
	return now >= s.Expires
}

// Persisted is a persisted session as a call returns it: the stored fields
// and the fields computed at the time of the call.
type Persisted struct {
	Session

	Elapsed   int64 // milliseconds since Created
	Remaining int64 // milliseconds until Expires, never negative
	IsExpired bool
	IsNew     bool // the call started this session

	// Storage is the place the session lives: "cookie", or "memory" when
	// the page cannot use cookies.
	Storage string

	// Persists reports whether the session outlives the page: false when
	// it is kept in memory only.
	Persists bool
}

// Tier names a level of the session hierarchy.
type Tier string

// The three tiers.
const (
	TierPersisted Tier = "persisted"
	TierTab       Tier = "tab"
	TierPage      Tier = "page"
)

// Scope is a tab or page session as a call returns it.
type Scope struct {
	Tier       Tier
	ID         string
	Created    int64  // Unix ms
	ParentID   string // the id of the enclosing session
	PreviousID string
	Reason     Reason

	Elapsed int64 // milliseconds since Created
	IsNew   bool  // the call started this session

	// Storage is the place the session lives: "sessionStorage" or
	// "memory".
	Storage string

	// Persists reports whether the session outlives the page.
	Persists bool
}

// Change describes one change of a session: a start, a replacement, or a
// removal. Exactly one of Persisted and Scope is set, unless the session
// was removed, when neither is.
type Change struct {
	Tier      Tier
	OldID     string
	Reason    Reason
	Persisted *Persisted
	Scope     *Scope
}

// Errors returned by the codec and by calls that take extra attributes.
var (
	ErrInvalid      = errors.New("session: invalid session value")
	ErrReservedAttr = errors.New("session: extra attribute uses a reserved name")
	ErrTooLarge     = errors.New("session: cookie would exceed the size limit")
)
