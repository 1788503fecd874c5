//go:build !(js && wasm)

package esm

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/sessionutils/session/internal/assets"
	"github.com/sessionutils/session/internal/browsertest"
	"github.com/sessionutils/session/sessionhttp"
)

// writeBuild writes a static build into a temporary directory and returns
// the directory and the name of the WebAssembly module.
func writeBuild(t *testing.T) (dir, wasmName string) {
	t.Helper()
	dir = t.TempDir()
	names, err := assets.WriteDir(t.Context(), dir)
	if err != nil {
		t.Fatalf("assets.WriteDir(%q) failed: %v", dir, err)
	}
	return dir, names[0]
}

func TestModuleFromStaticBuild(t *testing.T) {
	dir, wasmName := writeBuild(t)
	page := fmt.Sprintf(importPage, "./sessionutils.mjs", "")
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir(dir)))
	srv := newServer(t, mux)
	tab := browsertest.NewContext(t).NewTab()

	got := loadResult(t, tab, srv.URL+"/")
	checkMatchesGlobal(t, got)
	if n := countSuffix(got.Resources, "/"+wasmName); n != 1 {
		t.Errorf("the page fetched %s %d times; want 1 (resources %q)",
			wasmName, n, got.Resources)
	}
	checkNoErrors(t, tab)
}

func TestModuleFromAssetsHandler(t *testing.T) {
	dir, wasmName := writeBuild(t)
	mux := http.NewServeMux()
	mux.Handle("/sessionutils/", sessionhttp.Assets("/sessionutils/",
		os.DirFS(dir)))
	mux.Handle("/{$}", servePage(fmt.Sprintf(importPage,
		"/sessionutils/sessionutils.mjs", "")))
	srv := newServer(t, mux)
	tab := browsertest.NewContext(t).NewTab()

	got := loadResult(t, tab, srv.URL+"/")
	checkMatchesGlobal(t, got)
	if n := countSuffix(got.Resources, "/sessionutils/"+wasmName); n != 1 {
		t.Errorf("the page fetched /sessionutils/%s %d times; want 1 "+
			"(resources %q)", wasmName, n, got.Resources)
	}
	checkNoErrors(t, tab)
}
