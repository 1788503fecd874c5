// Package probe holds the probe programs of scripts/size. Each probe is the
// program of internal/bench/bare plus one piece of code: a part of package
// session, or one standard library feature that the browser build uses.
// Built with the flags of the browser build, the difference of its size to
// bare's is what that piece costs alone. Probes read their input from the
// global probeInput and write their result to probeOutput, so that the
// compiler cannot evaluate the call at build time.
package probe
