package assets

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ModulePath is the path of the module whose ./cmd/sessionutils-wasm Build
// compiles.
const ModulePath = "github.com/sessionutils/session"

// wasmPackage is the package Build compiles, relative to the module root.
const wasmPackage = "./cmd/sessionutils-wasm"

// wasmMagic starts every WebAssembly binary module.
var wasmMagic = []byte("\x00asm")

// loaderJS is the script that fetches and starts the module and defines
// window.sessionUtils.
//
//go:embed loader.js
var loaderJS []byte

// processBuilder caches the one build of the process for [Build].
var processBuilder = &builder{compile: compileModuleWasm}

// Build compiles ./cmd/sessionutils-wasm of this module with GOOS=js
// GOARCH=wasm and returns the WebAssembly module. The module root is found
// from the current directory, as the go command finds it.
//
// The first call starts the build, later and concurrent calls share its
// result, and a successful build or a compile error is kept for the life of
// the process. A call whose ctx ends stops waiting and returns the context's
// error. The build itself stops only when every waiting caller has left, and
// then the next call starts it again. Build is safe for concurrent use. Each
// call returns its own copy of the module.
func Build(ctx context.Context) (wasm []byte, err error) {
	wasm, err = processBuilder.build(ctx)
	if err != nil {
		return nil, err
	}
	return bytes.Clone(wasm), nil
}

// builder shares one run of compile among its callers and keeps the result.
// A run that every caller has left is cancelled and forgotten, so the next
// caller starts a new one.
type builder struct {
	compile func(ctx context.Context) ([]byte, error)

	mu   sync.Mutex
	call *buildCall // nil before the first call and after an abandoned one
}

// buildCall is one run of builder.compile and the callers waiting for it.
type buildCall struct {
	done    chan struct{} // closed when wasm and err are set
	wasm    []byte
	err     error
	waiters int
	cancel  context.CancelFunc
}

func (b *builder) build(ctx context.Context) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("assets: build wasm: %w", context.Cause(ctx))
	}

	b.mu.Lock()
	call := b.call
	if call == nil {
		// The build runs on its own context so that one caller's deadline
		// does not fail the build for the others.
		runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		call = &buildCall{done: make(chan struct{}), cancel: cancel}
		b.call = call
		go b.run(runCtx, call)
	}
	call.waiters++
	b.mu.Unlock()

	select {
	case <-call.done:
		return call.wasm, call.err
	case <-ctx.Done():
		return b.leave(ctx, call)
	}
}

func (b *builder) run(ctx context.Context, call *buildCall) {
	wasm, err := b.compile(ctx)
	call.cancel()

	b.mu.Lock()
	defer b.mu.Unlock()
	call.wasm, call.err = wasm, err
	close(call.done)
}

// leave removes a caller whose ctx ended from call, and abandons the build
// when no caller is left, unless the build has finished meanwhile.
func (b *builder) leave(ctx context.Context, call *buildCall) ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()

	select {
	case <-call.done:
		return call.wasm, call.err
	default:
	}
	call.waiters--
	if call.waiters == 0 && b.call == call {
		call.cancel()
		b.call = nil
	}
	return nil, fmt.Errorf("assets: build wasm: %w", context.Cause(ctx))
}

// compileModuleWasm compiles wasmPackage in this module's source tree, or,
// from another module that requires this one (a site's own server), the
// same package by its import path.
func compileModuleWasm(ctx context.Context) ([]byte, error) {
	root, err := moduleRoot(ctx)
	var other *otherModuleError
	if errors.As(err, &other) {
		wasm, buildErr := compileWasm(ctx, other.root, ModulePath+"/cmd/sessionutils-wasm")
		if buildErr != nil {
			return nil, fmt.Errorf("%w (the module in %s must require %s: "+
				"go get %s)", buildErr, other.root, ModulePath, ModulePath)
		}
		return wasm, nil
	}
	if err != nil {
		return nil, err
	}
	return compileWasm(ctx, root, wasmPackage)
}

// otherModuleError reports that the current directory lies in a module
// other than this one.
type otherModuleError struct {
	root, gomod, path string
}

func (e *otherModuleError) Error() string {
	return fmt.Sprintf("assets: %s declares module %q; "+
		"run from a directory inside module %s", e.gomod, e.path, ModulePath)
}

// moduleRoot returns the directory of the go.mod that the go command uses in
// the current directory, and checks that it declares [ModulePath].
func moduleRoot(ctx context.Context) (string, error) {
	gomod, err := goEnv(ctx, "GOMOD")
	if err != nil {
		return "", err
	}
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("assets: no go.mod in the current directory "+
			"or above; run from a directory inside module %s", ModulePath)
	}

	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", fmt.Errorf("assets: read module file: %w", err)
	}
	if path := modulePath(data); path != ModulePath {
		return "", &otherModuleError{root: filepath.Dir(gomod), gomod: gomod, path: path}
	}
	return filepath.Dir(gomod), nil
}

// modulePath returns the path of the module directive in a go.mod file, or
// "" when there is none.
func modulePath(gomod []byte) string {
	for line := range strings.Lines(string(gomod)) {
		fields := strings.Fields(line)
		if len(fields) >= 2 && fields[0] == "module" {
			path, err := strconv.Unquote(fields[1])
			if err != nil {
				return fields[1]
			}
			return path
		}
	}
	return ""
}

// compileWasm runs `go build` for pkg in the module at root with GOOS=js
// GOARCH=wasm, without symbol tables and file system paths, and returns the
// output file. On failure the error contains the compiler output.
func compileWasm(ctx context.Context, root, pkg string) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "sessionutils-wasm-")
	if err != nil {
		return nil, fmt.Errorf("assets: create build directory: %w", err)
	}
	defer os.RemoveAll(tmp)

	out := filepath.Join(tmp, "sessionutils.wasm")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath",
		"-ldflags=-s -w", "-o", out, pkg)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	cmd.WaitDelay = 5 * time.Second
	if output, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("assets: GOOS=js GOARCH=wasm go build %s "+
			"in %s failed: %w\ncompiler output:\n%s", pkg, root, err, output)
	}

	wasm, err := os.ReadFile(out)
	if err != nil {
		return nil, fmt.Errorf("assets: read build output: %w", err)
	}
	if !bytes.HasPrefix(wasm, wasmMagic) {
		return nil, fmt.Errorf("assets: build output %s of %s is not a "+
			"WebAssembly module", out, pkg)
	}
	return wasm, nil
}

// WasmExecJS returns the wasm_exec.js of the Go toolchain that the go command
// on PATH runs, the same toolchain that [Build] compiles with. The script and
// the module must come from the same Go version.
func WasmExecJS() ([]byte, error) {
	goroot, err := goEnv(context.Background(), "GOROOT")
	if err != nil {
		return nil, err
	}

	// Go 1.24 moved the file from misc/wasm to lib/wasm.
	paths := []string{
		filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"),
		filepath.Join(goroot, "misc", "wasm", "wasm_exec.js"),
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err == nil {
			return data, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("assets: read wasm_exec.js: %w", err)
		}
	}
	return nil, fmt.Errorf("assets: wasm_exec.js not found in GOROOT %s "+
		"(tried %s)", goroot, strings.Join(paths, ", "))
}

// goEnv returns the value of one variable of `go env`.
func goEnv(ctx context.Context, name string) (string, error) {
	output, err := exec.CommandContext(ctx, "go", "env", name).Output()
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			err = fmt.Errorf("%w: %s", err, bytes.TrimSpace(exitErr.Stderr))
		}
		return "", fmt.Errorf("assets: go env %s: %w", name, err)
	}
	return strings.TrimSpace(string(output)), nil
}
