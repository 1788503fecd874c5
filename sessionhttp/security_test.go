package sessionhttp_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sessionutils/session"
	"github.com/sessionutils/session/sessionhttp"
)

// fixedRand is a random source that returns the same byte forever, so a
// test can compute the id that session.NewID makes from it.
type fixedRand byte

func (b fixedRand) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

func TestSecurityNewIDFromRand(t *testing.T) {
	const attacker = "attacker-chosen-id"
	f := newFixture(t, &sessionhttp.Options{Rand: fixedRand(0xA5)}, false)
	now := f.clock.UnixMilli()
	want, err := session.NewID(now, fixedRand(0xA5))
	if err != nil {
		t.Fatalf("session.NewID: %v", err)
	}
	// Each value names the attacker's id but is invalid or expired.
	values := []string{
		fmt.Sprintf(`{"id":"%s","created":%d}`, attacker, now+3_600_000),
		fmt.Sprintf(`{"id":"%s","created":"x"}`, attacker),
		fmt.Sprintf(`{"id":"%s;x","created":%d}`, attacker, now),
		fmt.Sprintf(`{"id":"%s","created":%d,"duration":60000}`, attacker, now-120_000),
	}
	for _, value := range values {
		r := f.getCookie(t, "__session="+encodeURIComponent(value))
		p := r.body.Persisted
		if p == nil {
			t.Fatalf("cookie %q: persisted = none; want a new session", value)
		}
		if p.ID != want {
			t.Errorf("cookie %q: new id = %q; want %q from the injected Rand",
				value, p.ID, want)
		}
		if strings.Contains(p.ID, "attacker") {
			t.Errorf("cookie %q: new id %q contains the attacker's id", value, p.ID)
		}
	}
}

func TestSecurityKeptIDOnlyInSetCookie(t *testing.T) {
	const id = "visitor-id-6d1c9e"
	f := newFixture(t, nil, false)
	r := f.getCookie(t, "__session="+refreshDueAt(id, f.clock.UnixMilli()))
	if p := r.body.Persisted; p == nil || p.ID != id {
		t.Fatalf("persisted = %+v; want the cookie's session %q", p, id)
	}
	c := r.cookie(t)
	if c == nil {
		t.Fatal("Set-Cookie = none; want the refreshed cookie")
	}
	s, err := session.Decode(c.Value)
	if err != nil || s.ID != id {
		t.Errorf("Set-Cookie value decodes to id %q, error %v; want %q", s.ID, err, id)
	}
	for name, values := range r.Header {
		if name == "Set-Cookie" {
			continue
		}
		for _, v := range values {
			if strings.Contains(v, id) {
				t.Errorf("header %s: %q contains the session id", name, v)
			}
		}
	}
}

func TestSecurityNoHeaderInjection(t *testing.T) {
	payloads := []string{
		"a\r\nSet-Cookie: evil=1",
		"x; Domain=example.com; HttpOnly",
		"a,b, __session=evil",
		"\"quoted\\\" ; \r\n,\x00\x7f",
	}
	f := newFixture(t, nil, false)
	for i, payload := range payloads {
		now := f.clock.UnixMilli()
		value := stored(fmt.Sprintf("inject-%d", i), now-5*60_000, 0,
			now-5*60_000+defaultDuration, session.String("evil", payload))
		r := f.getCookie(t, "__session="+value)
		lines := r.setCookies()
		if len(lines) != 1 {
			t.Fatalf("payload %q: %d Set-Cookie lines %q; want 1", payload, len(lines), lines)
		}
		if strings.ContainsAny(lines[0], "\r\n") {
			t.Errorf("payload %q: Set-Cookie %q contains CR or LF", payload, lines[0])
		}
		c := r.cookie(t)
		if err := c.Valid(); err != nil {
			t.Errorf("payload %q: Set-Cookie %q: Valid() = %v", payload, lines[0], err)
		}
		if c.Domain != "" || c.HttpOnly || len(c.Unparsed) != 0 {
			t.Errorf("payload %q: Set-Cookie %q has attributes from the payload",
				payload, lines[0])
		}
		s, err := session.Decode(c.Value)
		if err != nil {
			t.Fatalf("payload %q: Decode(Set-Cookie value): %v", payload, err)
		}
		if got := extraValue(s, "evil"); got != session.String("evil", payload).Value {
			t.Errorf("payload %q: extra written back as %q; want it unchanged", payload, got)
		}
	}
}

// extraValue returns the raw JSON value of the extra attribute key of s.
func extraValue(s session.Session, key string) string {
	for _, a := range s.Extra {
		if a.Key == key {
			return a.Value
		}
	}
	return ""
}

// TestSecurityNoCookieOverLimit covers a session whose cookie is just
// under the limit and which a refresh would push over it.
// TestMiddlewareRefreshTooLarge covers a raw JSON value that grows past
// the limit once percent-encoded.
func TestSecurityNoCookieOverLimit(t *testing.T) {
	f := newFixture(t, nil, false)
	now := f.clock.UnixMilli()
	created := now - 5*60_000
	var extra []session.Attr
	for i := 0; i < 10; i++ {
		extra = append(extra, session.String(fmt.Sprintf("k%d", i), strings.Repeat("v", 350)))
	}
	value := stored("near-limit", created, 0, created+defaultDuration, extra...)
	// Pad the last attribute so that name=value is 20 bytes under the
	// limit, too few for the modified and modifiedAt fields of a refresh.
	pad := session.MaxCookieSize - 20 - len("__session=") - len(value)
	if pad < 0 {
		t.Fatalf("cookie of %d bytes is already over the limit", len(value))
	}
	extra[9] = session.String("k9", strings.Repeat("v", 350+pad))
	value = stored("near-limit", created, 0, created+defaultDuration, extra...)
	if n := len("__session=") + len(value); n != session.MaxCookieSize-20 {
		t.Fatalf("cookie is %d bytes; want %d", n, session.MaxCookieSize-20)
	}

	r := f.getCookie(t, "__session="+value)
	if got := r.setCookies(); len(got) != 0 {
		t.Errorf("Set-Cookie of %d bytes sent; want none over the limit", len(got[0]))
	}
	if r.body.CookieSet {
		t.Error("CookieSet = true; want false")
	}
	p := r.body.Persisted
	if p == nil || p.ID != "near-limit" || p.Expires != created+defaultDuration {
		t.Errorf("persisted = %+v; want near-limit with its stored expiry", p)
	}
	recs := checkLog(t, f.logs, "WARN", "sessionhttp: session kept, cookie not set")
	if text, _ := recs[0]["cookieError"].(string); !strings.Contains(text, "4096-byte limit") {
		t.Errorf("log cookieError = %q; want the 4096-byte limit", text)
	}
}

func TestSecurityLongCookieHeader(t *testing.T) {
	clk := newClock()
	handler := sessionhttp.Middleware(&sessionhttp.Options{Now: clk.Now})(echoHandler)
	srv := httptest.NewUnstartedServer(handler)
	// Under the default limit of net/http, 1 MB, the server would return
	// 431 before the middleware runs.
	srv.Config.MaxHeaderBytes = 2 << 20
	srv.Start()
	t.Cleanup(srv.Close)

	valid := "__session=" + validAt("past-the-limit", clk.UnixMilli())
	var filler bytes.Buffer
	for i := 0; filler.Len() < 1<<20; i++ {
		fmt.Fprintf(&filler, "c%d=%s; ", i, strings.Repeat("x", 100))
	}
	tests := []struct {
		name   string
		header string
		wantID string // "" for no session
	}{
		{"session after 1 MB", filler.String() + valid, ""},
		{"session before 1 MB", valid + "; " + filler.String(), "past-the-limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, srv.URL, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Cookie", tt.header)
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatalf("GET with a %d-byte Cookie header: %v", len(tt.header), err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d, body error %v; want 200", resp.StatusCode, err)
			}
			if got := resp.Header.Values("Set-Cookie"); len(got) != 0 {
				t.Errorf("Set-Cookie = %.80q; want none", got)
			}
			id := ""
			if i := bytes.Index(body, []byte(`"id":"`)); i >= 0 {
				id, _, _ = strings.Cut(string(body[i+6:]), `"`)
			}
			if id != tt.wantID {
				t.Errorf("persisted id = %q; want %q (body %.200s)", id, tt.wantID, body)
			}
		})
	}
}
