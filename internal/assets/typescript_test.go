package assets

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// tsc runs the TypeScript compiler of the repository's npm packages with
// args in dir and returns its output and exit code. It fails t when the
// compiler is not installed or does not start.
func tsc(t *testing.T, dir string, args ...string) (output string, code int) {
	t.Helper()
	root, err := moduleRoot(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "node_modules", ".bin", "tsc")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("TypeScript compiler not found (%v): run npm ci in %s, "+
			"which installs the typescript version that package-lock.json pins",
			err, root)
	}

	cmd := exec.CommandContext(t.Context(), path, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return string(out), exitErr.ExitCode()
	}
	if err != nil {
		t.Fatalf("running %s failed: %v; it needs Node.js on PATH "+
			"(Debian package nodejs)\noutput:\n%s", path, err, out)
	}
	return string(out), 0
}

func TestTypeScriptUsage(t *testing.T) {
	// Bundler resolves the import of ../../sessionutils.mjs as bundlers do,
	// NodeNext as Node does. Sites use either.
	for _, config := range []string{"tsconfig.json", "tsconfig.nodenext.json"} {
		t.Run(config, func(t *testing.T) {
			output, code := tsc(t, filepath.Join("testdata", "ts"),
				"--noEmit", "-p", config)
			if code != 0 {
				t.Errorf("tsc --noEmit -p %s exited with %d:\n%s",
					config, code, output)
			}
		})
	}
}

func TestTypeScriptRejectsWrongCall(t *testing.T) {
	output, code := tsc(t, filepath.Join("testdata", "ts"),
		"--noEmit", "-p", "tsconfig.invalid.json")
	if code == 0 {
		t.Fatalf("tsc accepted getSession('30') in invalid.mts:\n%s", output)
	}
	// TS2769: no overload matches this call.
	if !strings.Contains(output, "invalid.mts(5,") ||
		!strings.Contains(output, "TS2769") {
		t.Errorf("tsc output = %q; want error TS2769 on line 5 of invalid.mts",
			output)
	}
}

// staticUsage imports the ES module as a site's own TypeScript code does,
// next to the files of a static build.
const staticUsage = `import { getSession, getTabSession, type PersistedSession }
  from './sessionutils.mjs';

const visit: PersistedSession = getSession();
const tabParent: string = getTabSession().parentId;
const sameId: boolean = visit.id === window.sessionUtils.getSession().id;
`

const staticConfig = `{
  "compilerOptions": {
    "strict": true,
    "noEmit": true,
    "skipDefaultLibCheck": true,
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "lib": ["ES2022", "DOM"],
    "types": []
  },
  "files": ["usage.mts"]
}
`

func TestTypeScriptStaticBuild(t *testing.T) {
	dir := t.TempDir()
	if _, err := writeDir(dir, []byte("\x00asm"), []byte("// wasm_exec")); err != nil {
		t.Fatalf("writeDir() error: %v", err)
	}
	writeFile(t, filepath.Join(dir, "usage.mts"), staticUsage)
	writeFile(t, filepath.Join(dir, "tsconfig.json"), staticConfig)

	output, code := tsc(t, dir, "--noEmit", "-p", "tsconfig.json")
	if code != 0 {
		t.Errorf("tsc in a static build exited with %d:\n%s", code, output)
	}
}
