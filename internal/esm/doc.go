// Package esm holds the Chromium tests of the ES module sessionutils.mjs.
// Plain HTML pages on 127.0.0.1 import the module with a module script:
// from the development handler, from a static build served by
// http.FileServer, and from the same build served by sessionhttp.Assets.
// The tests compare what the imported calls return with the global
// window.sessionUtils. The package has no code besides its tests.
package esm
