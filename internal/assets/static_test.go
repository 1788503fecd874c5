package assets

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestWasmName(t *testing.T) {
	name := WasmName([]byte("\x00asm one"))
	if !regexp.MustCompile(`^sessionutils\.[0-9a-f]{8}\.wasm$`).MatchString(name) {
		t.Errorf("WasmName() = %q; want sessionutils.<8 hex digits>.wasm", name)
	}
	if again := WasmName([]byte("\x00asm one")); again != name {
		t.Errorf("WasmName() of the same bytes = %q, then %q", name, again)
	}
	if other := WasmName([]byte("\x00asm two")); other == name {
		t.Errorf("WasmName() of different bytes = %q for both", name)
	}
	if !IsHashedName(name) {
		t.Errorf("IsHashedName(%q) = false; want true", name)
	}
}

func TestWriteDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out", "static")
	wasm := []byte("\x00asm first build")
	wasmExec := []byte("// wasm_exec.js\nglobalThis.Go = class {};\n")

	names, err := writeDir(dir, wasm, wasmExec)
	if err != nil {
		t.Fatalf("writeDir() error: %v", err)
	}
	wasmName := WasmName(wasm)
	want := []string{wasmName, WasmExecName, TypesName, ModuleTypesName,
		ModuleName, ScriptName}
	if !slices.Equal(names, want) {
		t.Errorf("writeDir() = %q; want %q", names, want)
	}

	contents := map[string][]byte{
		wasmName:        wasm,
		WasmExecName:    wasmExec,
		TypesName:       typesTS,
		ModuleTypesName: moduleTypesTS,
		ModuleName:      moduleJS,
	}
	for name, want := range contents {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("read %s: %v", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s has %d bytes that differ from the %d expected",
				name, len(got), len(want))
		}
	}

	script, err := os.ReadFile(filepath.Join(dir, ScriptName))
	if err != nil {
		t.Fatal(err)
	}
	first, rest, _ := bytes.Cut(script, []byte("\n"))
	if want := `self.__sessionutilsWasm = "` + wasmName + `";`; string(first) != want {
		t.Errorf("first line of %s = %q; want %q", ScriptName, first, want)
	}
	if !bytes.HasPrefix(rest, wasmExec) {
		t.Errorf("%s does not continue with wasm_exec.js", ScriptName)
	}
	if !bytes.HasSuffix(rest, loaderJS) {
		t.Errorf("%s does not end with the loader", ScriptName)
	}
}

func TestWriteDirKeepsEarlierModules(t *testing.T) {
	dir := t.TempDir()
	first := []byte("\x00asm first build")
	second := []byte("\x00asm second build")
	if _, err := writeDir(dir, first, []byte("// one")); err != nil {
		t.Fatalf("first writeDir() error: %v", err)
	}
	if _, err := writeDir(dir, second, []byte("// two")); err != nil {
		t.Fatalf("second writeDir() error: %v", err)
	}

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := []string{ModuleTypesName, TypesName, ScriptName, ModuleName,
		WasmName(first), WasmName(second), WasmExecName}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("files after two builds = %q; want %q, with no temporary files",
			got, want)
	}

	script, err := os.ReadFile(filepath.Join(dir, ScriptName))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(script), WasmName(second)) {
		t.Errorf("%s does not name the second module %s", ScriptName,
			WasmName(second))
	}
}

func TestWriteDirNotADirectory(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	writeFile(t, file, "not a directory")

	_, err := writeDir(file, []byte("\x00asm"), nil)
	if err == nil || !strings.Contains(err.Error(), "create output directory") {
		t.Errorf("writeDir() into a file error = %v; want one about "+
			"creating the output directory", err)
	}
}
