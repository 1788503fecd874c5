package session

import "strconv"

// Options configures the persisted session and its cookie. The zero value
// uses the defaults documented on each field. The browser and the server
// take the same Options, so both write the same cookie.
type Options struct {
	// CookieName is the cookie's name. The default is "__session".
	CookieName string

	// Timeout is the idle timeout of a session started without an explicit
	// duration. The default is 30 minutes.
	Timeout Millis

	// Domain, when set, is written as the cookie's Domain attribute so
	// that subdomains share the session. The default is none: host only.
	Domain string

	// Secure adds the Secure attribute. The browser sets it for pages on
	// https whatever this field is set to, and the server sets it for
	// requests over TLS.
	Secure bool

	// RefreshInterval is how far a session's stored expiry may lag behind
	// its sliding expiry before the cookie is written again. Activity
	// always counts; this only saves writes. The default is one minute,
	// or a tenth of the session's duration when that is shorter.
	RefreshInterval Millis

	// MaxLifetime caps a session's length from its start, however
	// active it is. Zero, the default, means no cap.
	MaxLifetime Millis

	// SameSite is the cookie's SameSite attribute: "Lax" (the default),
	// "Strict" or "None". None requires Secure, so it is rejected on
	// http; see [Options.Validate].
	SameSite string

	// MidnightTimeZone, an IANA zone name such as "Europe/Berlin", ends
	// every session at the first local midnight after its start. Empty,
	// the default, means sessions cross midnight. The browser and
	// sessionhttp resolve the zone into NextMidnight.
	MidnightTimeZone string

	// NextMidnight returns the first midnight in MidnightTimeZone after
	// the instant at (Unix ms). Code that uses this package directly must
	// set it together with MidnightTimeZone.
	NextMidnight func(at int64) int64

	// Campaign starts a new session when a page arrives with campaign
	// parameters (utm_* or gclid) other than those the session started
	// with. The default is off.
	Campaign bool

	// NoHashRoutes stops a change of location.hash alone from starting a
	// new page session, which it does by default because hash routers
	// use the hash as the page's path.
	NoHashRoutes bool

	// QueryRoutes makes a change of the query string alone start a new
	// page session. The default is off.
	QueryRoutes bool
}

func (o *Options) cookieName() string {
	if o == nil || o.CookieName == "" {
		return DefaultCookieName
	}
	return o.CookieName
}

func (o *Options) timeout() Millis {
	if o == nil || o.Timeout <= 0 {
		return DefaultTimeout
	}
	return o.Timeout
}

// refreshAfter returns the refresh interval in ms for a session lasting
// duration ms.
func (o *Options) refreshAfter(duration int64) int64 {
	r := int64(Minute)
	if o != nil && o.RefreshInterval > 0 {
		r = int64(o.RefreshInterval)
	}
	if tenth := duration / 10; tenth < r {
		r = tenth
	}
	return r
}

// CookieValues returns the values of every cookie named name in header,
// which has the form of a Cookie request header or of document.cookie.
// Names match exactly: "x__session" is not "__session". More than one
// value comes back when cookies with the same name are set for several
// paths or domains (RFC 6265, section 5.4).
func CookieValues(header, name string) []string {
	return AppendCookieValues(nil, header, name)
}

// AppendCookieValues appends the values CookieValues returns to values,
// so that a caller can reuse a buffer.
func AppendCookieValues(values []string, header, name string) []string {
	for len(header) > 0 {
		part := header
		header = ""
		if i := indexByte(part, ';'); i >= 0 {
			part, header = part[:i], part[i+1:]
		}
		part = trimSpace(part)
		if len(part) > len(name) && part[len(name)] == '=' &&
			part[:len(name)] == name {
			values = append(values, part[len(name)+1:])
		}
	}
	return values
}

// AppendCookie appends the attribute string that sets the cookie holding
// s, as a Set-Cookie header value or a document.cookie assignment: the
// name and encoded value, Path=/, Expires, Max-Age, SameSite=Lax, and
// Domain and Secure when configured. now is Unix ms.
func (o *Options) AppendCookie(b []byte, s *Session, now int64, secure bool) []byte {
	b = append(b, o.cookieName()...)
	b = append(b, '=')
	b = AppendEncoded(b, s)
	maxAge := (s.Expires - now + 999) / 1000
	if maxAge < 1 {
		maxAge = 1
	}
	return o.appendAttrs(b, s.Expires, maxAge, secure)
}

// AppendDeletion appends the attribute string that deletes the cookie.
func (o *Options) AppendDeletion(b []byte, secure bool) []byte {
	b = append(b, o.cookieName()...)
	b = append(b, '=')
	return o.appendAttrs(b, 0, 0, secure)
}

func (o *Options) appendAttrs(b []byte, expires, maxAge int64, secure bool) []byte {
	b = append(b, "; Path=/; Expires="...)
	b = appendHTTPDate(b, expires)
	b = append(b, "; Max-Age="...)
	b = strconv.AppendInt(b, maxAge, 10)
	if o != nil && o.Domain != "" {
		b = append(b, "; Domain="...)
		b = append(b, o.Domain...)
	}
	b = append(b, "; SameSite="...)
	b = append(b, o.sameSite()...)
	if secure || o != nil && (o.Secure || o.SameSite == "None") {
		b = append(b, "; Secure"...)
	}
	return b
}

func (o *Options) sameSite() string {
	if o == nil || o.SameSite == "" {
		return "Lax"
	}
	return o.SameSite
}

// Validate checks the options for a page or request on host, over https
// when secure is set. It rejects an unknown SameSite value, SameSite=None
// without https, and a Domain that host cannot set: one that is not host
// or a parent of it, an IP address, or a public suffix. Public suffixes
// are recognised by shape only (a single label, which includes
// "localhost", or two labels whose first is a common second-level label
// such as "co" or "com"); the browser applies the full Public Suffix List
// and ignores a cookie this check lets through. Chromium 156 rejects
// Domain=localhost but accepts Domain=app.localhost on sub.app.localhost.
func (o *Options) Validate(host string, secure bool) error {
	if o == nil {
		return nil
	}
	switch o.SameSite {
	case "", "Lax", "Strict":
	case "None":
		if !secure {
			return &optionError{"sameSite None requires https, because browsers drop a SameSite=None cookie without Secure"}
		}
	default:
		return &optionError{"sameSite " + quote(o.SameSite) + " is not Lax, Strict or None"}
	}
	if o.CookieName != "" && !validCookieName(o.CookieName) {
		return &optionError{"cookieName " + quote(o.CookieName) + " is not a valid cookie name"}
	}
	if o.Domain != "" {
		return checkDomain(o.Domain, host)
	}
	return nil
}

type optionError struct{ msg string }

func (e *optionError) Error() string { return "session: invalid options: " + e.msg }

func quote(s string) string { return string(appendString(nil, s)) }

// validCookieName reports whether name is an RFC 6265 token.
func validCookieName(name string) bool {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c <= ' ' || c >= 0x7f || indexByte("()<>@,;:\\\"/[]?={}", c) >= 0 {
			return false
		}
	}
	return name != ""
}

func checkDomain(domain, host string) error {
	d := lower(domain)
	if len(d) > 0 && d[0] == '.' {
		d = d[1:]
	}
	h := lower(host)
	switch {
	case d == "" || isIP(d):
		return &optionError{"domain " + quote(domain) + " is not a host name"}
	case h != d && !hasSuffix(h, "."+d):
		return &optionError{"domain " + quote(domain) + " is not " + quote(host) + " or a parent of it"}
	case publicSuffixShape(d):
		return &optionError{"domain " + quote(domain) + " is a public suffix; browsers reject cookies for it"}
	}
	return nil
}

// publicSuffixShape reports whether domain looks like a public suffix.
func publicSuffixShape(domain string) bool {
	dot := indexByte(domain, '.')
	if dot < 0 {
		return true
	}
	if indexByte(domain[dot+1:], '.') >= 0 {
		return false
	}
	switch domain[:dot] {
	case "co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go":
		return true
	}
	return false
}

func isIP(host string) bool {
	if indexByte(host, ':') >= 0 {
		return true
	}
	for i := 0; i < len(host); i++ {
		if c := host[i]; c != '.' && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func hasSuffix(s, suffix string) bool {
	return len(s) >= len(suffix) && s[len(s)-len(suffix):] == suffix
}
