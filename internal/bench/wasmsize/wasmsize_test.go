package wasmsize

import (
	"errors"
	"testing"
)

var packageOfTests = []struct {
	name, want string
}{
	{"runtime.mallocgc", "runtime"},
	{"runtime.__mheap_.alloc", "runtime"},
	{"internal_runtime_maps.__Map_.Get", "internal/runtime/maps"},
	{"github.com_sessionutils_session.Decode", "github.com/sessionutils/session"},
	{"github.com_sessionutils_session.__Tracker_.set", "github.com/sessionutils/session"},
	{"github.com_sessionutils_session_browser.call", "github.com/sessionutils/session/browser"},
	{"golang.org_x_net_html.Parse", "golang.org/x/net/html"},
	{"type_.eq.github.com_sessionutils_session.Scope", "type:"},
	{"sessionutils_call", "sessionutils_call"},
	{"memchr", "memchr"},
}

func TestPackageOf(t *testing.T) {
	for _, tt := range packageOfTests {
		if got := PackageOf(tt.name); got != tt.want {
			t.Errorf("PackageOf(%q) = %q; want %q", tt.name, got, tt.want)
		}
	}
}

// section returns a section with id and contents.
func section(id byte, contents ...byte) []byte {
	return append([]byte{id, byte(len(contents))}, contents...)
}

// testModule is a module with one imported function and two defined ones,
// named in its name section.
func testModule() []byte {
	m := []byte("\x00asm\x01\x00\x00\x00")
	// Type section: one type, func () -> ().
	m = append(m, section(1, 1, 0x60, 0, 0)...)
	// Import section: "go"."f", a function of type 0.
	m = append(m, section(2, 1, 2, 'g', 'o', 1, 'f', 0, 0)...)
	// Function section: two functions of type 0.
	m = append(m, section(3, 2, 0, 0)...)
	// Code section: a body of 2 bytes and one of 4, after their size
	// prefixes.
	m = append(m, section(10, 2, 2, 0, 0x0b, 4, 0, 0x01, 0x01, 0x0b)...)
	// Name section with function names for indexes 1 and 2.
	names := []byte{4, 'n', 'a', 'm', 'e', 1, 13, 2,
		1, 4, 'a', '.', 'f', '1', 2, 4, 'b', '.', 'f', '2'}
	return append(m, section(0, names...)...)
}

func TestParse(t *testing.T) {
	data := testModule()
	m, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse() failed: %v", err)
	}
	if m.FileSize != len(data) {
		t.Errorf("FileSize = %d; want %d", m.FileSize, len(data))
	}
	if m.CodeSize != 11 {
		t.Errorf("CodeSize = %d; want 11", m.CodeSize)
	}
	want := []Func{{"a.f1", 3}, {"b.f2", 5}}
	if len(m.Funcs) != len(want) {
		t.Fatalf("Funcs = %v; want %v", m.Funcs, want)
	}
	for i := range want {
		if m.Funcs[i] != want[i] {
			t.Errorf("Funcs[%d] = %v; want %v", i, m.Funcs[i], want[i])
		}
	}
	sizes := m.PackageSizes()
	if sizes["a"] != 3 || sizes["b"] != 5 {
		t.Errorf("PackageSizes() = %v; want a:3 b:5", sizes)
	}
}

func TestParseWithoutNames(t *testing.T) {
	data := testModule()
	names := len(data) - 22 // the name section is the last 22 bytes
	_, err := Parse(data[:names])
	if !errors.Is(err, ErrNoNames) {
		t.Errorf("Parse() of a module without names = %v; want ErrNoNames",
			err)
	}
}

func TestParseTruncated(t *testing.T) {
	data := testModule()
	for n := 8; n < len(data)-22; n++ {
		if _, err := Parse(data[:n]); err == nil && n > 8 {
			// A cut at a section boundary leaves a valid module without
			// names, which must still fail.
			t.Errorf("Parse() of the first %d bytes = nil error; want one", n)
		}
	}
	if _, err := Parse([]byte("not wasm")); err == nil {
		t.Error("Parse(\"not wasm\") = nil error; want one")
	}
}
