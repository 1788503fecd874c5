// Package e2e holds the end-to-end tests of the browser build: pages served
// on 127.0.0.1 load /sessionutils.js and the WebAssembly module, and the
// tests call window.sessionUtils in headless Chromium through the package
// internal/browsertest. The package has no code besides its tests.
package e2e
