package sessionhttp

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/sessionutils/session"
)

// Middleware returns middleware that gives each request its sessions,
// which the handler reads with [FromContext], and sets the session cookie
// on the response when a session starts or its expiry is refreshed.
//
// For each request it reads the session cookie and picks the session in
// force with the rules of the browser library: [session.Options.Pick],
// then [session.Options.Touch] to slide the expiry. When none is in force,
// it starts a new session. It adds the Set-Cookie header before it calls
// the next handler, because the decision does not depend on the handler.
// It also reads and validates the Session-Tab-Id and Session-Page-Id
// headers. The package documentation describes each case and its log.
//
// A nil opts means the defaults. When opts fail [Options.Validate], the
// middleware logs the error once, now, and passes every request to the
// next handler without sessions. A request that already passed through
// a sessionhttp middleware also passes through unchanged, so that nesting
// the middleware never sets the cookie twice. A nil next handler is
// replaced by [http.NotFoundHandler]. The returned handlers are safe for
// concurrent use when opts' Passive, Now and Rand are.
func Middleware(opts *Options) func(http.Handler) http.Handler {
	m := newMiddleware(opts)
	return func(next http.Handler) http.Handler {
		if next == nil {
			next = http.NotFoundHandler()
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			m.serve(w, r, next)
		})
	}
}

// middleware is the configuration of one Middleware call.
type middleware struct {
	opts       session.Options
	name       string
	trustProto bool
	passive    func(*http.Request) bool
	logger     *slog.Logger
	now        func() time.Time
	random     io.Reader
	disabled   bool // the options are invalid

	// decoded spares a visitor's unchanged cookie a decode on every
	// request.
	decoded *session.DecodeCache
}

// decodeCacheSize bounds the decoded cookie values a middleware keeps:
// about 1 KB each at most, so a few megabytes in all.
const decodeCacheSize = 4096

func newMiddleware(opts *Options) *middleware {
	if opts == nil {
		opts = &Options{}
	}
	m := &middleware{
		opts:       opts.Session,
		trustProto: opts.TrustForwardedProto,
		passive:    opts.Passive,
		logger:     opts.Logger,
		now:        opts.Now,
		random:     opts.Rand,
		decoded:    session.NewDecodeCache(decodeCacheSize),
	}
	m.name = cookieName(&m.opts)
	if m.logger == nil {
		m.logger = slog.New(slog.DiscardHandler)
	}
	if m.now == nil {
		m.now = time.Now
	}
	if m.random == nil {
		m.random = rand.Reader
	}
	if err := opts.Validate(); err != nil {
		m.logger.Error("sessionhttp: invalid options, so requests pass "+
			"through without sessions", "error", err)
		m.disabled = true
		return m
	}
	if m.opts.MidnightTimeZone != "" && m.opts.NextMidnight == nil {
		loc, _ := time.LoadLocation(m.opts.MidnightTimeZone) // Validate loaded it
		m.opts.NextMidnight = nextMidnight(loc)
	}
	return m
}

func (m *middleware) serve(w http.ResponseWriter, r *http.Request, next http.Handler) {
	if _, nested := FromContext(r.Context()); nested || m.disabled {
		next.ServeHTTP(w, r)
		return
	}
	ctx := &sessionContext{Context: r.Context()}
	ctx.sessions = m.decide(w.Header(), r)
	next.ServeHTTP(w, r.WithContext(ctx))
}

// decide finds the request's sessions, starts or refreshes the persisted
// session as the rules require, and adds the response headers that follow.
func (m *middleware) decide(h http.Header, r *http.Request) Sessions {
	now := m.now().UnixMilli()
	s := Sessions{
		TabID:  m.idHeader(r, TabIDHeader),
		PageID: m.idHeader(r, PageIDHeader),
	}
	addVaryCookie(h)

	in := m.readCookie(r, now)
	s.Status = in.status
	d := decision{cookie: in, passive: passiveCause(r, m.passive)}
	switch {
	case in.status == session.StatusValid:
		s.Persisted, s.CookieSet = m.keep(h, r, in.session, now, &d)
	case d.passive != "":
		d.action = "not started"
	case in.truncated:
		// A valid session may lie past the limit, and a new one would
		// overwrite it.
		d.action = "not started"
	default:
		s.Persisted, s.CookieSet = m.start(h, r, in, now, &d)
	}
	m.logDecision(r, &d)
	return s
}

// keep returns the valid session cur as the handler receives it, and
// refreshes its cookie when the request is active and the refresh
// interval has passed.
func (m *middleware) keep(h http.Header, r *http.Request, cur session.Session,
	now int64, d *decision) (session.Persisted, bool) {
	d.action, d.id = "kept", cur.ID
	next := cur
	set := false
	if d.passive == "" && m.opts.Touch(&next, now) {
		d.writeErr = m.setCookie(h, r, &next, now)
		if set = d.writeErr == nil; set {
			cur = next
			d.action = "refreshed"
		}
	}
	p := session.View(cur, now, false)
	p.Persists = true
	return p, set
}

// start starts a new session in place of what the cookie held.
func (m *middleware) start(h http.Header, r *http.Request, in cookieInput,
	now int64, d *decision) (session.Persisted, bool) {
	id, err := session.NewID(now, m.random)
	if err != nil {
		d.action, d.err = "not started", err
		return session.Persisted{}, false
	}
	s := m.opts.NewSession(now, id)
	switch in.status {
	case session.StatusExpired:
		s.Reason, s.PreviousID = m.opts.EndReason(&in.session, now), in.session.ID
	case session.StatusInvalid:
		s.Reason = session.ReasonInvalid
	default:
		s.Reason = session.ReasonNew
	}
	d.action, d.id, d.previous, d.reason = "started", s.ID, s.PreviousID, s.Reason
	d.writeErr = m.setCookie(h, r, &s, now)
	p := session.View(s, now, true)
	p.Persists = d.writeErr == nil
	return p, p.Persists
}

// errAlreadySet is the error of a response whose header already sets the
// session cookie.
var errAlreadySet = errors.New("sessionhttp: response already sets " +
	"the session cookie")

// setCookie adds the Set-Cookie header for s and marks the response
// private. It returns an error, and adds nothing, in four cases. A browser
// would reject the cookie on this request's host or protocol, the cookie
// passes the size limit of browsers, it fails the net/http checks, or the
// header already sets it.
func (m *middleware) setCookie(h http.Header, r *http.Request, s *session.Session,
	now int64) error {
	secure := m.secure(r)
	// A browser rejects a cookie whose Domain does not cover the request's
	// host, and a SameSite=None cookie outside https.
	host := (&url.URL{Host: r.Host}).Hostname()
	if err := m.opts.Validate(host, secure); err != nil {
		return fmt.Errorf("sessionhttp: browsers reject the cookie "+
			"on host %q: %w", host, err)
	}
	line := string(m.opts.AppendCookie(nil, s, now, secure))
	if n := pairLength(line); n > session.MaxCookieSize {
		return fmt.Errorf("sessionhttp: session cookie of %d bytes "+
			"exceeds the %d-byte limit of browsers", n, session.MaxCookieSize)
	}
	if err := checkCookieLine(line, &m.opts); err != nil {
		return err
	}
	if hasSetCookie(h, m.name) {
		return errAlreadySet
	}
	h.Add("Set-Cookie", line)
	markPrivate(h)
	return nil
}

// secure reports whether the request reached the site over https.
func (m *middleware) secure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	return m.trustProto && forwardedHTTPS(r.Header.Get("X-Forwarded-Proto"))
}
