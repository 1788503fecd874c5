//go:build js && wasm

// Package browser keeps the three sessions of a web page, the model of
// package session, on document.cookie, sessionStorage and the page's
// memory. It runs only in a Go program compiled with GOOS=js GOARCH=wasm
// and loaded into a page.
//
// # One state per page
//
// A page has one [Sessions], opened by the first caller: Go code through
// [Open] or [Configure], or the loader script sessionutils.js, which
// starts the program in ./cmd/sessionutils-wasm and defines
// window.sessionUtils. Go and JavaScript see the same sessions, so a Go
// front end and the page's other scripts agree on every id:
//
//	s := browser.Open(nil) // nil: the default options
//	visit, err := s.GetSession(30, false)
//
// The first [Open] or [Configure] fixes the options. Later calls of Open
// return the same Sessions and ignore their argument, and later calls of
// Configure return an error.
//
// # Calls
//
// The methods of [Sessions] are the calls of @analytics/session-utils
// 0.2.4 with Go types (GetSession, SetSession, ExtendSession,
// RemoveSession, GetTabSession, SetTabSession, GetPageSession,
// SetPageSession), plus PeekSession, PeekTabSession and PeekPageSession,
// which return the session in force without starting or writing anything,
// and OnChange, which reports each change as a [session.Change] with its
// tier, old id and reason.
// Persisted sessions come back as [session.Persisted], tab and page
// sessions as [session.Scope].
//
// # Storage
//
// The persisted session lives in a cookie (named by
// [session.Options.CookieName]), the tab session in sessionStorage under
// [session.TabKey], and the page session in the program's memory. When the
// page cannot use cookies or sessionStorage, because the browser blocks
// them or the access throws, the tier keeps its session in memory instead,
// and the result's Storage field says "memory". Session ids come from
// crypto.getRandomValues, which plain http pages have too, unlike
// crypto.randomUUID.
//
// # Calls from JavaScript
//
// The JavaScript global does not call into Go through syscall/js
// callbacks, because a call into a js.FuncOf callback costs tens of
// microseconds and a call into a //go:wasmexport function nanoseconds.
// Instead the loader reads document.cookie and sessionStorage itself,
// copies them into the program's memory, calls an exported function, and
// applies the cookie and storage writes that the call returns. Calls from
// Go read and write the document through syscall/js.
//
// # Concurrency
//
// A page runs its scripts on one thread. Sessions is not safe for use
// from more than one goroutine at a time.
package browser
