// Package wasmsize reads a WebAssembly module that the Go linker wrote and
// reports how many bytes of code each function and each Go package takes.
//
// It reads the function names from the module's "name" custom section,
// which the linker writes unless it is given -ldflags=-s, so the module to
// measure must be built without -s. Sizes are those of the function bodies,
// uncompressed. The data section holds the read-only data, type
// descriptors and function tables of every package; the module does not
// say which package each of its bytes belongs to, so it is reported as one
// total.
package wasmsize

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// Module is the size information of a WebAssembly binary module.
type Module struct {
	FileSize int
	CodeSize int // the code section, with its header
	DataSize int // the data section, with its header
	Funcs    []Func
}

// Func is one function defined in the module.
type Func struct {
	Name string // as the name section spells it; see [PackageOf]
	Size int    // the body, with its size prefix
}

// ErrNoNames is returned for a module without function names.
var ErrNoNames = errors.New("wasmsize: no function names in the module; " +
	"build it without -ldflags=-s")

// Parse reads the sections of a WebAssembly binary module
// (https://webassembly.github.io/spec/core/binary/modules.html).
func Parse(data []byte) (*Module, error) {
	if !bytes.HasPrefix(data, []byte("\x00asm\x01\x00\x00\x00")) {
		return nil, errors.New("wasmsize: not a WebAssembly binary module")
	}
	m := &Module{FileSize: len(data)}
	var imported int          // imported functions come first in the index space
	var bodies []int          // sizes of the function bodies, in order
	names := map[int]string{} // function index to name
	r := &reader{data: data, pos: 8}
	for r.pos < len(data) {
		start := r.pos
		id := r.byte()
		size := int(r.uleb())
		end := r.pos + size
		if r.err != nil || end > len(data) {
			return nil, fmt.Errorf("wasmsize: malformed section at byte %d",
				start)
		}
		sec := &reader{data: data[:end], pos: r.pos}
		switch id {
		case 0:
			if sec.name() == "name" {
				readNames(sec, names)
			}
		case 2:
			imported = countImportedFuncs(sec)
		case 10:
			m.CodeSize = end - start
			bodies = readBodies(sec)
		case 11:
			m.DataSize = end - start
		}
		if sec.err != nil {
			return nil, fmt.Errorf("wasmsize: section %d: %w", id, sec.err)
		}
		r.pos = end
	}
	if len(names) == 0 {
		return nil, ErrNoNames
	}
	for i, size := range bodies {
		name, ok := names[imported+i]
		if !ok {
			name = fmt.Sprintf("function %d", imported+i)
		}
		m.Funcs = append(m.Funcs, Func{name, size})
	}
	return m, nil
}

// PackageSizes returns the code bytes of each package, keyed by
// [PackageOf].
func (m *Module) PackageSizes() map[string]int {
	sizes := map[string]int{}
	for _, f := range m.Funcs {
		sizes[PackageOf(f.Name)] += f.Size
	}
	return sizes
}

// PackageOf returns the package of a function name in the name section, in
// the form of an import path. The Go linker writes "github.com/a/b.(*T).M"
// there as "github.com_a_b.__T_.M", so the package ends at the first dot
// unless that dot belongs to a host name such as github.com, and each
// underscore before it stands for a slash. Generated type functions
// ("type:.eq.T") are reported as "type:", and names without a dot (the
// linker's own functions and the go:wasmexport wrappers) as they are.
func PackageOf(name string) string {
	if strings.HasPrefix(name, "type_.") {
		return "type:"
	}
	dot := strings.IndexByte(name, '.')
	if dot < 0 {
		return name
	}
	end := dot
	rest := name[dot+1:]
	if tld, _, ok := strings.Cut(rest, "_"); ok && topLevelDomains[tld] {
		if next := strings.IndexByte(rest, '.'); next >= 0 {
			end = dot + 1 + next
		}
	}
	return strings.ReplaceAll(name[:end], "_", "/")
}

// topLevelDomains are the top-level domains of the module paths that a
// package path can start with, such as github.com and golang.org.
var topLevelDomains = map[string]bool{
	"com": true, "org": true, "net": true, "io": true, "dev": true,
	"in": true,
}

func countImportedFuncs(r *reader) int {
	n := int(r.uleb())
	funcs := 0
	for range n {
		r.name() // module
		r.name() // field
		switch kind := r.byte(); kind {
		case 0: // function: type index
			r.uleb()
			funcs++
		case 1: // table: element type, limits
			r.byte()
			r.limits()
		case 2: // memory: limits
			r.limits()
		case 3: // global: value type, mutability
			r.byte()
			r.byte()
		default:
			if r.err == nil {
				r.err = fmt.Errorf("unknown import kind %d", kind)
			}
			return funcs
		}
	}
	return funcs
}

func readBodies(r *reader) []int {
	n := int(r.uleb())
	sizes := make([]int, 0, min(n, len(r.data)))
	for range n {
		start := r.pos
		size := int(r.uleb())
		r.pos += size
		if r.pos > len(r.data) {
			r.fail()
		}
		if r.err != nil {
			return sizes
		}
		sizes = append(sizes, r.pos-start)
	}
	return sizes
}

// readNames reads the function names subsection (id 1) of a "name" section.
func readNames(r *reader, names map[int]string) {
	for r.pos < len(r.data) && r.err == nil {
		id := r.byte()
		size := int(r.uleb())
		end := r.pos + size
		if id == 1 {
			n := int(r.uleb())
			for range n {
				idx := int(r.uleb())
				names[idx] = r.name()
			}
		}
		r.pos = end
	}
}

// reader decodes the LEB128 integers and names of the binary format. After
// the first error every read returns a zero value.
type reader struct {
	data []byte
	pos  int
	err  error
}

func (r *reader) byte() byte {
	if r.err != nil || r.pos >= len(r.data) {
		r.fail()
		return 0
	}
	b := r.data[r.pos]
	r.pos++
	return b
}

func (r *reader) uleb() uint64 {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		b := r.byte()
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return v
		}
	}
	r.fail()
	return 0
}

func (r *reader) name() string {
	n := int(r.uleb())
	if r.err != nil || n > len(r.data)-r.pos {
		r.fail()
		return ""
	}
	s := string(r.data[r.pos : r.pos+n])
	r.pos += n
	return s
}

func (r *reader) limits() {
	if r.byte()&1 != 0 {
		r.uleb()
	}
	r.uleb()
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = fmt.Errorf("truncated or malformed at byte %d", r.pos)
	}
}
