// Package interop holds the compatibility tests between this module and the
// npm package @analytics/session-utils 0.2.4, which the repository pins in
// package-lock.json. In headless Chromium, pages served on 127.0.0.1 load
// the npm package's browser bundle, this module's /sessionutils.js, or both,
// and each side reads the session the other wrote, as does the middleware
// of package sessionhttp. The package has no code besides its tests, which
// need `npm ci` to have run in the repository root.
package interop
