package sessionhttp

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/sessionutils/session"
)

// MaxCookieHeaderBytes is the most bytes of a request's Cookie headers
// that the middleware reads. Cookies past the limit go unread, and a
// request on which the limit hid the session cookie starts no session,
// because a valid one may lie past the limit.
const MaxCookieHeaderBytes = 16 << 10

// cookieInput is the session read from one request's cookie, with counts
// of the values read.
type cookieInput struct {
	session session.Session
	status  session.Status
	err     error // the decode error of a value that could not be used

	values    int  // session cookie values read, oversized ones included
	oversized int  // values left out because a browser stores none so large
	truncated bool // cookies past MaxCookieHeaderBytes went unread
}

// readCookie reads the session cookie of r and picks the session in force
// at now. A value whose name and value together pass
// [session.MaxCookieSize] counts as invalid: no browser stores it.
func (m *middleware) readCookie(r *http.Request, now int64) cookieInput {
	var in cookieInput
	var buf [4]string
	values := buf[:0]
	budget := MaxCookieHeaderBytes
	for _, line := range r.Header["Cookie"] {
		if len(line) > budget {
			line, in.truncated = cutAtPair(line, budget), true
		}
		budget -= len(line)
		first := len(values)
		values = session.AppendCookieValues(values, line, m.name)
		kept := values[:first]
		for _, v := range values[first:] {
			in.values++
			if len(m.name)+1+len(v) > session.MaxCookieSize {
				in.oversized++
				continue
			}
			kept = append(kept, v)
		}
		values = kept
		if in.truncated {
			break
		}
	}
	in.session, in.status, in.err = m.opts.PickCached(m.decoded, values, now)
	if in.status == session.StatusNone && in.oversized > 0 {
		in.status = session.StatusInvalid
		in.err = fmt.Errorf("sessionhttp: session cookie value exceeds "+
			"the %d-byte limit of browsers", session.MaxCookieSize)
	}
	return in
}

// cutAtPair returns the cookie-pairs of a Cookie header line that end
// within its first n bytes.
func cutAtPair(line string, n int) string {
	if n < len(line) && line[n] == ';' {
		return line[:n]
	}
	if i := strings.LastIndexByte(line[:n], ';'); i >= 0 {
		return line[:i]
	}
	return ""
}

// pairLength returns the length of the name=value pair that starts a
// Set-Cookie line: the part that browsers limit to 4096 bytes.
func pairLength(line string) int {
	if i := strings.IndexByte(line, ';'); i >= 0 {
		return i
	}
	return len(line)
}

// hasSetCookie reports whether h already sets the cookie called name.
func hasSetCookie(h http.Header, name string) bool {
	for _, line := range h.Values("Set-Cookie") {
		line = strings.TrimLeft(line, " \t")
		if len(line) > len(name) && line[len(name)] == '=' &&
			line[:len(name)] == name {
			return true
		}
	}
	return false
}

// cacheControl is the Cache-Control value of a response that sets the
// session cookie: no cache may store it, so that no other visitor is sent
// this visitor's Set-Cookie.
const cacheControl = "private, no-store"

// markPrivate sets Cache-Control to cacheControl unless the header already
// has no-store, the strictest directive.
func markPrivate(h http.Header) {
	for _, v := range h.Values("Cache-Control") {
		if hasToken(v, "no-store") {
			return
		}
	}
	h.Set("Cache-Control", cacheControl)
}

// addVaryCookie adds Cookie to the Vary header unless it is listed there
// already or Vary is "*".
func addVaryCookie(h http.Header) {
	for _, v := range h.Values("Vary") {
		if hasToken(v, "Cookie") || hasToken(v, "*") {
			return
		}
	}
	h.Add("Vary", "Cookie")
}

// hasToken reports whether the comma-separated header value v lists token,
// ignoring case and any "=value" or ";param" part of a member.
func hasToken(v, token string) bool {
	for member := range strings.SplitSeq(v, ",") {
		member, _, _ = strings.Cut(member, "=")
		member, _, _ = strings.Cut(member, ";")
		if strings.EqualFold(strings.TrimSpace(member), token) {
			return true
		}
	}
	return false
}
