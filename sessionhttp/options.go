package sessionhttp

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/sessionutils/session"
)

// Options configures [Middleware]. A nil *Options means the defaults, and
// so does the zero value of each field. The middleware copies the options
// when it is created, so later changes to them have no effect.
type Options struct {
	// Session configures the cookie and the session rules, as the browser
	// library takes them. The defaults: CookieName "__session", Timeout of
	// a new session 30 minutes, no Domain (host only), Secure off (TLS
	// requests get Secure anyway), SameSite "Lax", and RefreshInterval
	// one minute, or a tenth of the session's duration when that is
	// shorter. MaxLifetime and MidnightTimeZone are off by default. Give
	// the middleware the values that the pages use, so that both sides
	// write the same cookie. When MidnightTimeZone is set and NextMidnight
	// is nil, the middleware loads the zone with [time.LoadLocation].
	Session session.Options

	// TrustForwardedProto makes a request whose X-Forwarded-Proto header
	// starts with "https" count as https, which adds Secure to the cookie.
	// Set it only behind a proxy that sets or removes that header, because
	// otherwise the client chooses its value. The default, false, adds
	// Secure only to requests that arrived over TLS.
	TrustForwardedProto bool

	// Passive reports whether a request may only read the session: it
	// neither starts nor extends one, as suits polling and health checks.
	// The default, nil, treats every request as active. Prefetch,
	// prerender and CORS preflight requests are passive whatever Passive
	// returns. Passive must be safe for concurrent use.
	Passive func(*http.Request) bool

	// Logger receives the records described in the package documentation.
	// The default, nil, logs nothing.
	Logger *slog.Logger

	// Now returns the current time. The default, nil, means time.Now.
	// Tests set it to a fixed clock. It must be safe for concurrent use.
	Now func() time.Time

	// Rand is the source of the random bytes of new session ids. The
	// default, nil, means crypto/rand.Reader. It must be safe for
	// concurrent use.
	Rand io.Reader
}

// probeID is the session id of the cookie that Validate builds.
const probeID = "00000000-0000-7000-8000-000000000000"

// Validate returns an error if the middleware could not write a valid
// cookie with o. It rejects a cookie name that is not an RFC 6265 token
// and a SameSite other than "Lax", "Strict" or "None". It also rejects a
// Domain that is not a host name or is a public suffix, and a
// MidnightTimeZone that [time.LoadLocation] does not know. A nil o is valid. [Middleware] calls
// Validate and, on an error, passes every request through untouched.
func (o *Options) Validate() error {
	if o == nil {
		return nil
	}
	opts := o.Session
	// The Domain check needs a host, and the Domain itself is one that
	// may set it. SameSite=None needs https, and the middleware adds
	// Secure to such a cookie.
	if err := opts.Validate(trimDot(opts.Domain), true); err != nil {
		return fmt.Errorf("sessionhttp: %w", err)
	}
	if opts.MidnightTimeZone != "" && opts.NextMidnight == nil {
		if _, err := time.LoadLocation(opts.MidnightTimeZone); err != nil {
			return fmt.Errorf("sessionhttp: invalid MidnightTimeZone %q: %w",
				opts.MidnightTimeZone, err)
		}
	}
	probe := session.Start(0, int64(session.Minute), probeID)
	line := string(opts.AppendCookie(nil, &probe, 0, true))
	return checkCookieLine(line, &opts)
}

// errWrongAttributes is the error of a Set-Cookie line that net/http parses
// into other attributes than the options ask for, because a name or a
// Domain contains a separator.
var errWrongAttributes = errors.New("attributes differ from the options " +
	"(check CookieName and Domain for ';' and '=')")

// checkCookieLine returns an error unless line is a Set-Cookie value that
// net/http parses and accepts ([http.Cookie.Valid]) with exactly the name,
// Path=/, Domain and SameSite that opts ask for, and without HttpOnly.
func checkCookieLine(line string, opts *session.Options) error {
	name := cookieName(opts)
	c, err := http.ParseSetCookie(line)
	if err == nil {
		err = c.Valid()
	}
	if err == nil && (c.Name != name || c.Path != "/" || c.HttpOnly ||
		c.Domain != opts.Domain || c.SameSite != sameSiteMode(opts.SameSite) ||
		len(c.Unparsed) > 0) {
		err = errWrongAttributes
	}
	if err != nil {
		return fmt.Errorf("sessionhttp: invalid Set-Cookie for cookie %q: %w",
			name, err)
	}
	return nil
}

// cookieName returns the name of the session cookie under opts.
func cookieName(opts *session.Options) string {
	if opts.CookieName == "" {
		return session.DefaultCookieName
	}
	return opts.CookieName
}

// sameSiteMode returns the net/http form of a SameSite option value.
func sameSiteMode(v string) http.SameSite {
	switch v {
	case "Strict":
		return http.SameSiteStrictMode
	case "None":
		return http.SameSiteNoneMode
	}
	return http.SameSiteLaxMode
}

func trimDot(domain string) string {
	if len(domain) > 0 && domain[0] == '.' {
		return domain[1:]
	}
	return domain
}

// nextMidnight returns a function that finds the first midnight in loc
// after an instant, both in Unix ms, for session.Options.NextMidnight.
// When a clock change skips midnight, time.Date returns an instant on one
// side of the gap, and its documentation does not say which.
func nextMidnight(loc *time.Location) func(at int64) int64 {
	return func(at int64) int64 {
		t := time.UnixMilli(at).In(loc)
		y, m, d := t.Date()
		return time.Date(y, m, d+1, 0, 0, 0, 0, loc).UnixMilli()
	}
}
