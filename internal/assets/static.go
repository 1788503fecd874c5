package assets

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
)

// Names of the files that [WriteDir] writes, besides the WebAssembly module,
// whose name [WasmName] returns.
const (
	ScriptName      = "sessionutils.js"
	ModuleName      = "sessionutils.mjs"
	WasmExecName    = "wasm_exec.js"
	TypesName       = "sessionutils.d.ts"
	ModuleTypesName = "sessionutils.d.mts"
)

// typesTS describes the global window.sessionUtils for TypeScript.
//
//go:embed sessionutils.d.ts
var typesTS []byte

// moduleTypesTS describes the exports of sessionutils.mjs for TypeScript.
//
//go:embed sessionutils.d.mts
var moduleTypesTS []byte

// WasmName returns the file name of a WebAssembly module in a static build:
// sessionutils.HASH.wasm, where HASH is the first 8 hex digits of the
// SHA-256 of wasm. A new build gets a new name, so browsers can cache each
// file forever.
func WasmName(wasm []byte) string {
	sum := sha256.Sum256(wasm)
	return "sessionutils." + hex.EncodeToString(sum[:4]) + ".wasm"
}

// WriteDir builds the module with [Build] and writes the files a site serves
// into dir, creating dir if needed. It returns the names of the files, the
// WebAssembly module first, in the order they were written.
//
// Each file replaces its old version atomically, and sessionutils.js, which
// names the module, comes last, so a server that serves dir during the
// write never hands out a script for a module that is not there yet.
// Modules of earlier builds stay in dir for pages that loaded an earlier
// sessionutils.js.
func WriteDir(ctx context.Context, dir string) ([]string, error) {
	wasm, err := Build(ctx)
	if err != nil {
		return nil, err
	}
	wasmExec, err := WasmExecJS()
	if err != nil {
		return nil, err
	}
	return writeDir(dir, wasm, wasmExec)
}

func writeDir(dir string, wasm, wasmExec []byte) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("assets: create output directory: %w", err)
	}
	wasmName := WasmName(wasm)
	files := []struct {
		name string
		data []byte
	}{
		{wasmName, wasm},
		{WasmExecName, wasmExec},
		{TypesName, typesTS},
		{ModuleTypesName, moduleTypesTS},
		{ModuleName, moduleJS},
		{ScriptName, joinScript(wasmSetting(wasmName), wasmExec, loaderJS)},
	}

	names := make([]string, 0, len(files))
	for _, f := range files {
		if err := writeFileAtomic(filepath.Join(dir, f.name), f.data); err != nil {
			return names, err
		}
		names = append(names, f.name)
	}
	return names, nil
}

// wasmSetting returns the first line of sessionutils.js in a static build.
// It sets self.__sessionutilsWasm to the hashed name, which the loader
// fetches relative to the script's URL unless the script element has a
// data-wasm attribute.
func wasmSetting(wasmName string) []byte {
	return fmt.Appendf(nil, "self.__sessionutilsWasm = %q;\n", wasmName)
}

// writeFileAtomic writes data to a temporary file in the directory of path
// and renames it to path, so that a reader sees the old file or the new
// one, never a part.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("assets: write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename

	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("assets: write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("assets: write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("assets: write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("assets: write %s: %w", path, err)
	}
	return nil
}
