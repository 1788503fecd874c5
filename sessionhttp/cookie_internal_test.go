package sessionhttp

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/sessionutils/session"
)

func TestCutAtPair(t *testing.T) {
	tests := []struct {
		line string
		n    int
		want string
	}{
		{"a=1; b=2; c=3", 4, "a=1"},      // the cut falls on ';'
		{"a=1; b=2; c=3", 7, "a=1"},      // inside b's value
		{"a=1; b=2; c=3", 9, "a=1; b=2"}, // on the second ';'
		{"a=1; b=2; c=3", 13, "a=1; b=2"},
		{"abcdef", 3, ""},
		{"", 0, ""},
	}
	for _, tt := range tests {
		if got := cutAtPair(tt.line, tt.n); got != tt.want {
			t.Errorf("cutAtPair(%q, %d) = %q; want %q", tt.line, tt.n, got, tt.want)
		}
	}
}

func TestReadCookieLimit(t *testing.T) {
	now := int64(1_780_000_000_000)
	s := session.Start(now-1000, int64(session.Minute)*30, "valid-a")
	valid := "__session=" + session.Encode(&s)
	filler := "f=" + strings.Repeat("x", MaxCookieHeaderBytes/2)
	tests := []struct {
		name          string
		lines         []string
		wantStatus    session.Status
		wantTruncated bool
	}{
		{"one line", []string{valid}, session.StatusValid, false},
		{"second line", []string{filler, valid}, session.StatusValid, false},
		{"past the limit on the third line", []string{filler, filler, valid},
			session.StatusNone, true},
		{"first pair of a cut line", []string{filler, valid + "; " + filler},
			session.StatusValid, true},
	}
	m := newMiddleware(nil)
	for _, tt := range tests {
		r, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1/", nil)
		r.Header["Cookie"] = tt.lines
		in := m.readCookie(r, now)
		if in.status != tt.wantStatus || in.truncated != tt.wantTruncated {
			t.Errorf("%s: status, truncated = %d, %v; want %d, %v",
				tt.name, in.status, in.truncated, tt.wantStatus, tt.wantTruncated)
		}
	}
}

func TestHasToken(t *testing.T) {
	tests := []struct {
		value, token string
		want         bool
	}{
		{"Cookie", "Cookie", true},
		{"Accept-Encoding, cookie", "Cookie", true},
		{"Cookies", "Cookie", false},
		{"max-age=0, no-store", "no-store", true},
		{`no-cache="Set-Cookie"`, "no-cache", true},
		{`private="no-store"`, "no-store", false},
		{"", "no-store", false},
	}
	for _, tt := range tests {
		if got := hasToken(tt.value, tt.token); got != tt.want {
			t.Errorf("hasToken(%q, %q) = %v; want %v", tt.value, tt.token, got, tt.want)
		}
	}
}

func TestForwardedHTTPS(t *testing.T) {
	tests := []struct {
		value string
		want  bool
	}{
		{"https", true},
		{" HTTPS ", true},
		{"https,http", true},
		{"http, https", false},
		{"", false},
		{"httpsx", false},
	}
	for _, tt := range tests {
		if got := forwardedHTTPS(tt.value); got != tt.want {
			t.Errorf("forwardedHTTPS(%q) = %v; want %v", tt.value, got, tt.want)
		}
	}
}

func TestErrorTextTruncates(t *testing.T) {
	long := errors.New(strings.Repeat("é", 150)) // 300 bytes
	got := errorText(long)
	if len(got) > maxErrorLength+len("…") {
		t.Errorf("errorText of %d bytes = %d bytes; want at most %d",
			len(long.Error()), len(got), maxErrorLength+len("…"))
	}
	if !strings.HasSuffix(got, "…") || !strings.HasPrefix(got, "éé") {
		t.Errorf("errorText = %q; want a prefix of the error and …", got)
	}
	if short := errorText(errors.New("bad")); short != "bad" {
		t.Errorf("errorText(bad) = %q; want bad", short)
	}
}
