// Package sessionhttp is net/http middleware that keeps the persisted
// analytics session on the server, in the same cookie and by the same
// rules as the browser library, and reads the tab and page ids that the
// browser sends.
//
// # Middleware
//
// Wrap the routes that read the session:
//
//	mux.Handle("GET /api/", sessionhttp.Middleware(nil)(api))
//
// and read the sessions in the handler:
//
//	s, ok := sessionhttp.FromContext(r.Context())
//
// For each request the middleware reads the session cookie ("__session"
// by default) and decides, with the functions of package session that the
// browser library also runs:
//
//   - a valid session is kept, and its expiry slides with the activity
//     ([session.Options.Touch]). The cookie is written again only when the
//     stored expiry lags more than the refresh interval behind (one
//     minute, or a tenth of the session's duration when that is shorter),
//     so most requests get no Set-Cookie;
//   - when no session is in force, a new one starts, with reason "new",
//     "invalid", or the way the previous one ended ("expired-idle",
//     "expired-max", "midnight") and its id as previousId;
//   - a passive request (see below) neither starts nor extends a session.
//
// The cookie is set with exactly the attributes the browser library
// writes: Path=/, Expires, Max-Age, SameSite (Lax by default), Domain when
// configured, and Secure when the request came over TLS, or over https
// according to X-Forwarded-Proto when [Options.TrustForwardedProto] is
// set. It is never HttpOnly, because the page reads it. Before sending, the
// middleware parses the line back with [http.ParseSetCookie] and checks it
// with [http.Cookie.Valid]. It sends no cookie that a browser would reject:
// one whose Domain does not cover the request's host, a SameSite=None
// cookie on plain http, or one whose name and value pass 4096 bytes. The
// session then stays as it was, and the log record gives the cause.
//
// The Set-Cookie header is added before the next handler runs, because
// the decision does not depend on the handler, so it precedes the first
// byte of the body. A response carries at most one Set-Cookie for the
// session: the middleware adds none when the header already sets the
// cookie, and a request that already passed through the middleware is
// not handled twice. The middleware does not wrap the ResponseWriter.
//
// # Reading the cookie
//
// A request can carry the cookie more than once, when copies exist for
// several paths or domains (RFC 6265, section 5.4). [session.Options.Pick]
// chooses: a valid session beats an expired one, which beats a value that
// cannot be decoded, and among valid ones the most recently active wins.
// A valid session is never replaced, whatever else the header holds. The
// cases, each tested:
//
//   - No cookie: a new session starts (reason "new").
//   - A cookie written by @analytics/session-utils 0.2.4: percent-encoded
//     JSON without a Path attribute, and with an expiry counted from the
//     start. It is read like any other; its extra attributes are kept, and
//     the first refresh writes it again with Path=/.
//   - Unknown fields: they become extra attributes and are written back,
//     unchanged and in order, whenever the cookie is rewritten.
//   - A corrupted value (bad percent-encoding, truncated or non-JSON,
//     missing fields, a start more than [session.MaxClockSkew] ahead): it
//     counts as invalid, and a new session starts (reason "invalid")
//     unless another copy holds a valid one.
//   - An oversized value, whose name and value pass
//     [session.MaxCookieSize] (4096 bytes, the most a browser stores): it
//     is not decoded and counts as invalid.
//   - A long Cookie header: only the first [MaxCookieHeaderBytes] (16 KiB)
//     of the request's Cookie headers are read, cut at a cookie boundary.
//     When the session cookie is not found within them, no session starts,
//     because starting one would overwrite a valid cookie past the limit.
//   - A refreshed session whose cookie would pass the 4096-byte limit,
//     which a raw JSON value with large extra attributes can cause once it
//     is percent-encoded: it is not written, and stays valid until its
//     stored expiry.
//
// # Tab and page ids
//
// The browser library's sessionUtils.fetch sends the ids of the tab and
// page sessions in the Session-Tab-Id and Session-Page-Id headers. The
// middleware accepts a value of 1 to 128 bytes of letters, digits and
// "._:-", and puts it in [Sessions]. A longer value, another byte, or a
// repeated header is ignored: the id is empty and the header is logged
// once.
//
// # Passive requests
//
// A passive request reads the session and nothing more: no session
// starts, no expiry moves and no cookie is set. These requests are
// passive:
//
//   - those for which [Options.Passive] returns true, such as polling and
//     health checks;
//   - prefetches and prerenders, marked by Sec-Purpose (prefetch or
//     prerender), Purpose: prefetch or X-Moz: prefetch, because the
//     visitor may never see the page;
//   - CORS preflights (OPTIONS with Access-Control-Request-Method), which
//     browsers send without cookies.
//
// # Caching
//
// The middleware adds Vary: Cookie to the response of every request it
// handles, because the handler may depend on the session. A response that sets the
// cookie also gets Cache-Control: private, no-store, unless its
// Cache-Control already has no-store, so that no cache hands one
// visitor's Set-Cookie to another. The handler runs after these headers
// are set and may replace them; a handler that makes such a response
// publicly cacheable defeats this protection. Wrap only the routes that
// need the session: Vary: Cookie makes a browser fetch a static file
// again whenever the cookie changes.
//
// # Browser and server together
//
// The page and the server apply the same Touch rule to the same cookie,
// and neither moves an expiry backwards, so they do not take turns
// rewriting it. A request made with sessionUtils.fetch touches the session
// in the page first and carries the refreshed cookie, so the server
// usually has nothing to write. Give the middleware the page's options
// (cookie name, timeout, domain, refresh interval, maximum lifetime and
// midnight zone).
//
// NOTE: when a response refreshes the cookie while the page refreshes it
// too, whichever write comes last wins; both hold the same id, and their
// expiries differ by at most the request's round-trip time.
//
// # Logging
//
// With [Options.Logger] set, the middleware logs through log/slog, with
// the method and path of the request, and never the cookie value. Each
// request gets at most one record about its persisted session, plus one
// per invalid id header:
//
//   - Debug: a session started, was refreshed, or was not started on a
//     passive request, and a header that held several copies of the
//     cookie. A single valid cookie kept as it was logs nothing.
//   - Warn: a corrupted or oversized value, a Cookie header cut at the
//     limit that hid the session, an invalid tab or page id header, and a
//     cookie that could not be set (with the cause in cookieError).
//   - Error: invalid options, once when the middleware is created, and a
//     random source that failed.
//
// # Security
//
// The session id is an analytics identifier, not an authentication token.
// The cookie is readable by the page's scripts, and the client chooses
// the cookie and the id headers, so never grant access on the strength of
// any of them.
package sessionhttp
