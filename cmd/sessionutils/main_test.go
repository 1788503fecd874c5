package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestRunInvalidArguments(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no command", nil, "usage: sessionutils build -o DIR"},
		{"unknown command", []string{"serve"}, `unknown command "serve"`},
		{"missing output", []string{"build"}, "missing -o DIR"},
		{"empty output", []string{"build", "-o", ""}, "missing -o DIR"},
		{"extra argument", []string{"build", "-o", "dir", "x"},
			`unexpected arguments ["x"]`},
		{"unknown flag", []string{"build", "-x"},
			"flag provided but not defined: -x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(t.Context(), tt.args, &stdout, &stderr)
			if code != 2 {
				t.Errorf("run(%q) = %d; want 2", tt.args, code)
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("run(%q) stderr = %q; want it to contain %q",
					tt.args, stderr.String(), tt.stderr)
			}
			if stdout.Len() != 0 {
				t.Errorf("run(%q) stdout = %q; want nothing", tt.args, stdout.String())
			}
		})
	}
}

func TestRunHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"help"}, &stdout, &stderr); code != 0 {
		t.Errorf("run(help) = %d; want 0", code)
	}
	if !strings.HasPrefix(stdout.String(), "usage: sessionutils build") {
		t.Errorf("run(help) stdout = %q; want the usage", stdout.String())
	}
}

func TestRunBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "static")
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"build", "-o", dir}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("run(build -o %s) = %d; stderr:\n%s", dir, code, stderr.String())
	}

	listed := strings.Fields(stdout.String())
	if len(listed) != 6 {
		t.Fatalf("stdout lists %q; want 6 files", listed)
	}
	wasm := regexp.MustCompile(`^sessionutils\.[0-9a-f]{8}\.wasm$`)
	if base := filepath.Base(listed[0]); !wasm.MatchString(base) {
		t.Errorf("first file = %q; want sessionutils.<hash>.wasm", base)
	}
	for _, path := range listed {
		if filepath.Dir(path) != dir {
			t.Errorf("listed file %q is not in %q", path, dir)
		}
		info, err := os.Stat(path)
		if err != nil {
			t.Errorf("listed file: %v", err)
			continue
		}
		if info.Size() == 0 {
			t.Errorf("%s is empty", path)
		}
	}
}
