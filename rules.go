package session

import "io"

// MaxClockSkew is how far in the future a stored session's start may lie
// before the session is treated as invalid. Browser and server clocks
// disagree by seconds as a rule, so a small lead is normal.
const MaxClockSkew = 5 * Minute

// Status is the result of looking up a session in storage.
type Status int

// The results of a lookup.
const (
	StatusNone    Status = iota // nothing stored
	StatusValid                 // a session in force
	StatusExpired               // a session that has expired
	StatusInvalid               // a value that could not be decoded
)

// Pick chooses the session in force at now among the values of the
// session cookie, which can appear more than once when cookies are set
// for several paths or domains. A valid session always wins over an
// expired or invalid one; among valid ones, the most recently active wins.
// When none is in force, the returned session is the latest expired one,
// if any, so that a caller can record it as the previous session. The
// error then describes the first value that could not be decoded. Pick applies
// the default options; [Options.Pick] applies the caller's.
func Pick(values []string, now int64) (Session, Status, error) {
	return (*Options)(nil).Pick(values, now)
}

// Pick is like the function [Pick], and also ends sessions by the options'
// MaxLifetime and midnight rules.
func (o *Options) Pick(values []string, now int64) (Session, Status, error) {
	return o.pick(values, now, Decode)
}

// PickCached is like [Options.Pick], and decodes through cache.
func (o *Options) PickCached(cache *DecodeCache, values []string, now int64) (Session, Status, error) {
	return o.pick(values, now, cache.Decode)
}

func (o *Options) pick(values []string, now int64, decode func(string) (Session, error)) (Session, Status, error) {
	var best, expired Session
	status := StatusNone
	var firstErr error
	for _, v := range values {
		s, err := decode(v)
		if err == nil && s.Created > now+int64(MaxClockSkew) {
			err = invalid("created lies in the future")
		}
		switch {
		case err != nil:
			if firstErr == nil {
				firstErr = err
			}
		case o.Evaluate(&s, max(now, s.Created)).Active:
			// A start slightly ahead of now is clock skew, not corruption.
			if status != StatusValid || s.LastActive() > best.LastActive() {
				best = s
			}
			status = StatusValid
		case expired.ID == "" || s.Expires > expired.Expires:
			expired = s
		}
	}
	switch {
	case status == StatusValid:
		return best, StatusValid, nil
	case expired.ID != "":
		return expired, StatusExpired, firstErr
	case firstErr != nil:
		return Session{}, StatusInvalid, firstErr
	}
	return Session{}, StatusNone, nil
}

// Start returns a new session that starts at now and lasts duration ms.
func Start(now, duration int64, id string) Session {
	return Session{
		ID:       id,
		Created:  now,
		Expires:  now + duration,
		Duration: duration,
	}
}

// Touch records activity at now on a session in force: its expiry slides
// to now plus its duration, but never moves back. It reports whether the
// stored expiry lags so far behind that the cookie should be written again;
// when it does not, s is left unchanged.
func (o *Options) Touch(s *Session, now int64) bool {
	expires := o.capExpiry(s, now+s.Duration)
	if expires-s.Expires <= o.refreshAfter(s.Duration) {
		return false
	}
	if now > s.LastActive() {
		s.Modified = now
	}
	s.Expires = expires
	return true
}

// View returns s as a call at now returns it.
func View(s Session, now int64, isNew bool) Persisted {
	p := Persisted{Session: s, IsNew: isNew, Storage: "cookie"}
	p.Elapsed = now - s.Created
	p.Remaining = s.Expires - now
	if p.Remaining <= 0 {
		p.Remaining = 0
		p.IsExpired = true
	}
	return p
}

// NewID returns a random UUID of version 7 (RFC 9562): the first 48 bits
// are the Unix time in ms, so ids sort by start time, and 74 of the rest
// are random bytes read from random.
func NewID(now int64, random io.Reader) (string, error) {
	var u [16]byte
	if _, err := io.ReadFull(random, u[6:]); err != nil {
		return "", &randomError{err}
	}
	for i := 0; i < 6; i++ {
		u[i] = byte(now >> (40 - 8*i))
	}
	u[6] = u[6]&0x0F | 0x70
	u[8] = u[8]&0x3F | 0x80
	var b [36]byte
	j := 0
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b[j] = '-'
			j++
		}
		b[j] = hexDigits[c>>4]
		b[j+1] = hexDigits[c&0xF]
		j += 2
	}
	return string(b[:]), nil
}

// MinutesToMillis converts the minutes argument of the JavaScript calls to
// milliseconds, rounding to the nearest millisecond. Zero, negative and
// non-finite values return def.
func MinutesToMillis(minutes float64, def Millis) int64 {
	ms := minutes * 60000
	if !(ms >= 1) || ms > maxTimestamp {
		return int64(def)
	}
	return int64(ms + 0.5)
}

type randomError struct{ err error }

func (e *randomError) Error() string { return "session: reading random bytes: " + e.err.Error() }
func (e *randomError) Unwrap() error { return e.err }

// capExpiry returns expires, moved earlier if it passes the session's
// MaxLifetime or its first local midnight.
func (o *Options) capExpiry(s *Session, expires int64) int64 {
	if o == nil {
		return expires
	}
	if o.MaxLifetime > 0 {
		expires = min(expires, s.Created+int64(o.MaxLifetime))
	}
	if m := o.midnight(s); m > 0 {
		expires = min(expires, m)
	}
	return expires
}

func (o *Options) midnight(s *Session) int64 {
	if o == nil || o.MidnightTimeZone == "" || o.NextMidnight == nil {
		return 0
	}
	return o.NextMidnight(s.Created)
}

// State is the state of a stored session at one instant, as
// [Options.Evaluate] reports it.
type State struct {
	// Active reports whether the session is in force.
	Active bool

	// Ended is the reason it is not: expired-idle, expired-max or midnight.
	// It is empty while the session is active, and when the instant lies
	// before the session's start.
	Ended Reason

	// Remaining is the time left until the session ends, in ms, as far
	// as the stored activity shows: zero once it has ended.
	Remaining int64
}

// Evaluate returns the state of the stored session s at the instant at
// (Unix ms) without a clock, so a server or a batch job can classify an
// event by its own timestamp, including an event that arrives late. An
// instant before the session's start is not in the session. An instant
// after the last recorded activity is judged by the idle timeout from
// that activity, the absolute cap and the midnight rule. An instant
// between the start and the last activity lies inside the session.
func (o *Options) Evaluate(s *Session, at int64) State {
	if at < s.Created {
		return State{}
	}
	if o != nil && o.MaxLifetime > 0 && at >= s.Created+int64(o.MaxLifetime) {
		return State{Ended: ReasonExpiredMax}
	}
	if m := o.midnight(s); m > 0 && at >= m {
		return State{Ended: ReasonMidnight}
	}
	if at >= s.Expires {
		return State{Ended: ReasonExpired}
	}
	return State{Active: true, Remaining: s.Expires - at}
}

// endReason returns why a session that is no longer valid at now ended.
func (o *Options) endReason(s *Session, now int64) Reason {
	if st := o.Evaluate(s, now); st.Ended != "" {
		return st.Ended
	}
	return ReasonExpired
}
