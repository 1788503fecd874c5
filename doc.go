// Package session implements three nested analytics sessions, the model of
// the npm package @analytics/session-utils 0.2.4, in pure Go so that the
// browser (package browser, compiled to WebAssembly) and the server
// (package sessionhttp) apply one set of rules to one cookie.
//
// # Sessions and tiers
//
// A visitor has three sessions, each inside the one above it:
//
//   - the persisted session lives in a cookie shared by every tab of the
//     site;
//   - the tab session lives in sessionStorage and ends when the tab
//     closes, when the tab is duplicated, or when its persisted session
//     changes;
//   - the page session lives in the page's memory and ends when the page
//     loads or changes route, or when its tab session changes.
//
// A persisted session ends after [Options.Timeout] without activity, 30
// minutes by default, and every call counts as activity. It also ends at
// the [Options.MaxLifetime] cap, at the first local midnight in
// [Options.MidnightTimeZone], when the page arrives with new campaign
// parameters ([Options.Campaign]), when it is removed, or when a new one
// is set. Each session records why it started ([Reason]), the id it
// replaced, and the id of the session it belongs to. Ids are UUIDv7
// ([NewID]), so they sort by start time. [Options.Evaluate] reports whether
// an instant, such as a late event's timestamp, falls inside a stored
// session.
//
// # The cookie
//
// The cookie value is encodeURIComponent(JSON.stringify(session)), the
// format @analytics/session-utils writes, so either can read what the other
// wrote ([Encode], [Decode]). The reader also accepts raw JSON, timestamps
// in seconds or as ISO 8601 strings, and unknown fields, which become
// extra attributes ([Attr]). A value it cannot decode is treated as no
// session and replaced. When several cookies of the name arrive (set for
// several paths or domains), [Options.Pick] keeps the valid one with the
// latest activity. A session whose start lies more than [MaxClockSkew] in
// the future is invalid; a smaller lead is clock skew and is kept.
//
// The cookie is written with Path=/, Expires and Max-Age, SameSite (Lax by
// default), Secure on https, and Domain when configured; [Options.Validate]
// rejects a SameSite=None cookie on http and a Domain that the host cannot
// set. The name defaults to [DefaultCookieName]. The cookie is never
// HttpOnly, because the page must read it: the id is an analytics
// identifier, not an authentication token, and must never be trusted as
// one. Extra attributes may not use a reserved name ([ErrReservedAttr]),
// and a session whose cookie would pass [MaxCookieSize] is rejected with
// [ErrTooLarge], leaving the current session unchanged.
//
// # Tracker
//
// A [Tracker] runs the eight calls of @analytics/session-utils, plus
// peeks that write nothing, over a [Store] (in a browser, document.cookie
// and sessionStorage). A Store method that fails moves that tier into the
// tracker's memory, and every returned session says where it lives and
// whether it persists. [Tracker.TakeChanges] returns each start, removal
// or replacement as a [Change], once.
//
// # Options
//
// [Options] configures the cookie and the expiry policy with the same
// names in Go, in the JavaScript loader's options object ([ParseOptions]
// reads that object), and in the middleware.
//
// # Time
//
// Timestamps are Unix milliseconds and durations are [Millis], as in
// JavaScript; the package does not import the time package, which would
// add about 54 KB to the WebAssembly download. Every function takes the
// current time as an argument, and a Tracker takes a clock, so tests
// never sleep and callers can evaluate a session at an event's own time.
package session
