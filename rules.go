package session

import "io"

// MaxClockSkew is how far in the future a stored session's start may lie
// before the session is treated as invalid. Browser and server clocks
// disagree by seconds as a rule, so a small lead is normal.
const MaxClockSkew = 5 * Minute

// Status says what a lookup found in storage.
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
// if any, so that a caller can record it as the previous session; err
// then describes the first value that could not be decoded.
func Pick(values []string, now int64) (Session, Status, error) {
	var best, expired Session
	status := StatusNone
	var firstErr error
	for _, v := range values {
		s, err := Decode(v)
		if err == nil && s.Created > now+int64(MaxClockSkew) {
			err = invalid("created lies in the future")
		}
		switch {
		case err != nil:
			if firstErr == nil {
				firstErr = err
			}
		case !s.ExpiredAt(now):
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
	expires := now + s.Duration
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
