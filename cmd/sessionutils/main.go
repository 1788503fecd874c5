// Command sessionutils writes the browser build of sessionutils as static
// files for any web server.
//
// Usage:
//
//	go run ./cmd/sessionutils build -o DIR
//
// build compiles the WebAssembly module from this repository and writes into
// DIR, creating it if needed:
//
//	sessionutils.HASH.wasm  the module; HASH is part of its SHA-256
//	sessionutils.js         wasm_exec.js and the loader, set to load that module
//	sessionutils.mjs        the ES module, which loads sessionutils.js
//	wasm_exec.js            Go's support script, of the Go version that compiled the module
//	sessionutils.d.ts       TypeScript definitions of window.sessionUtils
//	sessionutils.d.mts      TypeScript definitions of sessionutils.mjs
//
// Serve the module with a long cache lifetime and the other files with
// revalidation, as sessionhttp.Assets does. Modules of earlier builds stay in DIR for pages that still
// run an earlier sessionutils.js, so delete them once no page needs them.
//
// The command runs the go command on PATH inside this repository, so run it
// from a directory inside the repository.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/sessionutils/session/internal/assets"
)

const usage = `usage: sessionutils build -o DIR

build writes the WebAssembly module, sessionutils.js, sessionutils.mjs,
wasm_exec.js and the TypeScript definitions into DIR.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(),
		os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run runs the command with args, without the program name, and returns the
// exit code: 0 on success, 1 when the build fails, 2 for invalid arguments.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return runBuild(ctx, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "sessionutils: unknown command %q\n%s", args[0], usage)
		return 2
	}
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sessionutils build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("o", "", "output directory; created if missing")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sessionutils build: unexpected arguments %q\n%s",
			fs.Args(), usage)
		return 2
	}
	if *dir == "" {
		fmt.Fprintf(stderr, "sessionutils build: missing -o DIR\n%s", usage)
		return 2
	}

	names, err := assets.WriteDir(ctx, *dir)
	if err != nil {
		fmt.Fprintf(stderr, "sessionutils build: %v\n", err)
		return 1
	}
	for _, name := range names {
		fmt.Fprintln(stdout, filepath.Join(*dir, name))
	}
	return 0
}
