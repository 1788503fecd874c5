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
//     site and ends after a period without activity (30 minutes by
//     default), when it is removed, or when a new one is set;
//   - the tab session lives in sessionStorage and ends when the tab
//     closes, or when its persisted session changes;
//   - the page session lives in the page's memory and ends when the page
//     changes, or when its tab session changes.
//
// Each session records why it started ([Reason]) and the id it replaced.
// Ids are UUIDv7 ([NewID]), so they sort by start time.
//
// # The cookie
//
// The cookie value is encodeURIComponent(JSON.stringify(session)), the
// format @analytics/session-utils writes, so either can read what the other
// wrote ([Encode], [Decode]). The reader also accepts raw JSON, timestamps
// in seconds or as ISO 8601 strings, and unknown fields, which become
// extra attributes. A value it cannot decode is treated as no session and
// replaced. The cookie is written with Path=/, SameSite=Lax, Expires and
// Max-Age, and Secure on https. It is never HttpOnly, because the page
// must read it: the id is an analytics identifier, not an authentication
// token, and must never be trusted as one.
//
// # Time
//
// Timestamps are Unix milliseconds, as in JavaScript. Every function takes
// the current time as an argument, and a [Tracker] takes a clock, so tests
// never sleep and callers can evaluate a session at an event's own time.
package session
