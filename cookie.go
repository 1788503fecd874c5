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
	// https whatever this says; the server for requests over TLS.
	Secure bool

	// RefreshInterval is how far a session's stored expiry may lag behind
	// its sliding expiry before the cookie is written again. Activity
	// always counts; this only saves writes. The default is one minute,
	// or a tenth of the session's duration when that is shorter.
	RefreshInterval Millis
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
	var values []string
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
	b = append(b, "; SameSite=Lax"...)
	if secure || o != nil && o.Secure {
		b = append(b, "; Secure"...)
	}
	return b
}
