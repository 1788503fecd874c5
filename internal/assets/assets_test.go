package assets

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// newTestServer serves [Handler] on 127.0.0.1 and returns the server with a
// client that neither requests nor decodes gzip on its own.
func newTestServer(t *testing.T) (*httptest.Server, *http.Client) {
	t.Helper()
	h, err := Handler()
	if err != nil {
		t.Fatalf("Handler() error: %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	client := &http.Client{
		Transport: &http.Transport{DisableCompression: true},
		Timeout:   30 * time.Second,
	}
	t.Cleanup(client.CloseIdleConnections)
	return srv, client
}

func get(t *testing.T, client *http.Client, req *http.Request) (
	*http.Response, []byte) {
	t.Helper()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL.Path, err)
	}
	return resp, body
}

func newRequest(t *testing.T, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatalf("http.NewRequest(%q, %q): %v", method, url, err)
	}
	return req
}

func TestHandlerScript(t *testing.T) {
	srv, client := newTestServer(t)
	wasmExec, err := WasmExecJS()
	if err != nil {
		t.Fatalf("WasmExecJS() error: %v", err)
	}

	resp, body := get(t, client, newRequest(t, "GET", srv.URL+"/sessionutils.js"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /sessionutils.js status = %d; want 200", resp.StatusCode)
	}
	got := resp.Header.Get("Content-Type")
	if want := "text/javascript; charset=utf-8"; got != want {
		t.Errorf("Content-Type = %q; want %q", got, want)
	}
	rest := body
	if !bytes.HasPrefix(rest, wasmExec) {
		t.Errorf("script does not continue with wasm_exec.js (%d bytes)", len(wasmExec))
	}
	if !bytes.HasPrefix(rest[len(wasmExec):], []byte("\n")) {
		t.Errorf("script has no newline after wasm_exec.js")
	}
	if !bytes.Contains(body, loaderJS) {
		t.Errorf("script does not contain the loader (%d bytes)", len(loaderJS))
	}
	if got, want := len(body), len(wasmExec)+1+len(loaderJS); got != want {
		t.Errorf("script length = %d; want %d", got, want)
	}
}

func TestHandlerHashedWasm(t *testing.T) {
	h, err := HashedHandler()
	if err != nil {
		t.Fatalf("HashedHandler() error: %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	client := srv.Client()
	wasm, err := Build(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	_, script := get(t, client, newRequest(t, "GET", srv.URL+"/sessionutils.js"))
	if setting := wasmSetting(WasmName(wasm)); !bytes.HasPrefix(script, setting) {
		t.Errorf("HashedHandler script does not start with %q", setting)
	}
	resp, body := get(t, client, newRequest(t, "GET", srv.URL+"/"+WasmName(wasm)))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /%s status = %d; want 200", WasmName(wasm), resp.StatusCode)
	}
	if got := resp.Header.Get("Cache-Control"); got != cacheImmutable {
		t.Errorf("hashed module Cache-Control = %q; want %q", got, cacheImmutable)
	}
	if got := resp.Header.Get("Content-Type"); got != "application/wasm" {
		t.Errorf("hashed module Content-Type = %q; want application/wasm", got)
	}
	if !bytes.Equal(body, wasm) {
		t.Errorf("hashed module body differs from the build (%d bytes, want %d)", len(body), len(wasm))
	}
}

func TestHandlerWasm(t *testing.T) {
	srv, client := newTestServer(t)

	resp, body := get(t, client, newRequest(t, "GET", srv.URL+"/sessionutils.wasm"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /sessionutils.wasm status = %d; want 200", resp.StatusCode)
	}
	if got, want := resp.Header.Get("Content-Type"), "application/wasm"; got != want {
		t.Errorf("Content-Type = %q; want %q", got, want)
	}
	if !bytes.HasPrefix(body, []byte("\x00asm")) {
		t.Errorf("body starts with %q; want the magic bytes \\0asm",
			body[:min(len(body), 8)])
	}
}

func TestHandlerModule(t *testing.T) {
	srv, client := newTestServer(t)

	resp, body := get(t, client, newRequest(t, "GET", srv.URL+"/sessionutils.mjs"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /sessionutils.mjs status = %d; want 200", resp.StatusCode)
	}
	got := resp.Header.Get("Content-Type")
	if want := "text/javascript; charset=utf-8"; got != want {
		t.Errorf("Content-Type = %q; want %q", got, want)
	}
	if got := resp.Header.Get("Cache-Control"); got != "no-cache" {
		t.Errorf("Cache-Control = %q; want no-cache", got)
	}
	if !bytes.Equal(body, moduleJS) {
		t.Errorf("body is %d bytes that differ from sessionutils.mjs (%d bytes)",
			len(body), len(moduleJS))
	}
}

func TestHandlerUnknownPath(t *testing.T) {
	srv, client := newTestServer(t)
	paths := []string{
		"/", "/nope", "/sessionutils.js/x", "/sessionutils.wasm.map",
		"/loader.js", "/SESSIONUTILS.JS", "/sessionutils.d.ts",
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			resp, _ := get(t, client, newRequest(t, "GET", srv.URL+path))
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s status = %d; want 404", path, resp.StatusCode)
			}
		})
	}
}

func TestHandlerMethodNotAllowed(t *testing.T) {
	srv, client := newTestServer(t)

	resp, _ := get(t, client, newRequest(t, "POST", srv.URL+"/sessionutils.js"))
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /sessionutils.js status = %d; want 405", resp.StatusCode)
	}
}

func TestHandlerHead(t *testing.T) {
	srv, client := newTestServer(t)

	_, full := get(t, client, newRequest(t, "GET", srv.URL+"/sessionutils.wasm"))
	resp, body := get(t, client, newRequest(t, "HEAD", srv.URL+"/sessionutils.wasm"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("HEAD /sessionutils.wasm status = %d; want 200", resp.StatusCode)
	}
	if len(body) != 0 {
		t.Errorf("HEAD body length = %d; want 0", len(body))
	}
	if resp.ContentLength != int64(len(full)) {
		t.Errorf("HEAD Content-Length = %d; want %d", resp.ContentLength, len(full))
	}
}

func TestHandlerGzip(t *testing.T) {
	srv, client := newTestServer(t)

	for _, path := range []string{"/sessionutils.js", "/sessionutils.wasm",
		"/sessionutils.mjs"} {
		t.Run(path, func(t *testing.T) {
			_, plain := get(t, client, newRequest(t, "GET", srv.URL+path))
			req := newRequest(t, "GET", srv.URL+path)
			req.Header.Set("Accept-Encoding", "gzip, deflate, br")
			resp, compressed := get(t, client, req)

			if got := resp.Header.Get("Content-Encoding"); got != "gzip" {
				t.Fatalf("Content-Encoding = %q; want gzip", got)
			}
			if got := resp.Header.Get("Vary"); !strings.Contains(got, "Accept-Encoding") {
				t.Errorf("Vary = %q; want it to contain Accept-Encoding", got)
			}
			if len(compressed) >= len(plain) {
				t.Errorf("gzip body length = %d; want less than %d",
					len(compressed), len(plain))
			}
			zr, err := gzip.NewReader(bytes.NewReader(compressed))
			if err != nil {
				t.Fatalf("gzip.NewReader: %v", err)
			}
			decoded, err := io.ReadAll(zr)
			if err != nil {
				t.Fatalf("decode gzip body: %v", err)
			}
			if !bytes.Equal(decoded, plain) {
				t.Errorf("decoded gzip body differs from the identity body")
			}
		})
	}
}

func TestHandlerETag(t *testing.T) {
	srv, client := newTestServer(t)

	resp, _ := get(t, client, newRequest(t, "GET", srv.URL+"/sessionutils.js"))
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("GET /sessionutils.js sent no ETag")
	}
	req := newRequest(t, "GET", srv.URL+"/sessionutils.js")
	req.Header.Set("If-None-Match", etag)
	resp, _ = get(t, client, req)
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("GET with If-None-Match %s status = %d; want 304", etag, resp.StatusCode)
	}
}

func TestBuildReturnsCopy(t *testing.T) {
	first, err := Build(t.Context())
	if err != nil {
		t.Fatalf("Build() error: %v", err)
	}
	first[0] = 'X'
	second, err := Build(t.Context())
	if err != nil {
		t.Fatalf("second Build() error: %v", err)
	}
	if !bytes.HasPrefix(second, wasmMagic) {
		t.Errorf("second Build() starts with %q; want \\0asm", second[:4])
	}
}

func TestWasmExecJS(t *testing.T) {
	js, err := WasmExecJS()
	if err != nil {
		t.Fatalf("WasmExecJS() error: %v", err)
	}
	if !bytes.Contains(js, []byte("globalThis.Go")) {
		t.Errorf("WasmExecJS() does not define globalThis.Go")
	}
}

func TestCompileWasmError(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "go.mod"), "module example.com/broken\n\ngo 1.24\n")
	writeFile(t, filepath.Join(root, "main.go"),
		"package main\n\nfunc main() { undefinedName() }\n")

	_, err := compileWasm(t.Context(), root, ".")
	if err == nil {
		t.Fatal("compileWasm() of a broken package returned no error")
	}
	if !strings.Contains(err.Error(), "compiler output") {
		t.Errorf("error %q does not label the compiler output", err)
	}
	if !strings.Contains(err.Error(), "undefined: undefinedName") {
		t.Errorf("error %q does not contain the compiler message", err)
	}
}

func TestModuleRoot(t *testing.T) {
	root, err := moduleRoot(t.Context())
	if err != nil {
		t.Fatalf("moduleRoot() error: %v", err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Dir(filepath.Dir(wd)); root != want {
		t.Errorf("moduleRoot() = %q; want %q", root, want)
	}
}

func TestModuleRootOutsideModule(t *testing.T) {
	t.Chdir(t.TempDir())

	_, err := moduleRoot(t.Context())
	if err == nil || !strings.Contains(err.Error(), "no go.mod") {
		t.Errorf("moduleRoot() outside a module error = %v; "+
			"want one about no go.mod", err)
	}
}

func TestModuleRootOtherModule(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/other\n\ngo 1.24\n")
	t.Chdir(dir)

	_, err := moduleRoot(t.Context())
	if err == nil || !strings.Contains(err.Error(), `"example.com/other"`) {
		t.Errorf("moduleRoot() in another module error = %v; want one naming it", err)
	}
}

func TestModulePath(t *testing.T) {
	tests := []struct {
		name  string
		gomod string
		want  string
	}{
		{"plain", "module example.com/a\n\ngo 1.24\n", "example.com/a"},
		{"quoted", "module \"example.com/q\"\n", "example.com/q"},
		{"comment first", "// hello\nmodule example.com/c // note\n", "example.com/c"},
		{"crlf", "module example.com/w\r\ngo 1.24\r\n", "example.com/w"},
		{"missing", "go 1.24\n", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := modulePath([]byte(tt.gomod)); got != tt.want {
				t.Errorf("modulePath(%q) = %q; want %q", tt.gomod, got, tt.want)
			}
		})
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		header []string
		want   bool
	}{
		{nil, false},
		{[]string{""}, false},
		{[]string{"gzip"}, true},
		{[]string{"GZIP"}, true},
		{[]string{"x-gzip"}, true},
		{[]string{"gzip, deflate, br, zstd"}, true},
		{[]string{"br", "gzip;q=0.5"}, true},
		{[]string{"gzip;q=0"}, false},
		{[]string{"gzip; q=0.000"}, false},
		{[]string{"gzip;q=bad"}, false},
		{[]string{"*"}, true},
		{[]string{"*;q=0"}, false},
		{[]string{"gzip;q=0, *"}, false},
		{[]string{"*;q=0, gzip"}, true},
		{[]string{"identity"}, false},
		{[]string{"gzipped"}, false},
	}
	for _, tt := range tests {
		if got := acceptsGzip(tt.header); got != tt.want {
			t.Errorf("acceptsGzip(%q) = %v; want %v", tt.header, got, tt.want)
		}
	}
}

func TestBuilderBuildsOnce(t *testing.T) {
	var compiles atomic.Int32
	release := make(chan struct{})
	b := &builder{compile: func(ctx context.Context) ([]byte, error) {
		compiles.Add(1)
		<-release
		return []byte("\x00asm-fake"), nil
	}}

	const callers = 8
	var wg sync.WaitGroup
	results := make([][]byte, callers)
	errs := make([]error, callers)
	for i := range callers {
		wg.Go(func() { results[i], errs[i] = b.build(t.Context()) })
	}
	close(release)
	wg.Wait()

	for i := range callers {
		if errs[i] != nil || string(results[i]) != "\x00asm-fake" {
			t.Errorf("caller %d: build() = %q, %v; want the fake module",
				i, results[i], errs[i])
		}
	}
	if _, err := b.build(t.Context()); err != nil {
		t.Errorf("build() after success error: %v", err)
	}
	if n := compiles.Load(); n != 1 {
		t.Errorf("compile ran %d times; want 1", n)
	}
}

func TestBuilderKeepsError(t *testing.T) {
	var compiles atomic.Int32
	errCompile := errors.New("compile failed")
	b := &builder{compile: func(ctx context.Context) ([]byte, error) {
		compiles.Add(1)
		return nil, errCompile
	}}

	for i := range 3 {
		if _, err := b.build(t.Context()); !errors.Is(err, errCompile) {
			t.Errorf("call %d: build() error = %v; want %v", i, err, errCompile)
		}
	}
	if n := compiles.Load(); n != 1 {
		t.Errorf("compile ran %d times; want 1", n)
	}
}

func TestBuilderRetriesAfterCancel(t *testing.T) {
	var compiles atomic.Int32
	cancelled := make(chan struct{})
	b := &builder{compile: func(ctx context.Context) ([]byte, error) {
		if compiles.Add(1) == 1 {
			<-ctx.Done()
			close(cancelled)
			return nil, ctx.Err()
		}
		return []byte("\x00asm-second"), nil
	}}

	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		waitForWaiters(t, b, 1)
		cancel()
	}()
	if _, err := b.build(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("build() with a cancelled context error = %v; "+
			"want context.Canceled", err)
	}
	select {
	case <-cancelled:
	case <-time.After(10 * time.Second):
		t.Fatal("compile was not cancelled after its only caller left")
	}

	wasm, err := b.build(t.Context())
	if err != nil || string(wasm) != "\x00asm-second" {
		t.Errorf("build() after cancel = %q, %v; want the second module", wasm, err)
	}
}

func TestBuilderOneCallerLeaves(t *testing.T) {
	release := make(chan struct{})
	var compileErr atomic.Value
	b := &builder{compile: func(ctx context.Context) ([]byte, error) {
		<-release
		if err := ctx.Err(); err != nil {
			compileErr.Store(err)
		}
		return []byte("\x00asm-fake"), nil
	}}

	var wg sync.WaitGroup
	var stayed []byte
	var stayedErr error
	wg.Go(func() { stayed, stayedErr = b.build(t.Context()) })
	waitForWaiters(t, b, 1)

	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		waitForWaiters(t, b, 2)
		cancel()
	}()
	if _, err := b.build(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("build() of the leaving caller error = %v; want context.Canceled", err)
	}
	close(release)
	wg.Wait()

	if stayedErr != nil || string(stayed) != "\x00asm-fake" {
		t.Errorf("build() of the staying caller = %q, %v; want the fake module",
			stayed, stayedErr)
	}
	if err := compileErr.Load(); err != nil {
		t.Errorf("compile context ended with %v while a caller was waiting", err)
	}
}

// waitForWaiters waits until n callers wait for the build in progress.
func waitForWaiters(t *testing.T, b *builder, n int) {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		b.mu.Lock()
		waiters := 0
		if b.call != nil {
			waiters = b.call.waiters
		}
		b.mu.Unlock()
		if waiters >= n {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Errorf("fewer than %d callers waited for the build within 10s", n)
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBuildFromRequiringModule(t *testing.T) {
	root, err := moduleRoot(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// A site's own module that requires this one, as go get would leave
	// it, with a replace directive in place of a download.
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/site\n\ngo 1.26\n\n"+
		"require "+ModulePath+" v0.0.0\n\nreplace "+ModulePath+" => "+root+"\n")
	t.Chdir(dir)

	wasm, err := compileModuleWasm(t.Context())
	if err != nil {
		t.Fatalf("compileModuleWasm() in a requiring module error: %v", err)
	}
	if !bytes.HasPrefix(wasm, wasmMagic) {
		t.Errorf("compileModuleWasm() in a requiring module returned %d bytes without the wasm magic", len(wasm))
	}
}
