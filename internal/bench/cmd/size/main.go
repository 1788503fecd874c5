// Command size measures the download size of the browser build and what
// each part of it costs, and prints the results as Markdown tables. Run it
// from the repository root, as scripts/size does:
//
//	go run ./internal/bench/cmd/size [-rev HEAD] [-wasm-opt=false] [-funcs n]
//
// It measures a snapshot of the commit rev (git archive), with the
// directory internal/bench taken from the working tree, so that edits made
// while it runs do not mix into its numbers. Every module is built as
// package internal/assets builds the browser build: GOOS=js GOARCH=wasm go
// build -trimpath -ldflags="-s -w". It reports, in bytes, the raw size and
// the size after gzip -9 of the following. The first two tables also give
// the size after brotli (quality 11) when the brotli command is installed.
// The others do not, because brotli takes about 10 s of CPU time per
// module:
//
//   - the browser build (./cmd/sessionutils-wasm) and the bare syscall/js
//     program (./internal/bench/bare), and their difference;
//   - both after wasm-opt -Oz, when the wasm-opt command (binaryen) is
//     installed and -wasm-opt is true;
//   - each probe in ./internal/bench/probe: bare plus one piece of code,
//     minus bare;
//   - removal experiments: the browser build minus the browser build with
//     the bodies of some functions replaced by panic(0), through go build
//     -overlay. The linker then drops every function that only those
//     bodies reached, so the difference is an estimate of what removing
//     them would save. It leaves out what their replacement would cost;
//   - code bytes per package and per function, read from the name section
//     of builds without -s (package wasmsize).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/sessionutils/session/internal/bench/wasmsize"
)

const (
	oursPkg  = "./cmd/sessionutils-wasm"
	barePkg  = "./internal/bench/bare"
	probeDir = "internal/bench/probe"
)

// wasmOptFlags are the flags that wasm-opt (binaryen 108) needs for Go's
// output: without the three features it rejects the module as invalid.
var wasmOptFlags = []string{"-Oz", "--enable-bulk-memory",
	"--enable-sign-ext", "--enable-nontrapping-float-to-int"}

func main() {
	useWasmOpt := flag.Bool("wasm-opt", true,
		"also measure the builds after wasm-opt -Oz, when wasm-opt is installed "+
			"(takes about two minutes on 2 cores)")
	funcs := flag.Int("funcs", 30, "number of the largest added functions to list")
	rev := flag.String("rev", "HEAD", "git `revision` to measure")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	m := &measurer{ctx: ctx, out: os.Stdout}
	if err := m.run(*rev, *useWasmOpt, *funcs); err != nil {
		fmt.Fprintln(os.Stderr, "size:", err)
		os.Exit(1)
	}
}

type measurer struct {
	ctx    context.Context
	out    io.Writer
	tmp    string // temporary files
	src    string // the snapshot of the repository that is measured
	brotli bool   // the brotli command is installed
}

// sizes are the sizes of one module in bytes, or differences of them.
// Brotli is zero when it was not measured.
type sizes struct{ raw, gzip, brotli int }

func (s sizes) minus(o sizes) sizes {
	return sizes{s.raw - o.raw, s.gzip - o.gzip, s.brotli - o.brotli}
}

func (m *measurer) run(rev string, useWasmOpt bool, funcs int) error {
	if _, err := os.Stat("go.mod"); err != nil {
		return fmt.Errorf("run it from the repository root: %w", err)
	}
	if _, err := exec.LookPath("gzip"); err != nil {
		return fmt.Errorf("gzip not found: install it with apt-get install -y gzip")
	}
	_, err := exec.LookPath("brotli")
	m.brotli = err == nil
	tmp, err := os.MkdirTemp("", "sessionutils-size-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	m.tmp = tmp
	if err := m.snapshot(rev); err != nil {
		return err
	}

	m.header(rev)
	ours, bare, err := m.downloadSize()
	if err != nil {
		return err
	}
	if err := m.wasmOpt(useWasmOpt); err != nil {
		return err
	}
	if err := m.probes(bare); err != nil {
		return err
	}
	if err := m.experiments(ours); err != nil {
		return err
	}
	return m.codeBytes(funcs)
}

// snapshot extracts rev into a temporary directory and copies
// internal/bench of the working tree over it.
func (m *measurer) snapshot(rev string) error {
	m.src = filepath.Join(m.tmp, "src")
	if err := os.Mkdir(m.src, 0o755); err != nil {
		return err
	}
	archive := exec.CommandContext(m.ctx, "git", "archive", rev)
	extract := exec.CommandContext(m.ctx, "tar", "-x", "-C", m.src)
	pipe, err := archive.StdoutPipe()
	if err != nil {
		return err
	}
	extract.Stdin = pipe
	var stderr bytes.Buffer
	archive.Stderr = &stderr
	if err := archive.Start(); err != nil {
		return err
	}
	if out, err := extract.CombinedOutput(); err != nil {
		return fmt.Errorf("tar -x failed: %w\n%s", err, out)
	}
	if err := archive.Wait(); err != nil {
		return fmt.Errorf("git archive %s failed: %w\n%s", rev, err, stderr.Bytes())
	}
	bench := filepath.Join(m.src, "internal", "bench")
	if err := os.RemoveAll(bench); err != nil {
		return err
	}
	return os.CopyFS(bench, os.DirFS(filepath.Join("internal", "bench")))
}

// header prints the date, the versions of the tools, and the commit that
// is measured.
func (m *measurer) header(rev string) {
	fmt.Fprintf(m.out, "# Size of the browser build\n\n")
	fmt.Fprintf(m.out, "- date: %s\n", time.Now().UTC().Format(time.DateOnly))
	fmt.Fprintf(m.out, "- %s\n", m.firstLine("go", "version"))
	commit := m.firstLine("git", "rev-parse", "--short", rev)
	fmt.Fprintf(m.out, "- commit: %s (%s), with internal/bench of the "+
		"working tree", commit, rev)
	fmt.Fprintf(m.out, "\n- gzip: %s\n", m.firstLine("gzip", "--version"))
	if m.brotli {
		fmt.Fprintf(m.out, "- brotli: %s\n", m.firstLine("brotli", "--version"))
	} else {
		fmt.Fprintf(m.out, "- brotli: not installed (apt-get install -y brotli)\n")
	}
	fmt.Fprintf(m.out, "- build: GOOS=js GOARCH=wasm go build -trimpath "+
		"-ldflags=\"-s -w\"\n\n")
}

func (m *measurer) downloadSize() (ours, bare sizes, err error) {
	if ours, err = m.buildSizes(oursPkg, "", true); err != nil {
		return
	}
	if bare, err = m.buildSizes(barePkg, "", true); err != nil {
		return
	}
	diff := ours.minus(bare)
	fmt.Fprintf(m.out, "## Download size\n\n")
	m.tableHeader("module")
	m.row("browser build ("+oursPkg+")", ours)
	m.row("bare syscall/js program ("+barePkg+")", bare)
	m.row("difference", diff)
	verdict := "met"
	if diff.gzip > 30_000 {
		verdict = "not met"
	}
	fmt.Fprintf(m.out, "\nTarget, a difference of at most 30 KB (30,000 bytes) "+
		"after gzip -9: %s (%d bytes).\n\n", verdict, diff.gzip)
	return ours, bare, nil
}

func (m *measurer) wasmOpt(use bool) error {
	if !use {
		return nil
	}
	if _, err := exec.LookPath("wasm-opt"); err != nil {
		fmt.Fprintf(m.out, "wasm-opt is not installed (apt-get install -y "+
			"binaryen); skipped.\n\n")
		return nil
	}
	fmt.Fprintf(m.out, "## After wasm-opt %s\n\n%s\n\n",
		strings.Join(wasmOptFlags, " "), m.firstLine("wasm-opt", "--version"))
	m.tableHeader("module")
	var results [2]sizes
	for i, pkg := range []string{oursPkg, barePkg} {
		in := filepath.Join(m.tmp, "opt-in.wasm")
		out := filepath.Join(m.tmp, "opt-out.wasm")
		wasm, err := m.build(pkg, "", true)
		if err != nil {
			return err
		}
		if err := os.WriteFile(in, wasm, 0o644); err != nil {
			return err
		}
		args := append(slices.Clone(wasmOptFlags), in, "-o", out)
		if output, err := exec.CommandContext(m.ctx, "wasm-opt",
			args...).CombinedOutput(); err != nil {
			return fmt.Errorf("wasm-opt %s failed: %w\n%s",
				strings.Join(args, " "), err, output)
		}
		optimized, err := os.ReadFile(out)
		if err != nil {
			return err
		}
		before, err := m.measure(wasm, true)
		if err != nil {
			return err
		}
		if results[i], err = m.measure(optimized, true); err != nil {
			return err
		}
		m.row(pkg, results[i])
		m.row(pkg+", change by wasm-opt", results[i].minus(before))
	}
	m.row("difference after wasm-opt", results[0].minus(results[1]))
	fmt.Fprintln(m.out)
	return nil
}

func (m *measurer) probes(bare sizes) error {
	entries, err := os.ReadDir(filepath.Join(m.src, probeDir))
	if err != nil {
		return err
	}
	fmt.Fprintf(m.out, "## Probes: bare plus one piece, minus bare\n\n")
	fmt.Fprintf(m.out, "| probe | raw | gzip -9 |\n| --- | ---: | ---: |\n")
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		s, err := m.buildSizes("./"+probeDir+"/"+e.Name(), "", false)
		if err != nil {
			return err
		}
		d := s.minus(bare)
		fmt.Fprintf(m.out, "| %s | %d | %d |\n", e.Name(), d.raw, d.gzip)
	}
	fmt.Fprintln(m.out)
	return nil
}

// experiment is a removal experiment: the bodies of funcs, in the package
// in dir, are replaced by panic(0). A func is "Name" or "Type.Method".
type experiment struct {
	name  string
	dir   string
	funcs []string
}

var experiments = []experiment{
	{"ISO 8601 formatting", ".", []string{"appendISO"}},
	{"ISO 8601 parsing", ".", []string{"parseISO"}},
	{"HTTP date of the cookie's Expires", ".", []string{"appendHTTPDate"}},
	{"options JSON", ".", []string{"ParseOptions"}},
	{"options check (Domain, SameSite)", ".", []string{"Options.Validate"}},
	{"extra attributes from JSON", ".", []string{"ParseExtra"}},
	{"JSON string escapes", ".", []string{"scanner.escapedStr"}},
	{"JSON number parsing (math.Pow10)", ".", []string{"approxFloat"}},
	{"JSON number formatting, non-integers (strconv.AppendFloat, Atoi)",
		".", []string{"appendFloat"}},
	{"JSON number formatting, all (appendFloat, strconv.AppendInt)", ".",
		[]string{"appendNumber"}},
	{"UUIDv7 (io.ReadFull)", ".", []string{"NewID"}},
	{"change events to JSON", ".", []string{"Change.AppendJSON"}},
	{"peek calls", ".", []string{"Tracker.PeekSession",
		"Tracker.PeekTabSession", "Tracker.PeekPageSession"}},
	{"midnight time zone (browser)", "browser", []string{"midnightCache.init",
		"midnightCache.next"}},
	{"Go onChange callbacks (map, recover)", "browser",
		[]string{"Sessions.notify", "Sessions.OnChange"}},
	// The two below estimate what moving all text output, or all text
	// input, to JavaScript would save. They stub every function that
	// writes (or reads) JSON, cookie or date text.
	{"all JSON, cookie and date output", ".", []string{"Session.AppendJSON",
		"Persisted.AppendJSON", "Scope.AppendJSON", "Change.AppendJSON",
		"Scope.appendRecord", "AppendEncoded", "Options.AppendCookie",
		"Options.AppendDeletion", "appendISO", "appendHTTPDate",
		"appendNumber", "appendString"}},
	{"all JSON and cookie input", ".", []string{"Decode", "decodeScope",
		"CookieValues", "ParseOptions", "ParseExtra"}},
}

func (m *measurer) experiments(ours sizes) error {
	fmt.Fprintf(m.out, "## Removal experiments: the browser build minus the "+
		"build with these functions' bodies replaced by panic(0)\n\n")
	fmt.Fprintf(m.out, "| removed | functions | raw | gzip -9 |\n")
	fmt.Fprintf(m.out, "| --- | --- | ---: | ---: |\n")
	for i, e := range experiments {
		overlay, err := m.stubOverlay(i, e)
		if err != nil {
			return fmt.Errorf("experiment %q: %w", e.name, err)
		}
		s, err := m.buildSizes(oursPkg, overlay, false)
		if err != nil {
			return fmt.Errorf("experiment %q: %w", e.name, err)
		}
		d := ours.minus(s)
		fmt.Fprintf(m.out, "| %s | %s | %d | %d |\n", e.name,
			strings.Join(e.funcs, ", "), d.raw, d.gzip)
	}
	fmt.Fprintln(m.out)
	return nil
}

// stubOverlay writes the files of e.dir whose functions e stubs, changed,
// to the temporary directory and returns a go build -overlay file that
// puts them in place of the originals.
func (m *measurer) stubOverlay(n int, e experiment) (string, error) {
	dir := filepath.Join(m.src, e.dir)
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return "", err
	}
	found := map[string]bool{}
	replace := map[string]string{}
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return "", err
		}
		stubbed, changed, err := stubFuncs(src, e.funcs, found)
		if err != nil {
			return "", fmt.Errorf("%s: %w", path, err)
		}
		if !changed {
			continue
		}
		stub := filepath.Join(m.tmp, fmt.Sprintf("stub%d-%s", n,
			filepath.Base(path)))
		if err := os.WriteFile(stub, stubbed, 0o644); err != nil {
			return "", err
		}
		replace[path] = stub
	}
	for _, f := range e.funcs {
		if !found[f] {
			return "", fmt.Errorf("function %s not found in %s", f, dir)
		}
	}
	overlay, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", err
	}
	path := filepath.Join(m.tmp, fmt.Sprintf("overlay%d.json", n))
	return path, os.WriteFile(path, overlay, 0o644)
}

// stubFuncs returns src with the bodies of the functions named in names
// replaced by panic(0), records them in found, and reports whether it
// changed any. A stub is marked go:noinline: inlined, it would tell the
// compiler that every call panics, and the code after each call would be
// dropped too. Imports that only the removed bodies used are removed.
func stubFuncs(src []byte, names []string, found map[string]bool) ([]byte, bool, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, false, err
	}
	var edits []edit
	for _, decl := range file.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		name := fn.Name.Name
		if fn.Recv != nil && len(fn.Recv.List) == 1 {
			name = receiverType(fn.Recv.List[0].Type) + "." + name
		}
		if !slices.Contains(names, name) {
			continue
		}
		found[name] = true
		edits = append(edits,
			edit{offset(fset, fn.Pos()), offset(fset, fn.Pos()), "//go:noinline\n"},
			edit{offset(fset, fn.Body.Pos()), offset(fset, fn.Body.End()),
				"{ panic(0) }"})
	}
	if len(edits) == 0 {
		return src, false, nil
	}
	out := apply(src, edits)
	out, err = removeUnusedImports(out)
	return out, true, err
}

// edit replaces src[from:to] by text.
type edit struct {
	from, to int
	text     string
}

// apply applies edits, which do not overlap, to src.
func apply(src []byte, edits []edit) []byte {
	slices.SortFunc(edits, func(a, b edit) int { return a.from - b.from })
	var out []byte
	last := 0
	for _, e := range edits {
		out = append(out, src[last:e.from]...)
		out = append(out, e.text...)
		last = e.to
	}
	return append(out, src[last:]...)
}

func offset(fset *token.FileSet, pos token.Pos) int {
	return fset.Position(pos).Offset
}

func receiverType(x ast.Expr) string {
	switch t := x.(type) {
	case *ast.StarExpr:
		return receiverType(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return receiverType(t.X)
	}
	return ""
}

// removeUnusedImports deletes the imports that src no longer refers to,
// since the compiler rejects them.
func removeUnusedImports(src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	used := map[string]bool{}
	ast.Inspect(file, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	var edits []edit
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.IMPORT {
			continue
		}
		for _, s := range gen.Specs {
			spec := s.(*ast.ImportSpec)
			path := strings.Trim(spec.Path.Value, "\"")
			name := path[strings.LastIndexByte(path, '/')+1:]
			if spec.Name != nil {
				name = spec.Name.Name
			}
			if name == "_" || name == "." || used[name] {
				continue
			}
			if gen.Lparen.IsValid() {
				edits = append(edits, edit{offset(fset, spec.Pos()),
					offset(fset, spec.End()), ""})
			} else {
				edits = append(edits, edit{offset(fset, gen.Pos()),
					offset(fset, gen.End()), ""})
			}
		}
	}
	return apply(src, edits), nil
}

// codeBytes prints the code bytes per package and the largest functions
// that the browser build adds to bare.
func (m *measurer) codeBytes(top int) error {
	ours, err := m.namedModule(oursPkg)
	if err != nil {
		return err
	}
	bare, err := m.namedModule(barePkg)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.out, "## Sections, uncompressed (builds without -s)\n\n")
	fmt.Fprintf(m.out, "| section | browser build | bare | added |\n")
	fmt.Fprintf(m.out, "| --- | ---: | ---: | ---: |\n")
	other := func(x *wasmsize.Module) int {
		return x.FileSize - x.CodeSize - x.DataSize
	}
	for _, r := range []struct {
		name string
		a, b int
	}{
		{"code", ours.CodeSize, bare.CodeSize},
		{"data", ours.DataSize, bare.DataSize},
		{"other (names, types, imports, exports)", other(ours), other(bare)},
		{"file", ours.FileSize, bare.FileSize},
	} {
		fmt.Fprintf(m.out, "| %s | %d | %d | %+d |\n", r.name, r.a, r.b,
			r.a-r.b)
	}

	fmt.Fprintf(m.out, "\n## Code bytes per package, uncompressed: "+
		"browser build minus bare\n\n")
	fmt.Fprintf(m.out, "| package | browser build | bare | added |\n")
	fmt.Fprintf(m.out, "| --- | ---: | ---: | ---: |\n")
	a, b := ours.PackageSizes(), bare.PackageSizes()
	for pkg := range b {
		if _, ok := a[pkg]; !ok {
			a[pkg] = 0
		}
	}
	pkgs := slices.Collect(func(yield func(string) bool) {
		for pkg := range a {
			if a[pkg] != b[pkg] && !yield(pkg) {
				return
			}
		}
	})
	slices.SortFunc(pkgs, func(x, y string) int {
		return (a[y] - b[y]) - (a[x] - b[x])
	})
	for _, pkg := range pkgs {
		fmt.Fprintf(m.out, "| %s | %d | %d | %+d |\n", pkg, a[pkg], b[pkg],
			a[pkg]-b[pkg])
	}

	fmt.Fprintf(m.out, "\n## The %d largest functions that the browser "+
		"build adds, uncompressed\n\n", top)
	fmt.Fprintf(m.out, "| function (as the name section spells it) | code bytes added |\n")
	fmt.Fprintf(m.out, "| --- | ---: |\n")
	baseFuncs := map[string]int{}
	for _, f := range bare.Funcs {
		baseFuncs[f.Name] = f.Size
	}
	added := slices.Clone(ours.Funcs)
	for i := range added {
		added[i].Size -= baseFuncs[added[i].Name]
	}
	slices.SortFunc(added, func(x, y wasmsize.Func) int { return y.Size - x.Size })
	for _, f := range added[:min(top, len(added))] {
		fmt.Fprintf(m.out, "| `%s` | %d |\n", f.Name, f.Size)
	}
	return nil
}

func (m *measurer) namedModule(pkg string) (*wasmsize.Module, error) {
	wasm, err := m.build(pkg, "", false)
	if err != nil {
		return nil, err
	}
	return wasmsize.Parse(wasm)
}

// buildSizes builds pkg and measures it, with brotli only when withBrotli
// is set.
func (m *measurer) buildSizes(pkg, overlay string, withBrotli bool) (sizes, error) {
	wasm, err := m.build(pkg, overlay, true)
	if err != nil {
		return sizes{}, err
	}
	return m.measure(wasm, withBrotli)
}

// build compiles pkg for js/wasm as internal/assets does, without -s -w
// when strip is false, and with the go build -overlay file overlay when it
// is not empty.
func (m *measurer) build(pkg, overlay string, strip bool) ([]byte, error) {
	out := filepath.Join(m.tmp, "out.wasm")
	args := []string{"build", "-trimpath", "-o", out}
	if strip {
		args = append(args, "-ldflags=-s -w")
	}
	if overlay != "" {
		args = append(args, "-overlay", overlay)
	}
	args = append(args, pkg)
	cmd := exec.CommandContext(m.ctx, "go", args...)
	cmd.Dir = m.src
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if output, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("GOOS=js GOARCH=wasm go %s failed: %w\n%s",
			strings.Join(args, " "), err, output)
	}
	return os.ReadFile(out)
}

// measure returns the sizes of wasm: raw, after gzip -9 and, when
// withBrotli is set and the command is installed, after brotli.
func (m *measurer) measure(wasm []byte, withBrotli bool) (sizes, error) {
	s := sizes{raw: len(wasm)}
	var err error
	if s.gzip, err = m.compressedSize(wasm, "gzip", "-9", "-n", "-c"); err != nil {
		return s, err
	}
	if withBrotli && m.brotli {
		if s.brotli, err = m.compressedSize(wasm, "brotli", "-c"); err != nil {
			return s, err
		}
	}
	return s, nil
}

func (m *measurer) compressedSize(data []byte, name string, args ...string) (int, error) {
	cmd := exec.CommandContext(m.ctx, name, args...)
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("%s %s failed: %w", name, strings.Join(args, " "), err)
	}
	return len(out), nil
}

func (m *measurer) tableHeader(first string) {
	fmt.Fprintf(m.out, "| %s | raw | gzip -9 | brotli |\n", first)
	fmt.Fprintf(m.out, "| --- | ---: | ---: | ---: |\n")
}

func (m *measurer) row(name string, s sizes) {
	fmt.Fprintf(m.out, "| %s | %d | %d | %s |\n", name, s.raw, s.gzip,
		m.brotliCell(s))
}

func (m *measurer) brotliCell(s sizes) string {
	if !m.brotli {
		return "-"
	}
	return fmt.Sprint(s.brotli)
}

// output returns the standard output of a command, or the error text.
func (m *measurer) output(name string, args ...string) string {
	out, err := exec.CommandContext(m.ctx, name, args...).Output()
	if err != nil {
		return fmt.Sprintf("(%s failed: %v)", name, err)
	}
	return string(out)
}

func (m *measurer) firstLine(name string, args ...string) string {
	line, _, _ := strings.Cut(m.output(name, args...), "\n")
	return strings.TrimSpace(line)
}
