package sessionhttp

import (
	"context"

	"github.com/sessionutils/session"
)

// Sessions is the result of [Middleware] for one request: the persisted
// session in force and the ids of the tab and page that sent it.
type Sessions struct {
	// Persisted is the persisted session in force, as the JavaScript call
	// getSession returns it, after the middleware started or refreshed
	// it. Its ID is empty when no session is in force: the request was
	// passive and carried no valid session, the session cookie lay past
	// MaxCookieHeaderBytes, or the random source failed.
	Persisted session.Persisted

	// TabID and PageID are the values of the Session-Tab-Id and
	// Session-Page-Id headers, or "" when a header is missing or invalid.
	// Like the cookie, they are analytics identifiers that the client
	// chooses, never proof of anything.
	TabID  string
	PageID string

	// Status is the content of the request's session cookie before the
	// middleware acted: nothing, or a valid, expired or invalid session.
	Status session.Status

	// CookieSet reports whether the response sets the session cookie,
	// because a session started or its expiry was refreshed.
	CookieSet bool
}

// contextKey is the key of the request's Sessions in its context.
type contextKey struct{}

// sessionContext carries a request's Sessions. It replaces
// context.WithValue, which would allocate the Sessions a second time
// when boxing them into an interface.
type sessionContext struct {
	context.Context
	sessions Sessions
}

func (c *sessionContext) Value(key any) any {
	if key == (contextKey{}) {
		return &c.sessions
	}
	return c.Context.Value(key)
}

// FromContext returns the sessions of the request whose context is ctx,
// and reports whether the request passed through [Middleware]. For any
// other context, a nil one included, it returns the zero Sessions and
// false.
func FromContext(ctx context.Context) (Sessions, bool) {
	if ctx == nil {
		return Sessions{}, false
	}
	if c, ok := ctx.(*sessionContext); ok {
		return c.sessions, true
	}
	s, ok := ctx.Value(contextKey{}).(*Sessions)
	if !ok {
		return Sessions{}, false
	}
	return *s, true
}
