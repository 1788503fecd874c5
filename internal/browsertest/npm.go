//go:build !(js && wasm)

package browsertest

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// NpmVersion is the version of @analytics/session-utils that the
// compatibility tests and the benchmarks run against, as package.json pins
// it.
const NpmVersion = "0.2.4"

// npmBundlePath is the npm package's browser build, relative to the
// repository root. It bundles the package's dependencies into one script
// that defines the global utilSessions.
const npmBundlePath = "node_modules/@analytics/session-utils/dist/browser/session-utils.js"

// NpmBundle returns the browser build of @analytics/session-utils from the
// repository's node_modules, after checking that the installed version is
// NpmVersion. The error says to run npm ci when it is missing or another
// version. The file is read once per process.
var NpmBundle = sync.OnceValues(readNpmBundle)

func readNpmBundle() ([]byte, error) {
	root, err := RepoRoot()
	if err != nil {
		return nil, err
	}
	const hint = "run `npm ci` in the repository root " +
		"(scripts/test runs it when node_modules is missing)"
	manifest := filepath.Join(root,
		"node_modules/@analytics/session-utils/package.json")
	data, err := os.ReadFile(manifest)
	if err != nil {
		return nil, fmt.Errorf("@analytics/session-utils is not installed "+
			"(%v): %s", err, hint)
	}
	var pkg struct{ Version string }
	if err := json.Unmarshal(data, &pkg); err != nil {
		return nil, fmt.Errorf("reading %s: %v", manifest, err)
	}
	if pkg.Version != NpmVersion {
		return nil, fmt.Errorf("@analytics/session-utils %s is installed, "+
			"want %s: %s", pkg.Version, NpmVersion, hint)
	}
	bundle, err := os.ReadFile(filepath.Join(root, npmBundlePath))
	if err != nil {
		return nil, fmt.Errorf("reading the npm bundle: %v: %s", err, hint)
	}
	return bundle, nil
}

// RepoRoot returns the directory of the module's go.mod.
func RepoRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("no go.mod above the current directory")
	}
	return filepath.Dir(gomod), nil
}
