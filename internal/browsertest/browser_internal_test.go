//go:build !(js && wasm)

package browsertest

import (
	"strings"
	"testing"
)

func TestStartWithoutChromiumNamesInstall(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	b, err := startBrowser()
	if err == nil {
		b.close()
		t.Fatal("startBrowser() with chromium missing = nil error; want one")
	}
	for _, want := range []string{"chromium not found",
		"apt-get install -y chromium", "scripts/test"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("startBrowser() = %q; want it to contain %q", err, want)
		}
	}
}
