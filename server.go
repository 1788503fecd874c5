package session

// NewSession returns a session with id that starts at now (Unix ms) and
// lasts the options' Timeout, ending no later than MaxLifetime and the
// midnight rule allow. It is the session that a server starts when a
// request carries none in force; the browser applies the same rules when
// it starts one.
func (o *Options) NewSession(now int64, id string) Session {
	s := Start(now, int64(o.timeout()), id)
	s.Expires = o.capExpiry(&s, s.Expires)
	return s
}

// EndReason returns why s, a session that is not in force at now, ended:
// [ReasonExpired] after a period without activity, [ReasonExpiredMax] at
// MaxLifetime, or [ReasonMidnight].
func (o *Options) EndReason(s *Session, now int64) Reason {
	return o.endReason(s, now)
}
