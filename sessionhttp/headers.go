package sessionhttp

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/sessionutils/session"
)

// The request headers in which the browser library's sessionUtils.fetch
// sends the ids of the tab and page sessions.
const (
	TabIDHeader  = "Session-Tab-Id"
	PageIDHeader = "Session-Page-Id"
)

// idHeader returns the value of the id header name of r, or "" when the
// header is missing, empty, repeated or not a valid id. It logs an invalid
// header once, with the cause but without the value.
func (m *middleware) idHeader(r *http.Request, name string) string {
	values := r.Header.Values(name)
	var cause string
	switch {
	case len(values) == 0 || len(values) == 1 && values[0] == "":
		return ""
	case len(values) > 1:
		cause = "header repeated " + strconv.Itoa(len(values)) + " times"
	default:
		cause = checkID(values[0])
	}
	if cause == "" {
		return values[0]
	}
	m.log(r, slog.LevelWarn, "sessionhttp: invalid "+name+" header ignored",
		slog.String("cause", cause))
	return ""
}

// checkID returns why id is not a valid tab or page id, or "" when it is:
// 1 to session.MaxIDLength bytes of letters, digits and "._:-", the bytes
// of every id that the browser library makes.
func checkID(id string) string {
	if len(id) > session.MaxIDLength {
		return "longer than " + strconv.Itoa(session.MaxIDLength) + " bytes"
	}
	for i := 0; i < len(id); i++ {
		switch c := id[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '.', c == '_', c == ':', c == '-':
		default:
			return "invalid byte " + strconv.QuoteRune(rune(c)) +
				" at offset " + strconv.Itoa(i)
		}
	}
	return ""
}

// passiveCause returns why r may not start or extend a session: a
// prefetch or prerender, a CORS preflight, or a route that passive marks.
// It returns "" for an active request.
func passiveCause(r *http.Request, passive func(*http.Request) bool) string {
	switch {
	case isPrefetch(r.Header):
		return "prefetch"
	case r.Method == http.MethodOptions &&
		r.Header.Get("Access-Control-Request-Method") != "":
		// Browsers send a CORS preflight without cookies, so it would
		// start a new session every time.
		return "preflight"
	case passive != nil && passive(r):
		return "passive route"
	}
	return ""
}

// isPrefetch reports whether h marks a request that the browser sends
// ahead of a navigation that may never happen. Sec-Purpose starts with
// prefetch in every value Chromium sends ("prefetch",
// "prefetch;prerender", "prefetch;anonymous-client-ip"), and Firefox 115
// and later send "prefetch". Chromium marks <link rel=prefetch> with the
// older "Purpose: prefetch", and earlier Firefox versions with
// "X-Moz: prefetch".
func isPrefetch(h http.Header) bool {
	for _, name := range []string{"Sec-Purpose", "Purpose", "X-Moz"} {
		for _, v := range h.Values(name) {
			for item := range strings.FieldsFuncSeq(v, isListSeparator) {
				item = strings.TrimSpace(item)
				if strings.EqualFold(item, "prefetch") ||
					strings.EqualFold(item, "prerender") {
					return true
				}
			}
		}
	}
	return false
}

func isListSeparator(c rune) bool {
	return c == ',' || c == ';'
}

// forwardedHTTPS reports whether an X-Forwarded-Proto value names https as
// the protocol of the client's request: its first entry, as proxies that
// append their own put the client's first.
func forwardedHTTPS(v string) bool {
	first, _, _ := strings.Cut(v, ",")
	return strings.EqualFold(strings.TrimSpace(first), "https")
}
