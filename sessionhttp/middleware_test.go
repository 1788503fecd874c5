package sessionhttp_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // the midnight test needs Europe/Berlin on any machine

	"github.com/sessionutils/session"
	"github.com/sessionutils/session/sessionhttp"
)

// defaultDuration is the duration of a session the middleware starts with
// the default options, in ms.
const defaultDuration = int64(30 * time.Minute / time.Millisecond)

var uuidV7 = regexp.MustCompile(
	`^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// stored returns the cookie value of a session with id that started at
// created, was last active at modified (0 for never), and expires at
// expires, all in Unix ms.
func stored(id string, created, modified, expires int64, extra ...session.Attr) string {
	s := session.Session{ID: id, Created: created, Modified: modified,
		Expires: expires, Duration: defaultDuration, Reason: session.ReasonNew,
		Extra: extra}
	return session.Encode(&s)
}

// validAt returns a valid session cookie value that started 10 s before now.
func validAt(id string, now int64) string {
	return stored(id, now-10_000, 0, now-10_000+defaultDuration)
}

// expiredAt returns a session cookie value that expired a minute before now.
func expiredAt(id string, now int64) string {
	created := now - defaultDuration - 60_000
	return stored(id, created, 0, created+defaultDuration)
}

// refreshDueAt returns a valid session cookie value whose expiry lags five
// minutes behind now plus its duration, more than the refresh interval.
func refreshDueAt(id string, now int64) string {
	return stored(id, now-5*60_000, 0, now-5*60_000+defaultDuration)
}

// checkLog checks that the records logged since the last call are exactly
// one, with message msg at level, or none when msg is "".
func checkLog(t *testing.T, logs *logRecords, level, msg string) []map[string]any {
	t.Helper()
	recs := logs.records(t)
	if msg == "" {
		if len(recs) != 0 {
			t.Errorf("log records = %v; want none", recs)
		}
		return recs
	}
	if len(recs) != 1 {
		t.Fatalf("log records = %v; want exactly one %s %q", recs, level, msg)
	}
	if got := recs[0]["level"]; got != level {
		t.Errorf("log level = %v; want %s (record %v)", got, level, recs[0])
	}
	if got := recs[0]["msg"]; got != msg {
		t.Errorf("log message = %q; want %q", got, msg)
	}
	return recs
}

func TestMiddlewareStartsSession(t *testing.T) {
	f := newFixture(t, nil, false)
	r := f.getJar(t, "/")
	now := t0.UnixMilli()

	c := r.cookie(t)
	if c == nil {
		t.Fatal("response has no Set-Cookie; want the new session's cookie")
	}
	if c.Name != "__session" {
		t.Errorf("cookie name = %q; want __session", c.Name)
	}
	if c.Path != "/" {
		t.Errorf("cookie Path = %q; want /", c.Path)
	}
	if c.SameSite != http.SameSiteLaxMode {
		t.Errorf("cookie SameSite = %v; want Lax", c.SameSite)
	}
	if c.MaxAge != 1800 {
		t.Errorf("cookie Max-Age = %d; want 1800", c.MaxAge)
	}
	if want := t0.Add(30 * time.Minute); !c.Expires.Equal(want) {
		t.Errorf("cookie Expires = %v; want %v", c.Expires, want)
	}
	if c.Secure {
		t.Error("cookie is Secure on plain http; want not")
	}
	if c.HttpOnly {
		t.Error("cookie is HttpOnly; want readable by the page")
	}
	if c.Domain != "" {
		t.Errorf("cookie Domain = %q; want none", c.Domain)
	}

	p := r.body.Persisted
	if !r.body.Found || p == nil {
		t.Fatalf("echoed sessions = %+v; want found with a persisted session", r.body)
	}
	if !uuidV7.MatchString(p.ID) {
		t.Errorf("session id = %q; want a UUIDv7", p.ID)
	}
	if ms := strings.ReplaceAll(p.ID, "-", "")[:12]; ms != fmt.Sprintf("%012x", now) {
		t.Errorf("session id time part = %s; want %012x", ms, now)
	}
	if p.Reason != "new" || !p.IsNew {
		t.Errorf("reason, isNew = %q, %v; want new, true", p.Reason, p.IsNew)
	}
	if p.Created != now || p.Expires != now+defaultDuration || p.Duration != defaultDuration {
		t.Errorf("created, expires, duration = %d, %d, %d; want %d, %d, %d",
			p.Created, p.Expires, p.Duration, now, now+defaultDuration, defaultDuration)
	}
	if !p.Persists || !r.body.CookieSet {
		t.Errorf("persists, cookieSet = %v, %v; want true, true", p.Persists, r.body.CookieSet)
	}
	if got := f.jarSession(t).ID; got != p.ID {
		t.Errorf("cookie holds session %q; want %q", got, p.ID)
	}
	if got := r.Header.Values("Vary"); !slices.Contains(got, "Cookie") {
		t.Errorf("Vary = %q; want Cookie", got)
	}
	if got := r.Header.Get("Cache-Control"); got != "private, no-store" {
		t.Errorf("Cache-Control = %q; want private, no-store", got)
	}
	recs := checkLog(t, f.logs, "DEBUG", "sessionhttp: session started")
	if recs[0]["session"] != p.ID || recs[0]["reason"] != "new" {
		t.Errorf("log record = %v; want session %s and reason new", recs[0], p.ID)
	}
}

func TestMiddlewareLifecycle(t *testing.T) {
	f := newFixture(t, nil, false)
	var first string
	steps := []struct {
		name        string
		advance     time.Duration
		wantSet     bool
		wantSame    bool // the id is the first request's
		wantReason  string
		wantExpires time.Duration // from t0
	}{
		{"no cookie starts", 0, true, true, "new", 30 * time.Minute},
		{"valid cookie kept", 30 * time.Second, false, true, "new", 30 * time.Minute},
		{"refresh due", 90 * time.Second, true, true, "new", 32 * time.Minute},
		{"still fresh", 30 * time.Second, false, true, "new", 32 * time.Minute},
		{"expired", 33 * time.Minute, true, false, "expired-idle", 65*time.Minute + 30*time.Second},
	}
	for i, step := range steps {
		f.clock.Add(step.advance)
		r := f.getJar(t, "/")
		p := r.body.Persisted
		if p == nil {
			t.Fatalf("step %d (%s): no persisted session", i, step.name)
		}
		if i == 0 {
			first = p.ID
		}
		if got := len(r.setCookies()) == 1; got != step.wantSet {
			t.Errorf("step %d (%s): Set-Cookie sent = %v; want %v",
				i, step.name, got, step.wantSet)
		}
		if got := r.body.CookieSet; got != step.wantSet {
			t.Errorf("step %d (%s): CookieSet = %v; want %v", i, step.name, got, step.wantSet)
		}
		if got := p.ID == first; got != step.wantSame {
			t.Errorf("step %d (%s): id = %s, first %s; want same = %v",
				i, step.name, p.ID, first, step.wantSame)
		}
		if p.Reason != step.wantReason {
			t.Errorf("step %d (%s): reason = %q; want %q", i, step.name, p.Reason, step.wantReason)
		}
		if want := t0.Add(step.wantExpires).UnixMilli(); p.Expires != want {
			t.Errorf("step %d (%s): expires = %d; want %d (t0 + %v)",
				i, step.name, p.Expires, want, step.wantExpires)
		}
		if got := f.jarSession(t); got.ID != p.ID || got.Expires != p.Expires {
			t.Errorf("step %d (%s): cookie holds %s expiring %d; want %s expiring %d",
				i, step.name, got.ID, got.Expires, p.ID, p.Expires)
		}
		if step.wantReason == "expired-idle" && p.PreviousID != first {
			t.Errorf("step %d (%s): previousId = %q; want %q", i, step.name, p.PreviousID, first)
		}
	}
}

func TestMiddlewareRefreshKeepsFields(t *testing.T) {
	f := newFixture(t, nil, false)
	now := f.clock.UnixMilli()
	created := now - 5*60_000
	extra := []session.Attr{
		{Key: "plan", Value: `"pro"`},
		{Key: "nested", Value: `{"a":[1,2,{"b":null}]}`},
		{Key: "ratio", Value: `1.50`},
	}
	value := stored("keep-fields", created, created+60_000, created+60_000+defaultDuration, extra...)
	r := f.getCookie(t, "__session="+value)

	c := r.cookie(t)
	if c == nil {
		t.Fatal("response has no Set-Cookie; want the refreshed cookie")
	}
	s, err := session.Decode(c.Value)
	if err != nil {
		t.Fatalf("session.Decode(refreshed cookie): %v", err)
	}
	if s.ID != "keep-fields" || s.Created != created || s.Reason != session.ReasonNew {
		t.Errorf("refreshed id, created, reason = %q, %d, %q; want keep-fields, %d, new",
			s.ID, s.Created, s.Reason, created)
	}
	if s.Modified != now || s.Expires != now+defaultDuration {
		t.Errorf("refreshed modified, expires = %d, %d; want %d, %d",
			s.Modified, s.Expires, now, now+defaultDuration)
	}
	if !slices.Equal(s.Extra, extra) {
		t.Errorf("refreshed extra attributes = %v; want %v in that order", s.Extra, extra)
	}
	checkLog(t, f.logs, "DEBUG", "sessionhttp: session refreshed")
}

// cookieCase is a Cookie header and what the middleware must make of it.
type cookieCase struct {
	name   string
	header func(now int64) string

	wantStatus session.Status
	wantID     string // the kept session, or "" for a new one or none
	wantNone   bool   // no session at all
	wantReason string // of a new session
	wantPrev   string // previousId of a new session
	wantSet    bool
	wantLevel  string
	wantMsg    string
}

var cookieCases = []cookieCase{
	{
		name:       "no cookie",
		header:     func(int64) string { return "" },
		wantStatus: session.StatusNone, wantReason: "new", wantSet: true,
		wantLevel: "DEBUG", wantMsg: "sessionhttp: session started",
	},
	{
		name:       "valid",
		header:     func(now int64) string { return "__session=" + validAt("valid-a", now) },
		wantStatus: session.StatusValid, wantID: "valid-a",
	},
	{
		name: "seed package cookie",
		header: func(now int64) string {
			return "__session=" + seedValue("seed-d", now-10_000, defaultDuration)
		},
		wantStatus: session.StatusValid, wantID: "seed-d",
	},
	{
		name: "seed package cookie due for refresh",
		header: func(now int64) string {
			return "__session=" + seedValue("seed-d", now-5*60_000, defaultDuration)
		},
		wantStatus: session.StatusValid, wantID: "seed-d", wantSet: true,
		wantLevel: "DEBUG", wantMsg: "sessionhttp: session refreshed",
	},
	{
		name: "raw JSON value",
		header: func(now int64) string {
			return fmt.Sprintf(`__session={"id":"raw-e","created":%d,"expires":%d}`,
				now-10_000, now-10_000+defaultDuration)
		},
		wantStatus: session.StatusValid, wantID: "raw-e",
	},
	{
		name: "quoted value",
		header: func(now int64) string {
			return `__session="` + validAt("quoted-f", now) + `"`
		},
		wantStatus: session.StatusValid, wantID: "quoted-f",
	},
	{
		name: "valid then expired",
		header: func(now int64) string {
			return "__session=" + validAt("valid-a", now) + "; __session=" + expiredAt("expired-c", now)
		},
		wantStatus: session.StatusValid, wantID: "valid-a",
		wantLevel: "DEBUG", wantMsg: "sessionhttp: session kept",
	},
	{
		name: "expired then valid",
		header: func(now int64) string {
			return "__session=" + expiredAt("expired-c", now) + "; __session=" + validAt("valid-a", now)
		},
		wantStatus: session.StatusValid, wantID: "valid-a",
		wantLevel: "DEBUG", wantMsg: "sessionhttp: session kept",
	},
	{
		name: "corrupted then valid",
		header: func(now int64) string {
			return "__session=%7B%22id; __session=" + validAt("valid-a", now)
		},
		wantStatus: session.StatusValid, wantID: "valid-a",
		wantLevel: "DEBUG", wantMsg: "sessionhttp: session kept",
	},
	{
		name: "older and more recently active valid",
		header: func(now int64) string {
			older := validAt("valid-b", now)
			newer := stored("valid-a", now-20_000, now-5_000, now-5_000+defaultDuration)
			return "__session=" + older + "; __session=" + newer
		},
		wantStatus: session.StatusValid, wantID: "valid-a",
		wantLevel: "DEBUG", wantMsg: "sessionhttp: session kept",
	},
	{
		name: "fifty corrupted copies and a valid one",
		header: func(now int64) string {
			return strings.Repeat("__session=%zz; ", 50) + "__session=" + validAt("valid-a", now)
		},
		wantStatus: session.StatusValid, wantID: "valid-a",
		wantLevel: "DEBUG", wantMsg: "sessionhttp: session kept",
	},
	{
		name:       "expired",
		header:     func(now int64) string { return "__session=" + expiredAt("expired-c", now) },
		wantStatus: session.StatusExpired, wantReason: "expired-idle", wantPrev: "expired-c",
		wantSet: true, wantLevel: "DEBUG", wantMsg: "sessionhttp: session started",
	},
	{
		name: "expired and corrupted",
		header: func(now int64) string {
			return "__session=not-json; __session=" + expiredAt("expired-c", now)
		},
		wantStatus: session.StatusExpired, wantReason: "expired-idle", wantPrev: "expired-c",
		wantSet: true, wantLevel: "WARN", wantMsg: "sessionhttp: session started",
	},
	{
		name:       "bad percent-encoding",
		header:     func(int64) string { return "__session=%7B%22id%22%3A%E0%A4%A" },
		wantStatus: session.StatusInvalid, wantReason: "invalid", wantSet: true,
		wantLevel: "WARN", wantMsg: "sessionhttp: session started",
	},
	{
		name:       "truncated JSON",
		header:     func(int64) string { return "__session=" + encodeURIComponent(`{"id":"x","created":`) },
		wantStatus: session.StatusInvalid, wantReason: "invalid", wantSet: true,
		wantLevel: "WARN", wantMsg: "sessionhttp: session started",
	},
	{
		name:       "not JSON",
		header:     func(int64) string { return "__session=hello" },
		wantStatus: session.StatusInvalid, wantReason: "invalid", wantSet: true,
		wantLevel: "WARN", wantMsg: "sessionhttp: session started",
	},
	{
		name:       "empty value",
		header:     func(int64) string { return "__session=" },
		wantStatus: session.StatusInvalid, wantReason: "invalid", wantSet: true,
		wantLevel: "WARN", wantMsg: "sessionhttp: session started",
	},
	{
		name: "missing id",
		header: func(now int64) string {
			return "__session=" + encodeURIComponent(fmt.Sprintf(
				`{"created":%d,"expires":%d}`, now, now+60_000))
		},
		wantStatus: session.StatusInvalid, wantReason: "invalid", wantSet: true,
		wantLevel: "WARN", wantMsg: "sessionhttp: session started",
	},
	{
		name: "start far in the future",
		header: func(now int64) string {
			return "__session=" + stored("future-g", now+10*60_000, 0, now+40*60_000)
		},
		wantStatus: session.StatusInvalid, wantReason: "invalid", wantSet: true,
		wantLevel: "WARN", wantMsg: "sessionhttp: session started",
	},
	{
		name: "start slightly in the future",
		header: func(now int64) string {
			return "__session=" + stored("skew-h", now+30_000, 0, now+30_000+defaultDuration)
		},
		wantStatus: session.StatusValid, wantID: "skew-h",
	},
	{
		name: "similar names only",
		header: func(now int64) string {
			v := validAt("valid-a", now)
			return "x__session=" + v + "; __session_tab=" + v + "; __Session=" + v
		},
		wantStatus: session.StatusNone, wantReason: "new", wantSet: true,
		wantLevel: "DEBUG", wantMsg: "sessionhttp: session started",
	},
	{
		name:       "oversized value",
		header:     func(int64) string { return "__session=" + strings.Repeat("A", 4087) },
		wantStatus: session.StatusInvalid, wantReason: "invalid", wantSet: true,
		wantLevel: "WARN", wantMsg: "sessionhttp: session started",
	},
	{
		name: "oversized value and a valid one",
		header: func(now int64) string {
			return "__session=" + strings.Repeat("A", 5000) + "; __session=" + validAt("valid-a", now)
		},
		wantStatus: session.StatusValid, wantID: "valid-a",
		wantLevel: "WARN", wantMsg: "sessionhttp: session kept",
	},
	{
		name: "session past the read limit",
		header: func(now int64) string {
			return "big=" + strings.Repeat("b", 17_000) + "; __session=" + validAt("valid-a", now)
		},
		wantStatus: session.StatusNone, wantNone: true,
		wantLevel: "WARN", wantMsg: "sessionhttp: session not started",
	},
	{
		name: "session within the read limit",
		header: func(now int64) string {
			return "__session=" + validAt("valid-a", now) + "; big=" + strings.Repeat("b", 17_000)
		},
		wantStatus: session.StatusValid, wantID: "valid-a",
	},
}

func TestMiddlewareCookieHeader(t *testing.T) {
	f := newFixture(t, nil, false)
	for _, tt := range cookieCases {
		t.Run(tt.name, func(t *testing.T) {
			header := tt.header(f.clock.UnixMilli())
			r := f.getCookie(t, header)
			b := r.body
			if !b.Found {
				t.Fatal("FromContext found = false; want true")
			}
			if b.Status != tt.wantStatus {
				t.Errorf("Status = %d; want %d", b.Status, tt.wantStatus)
			}
			if got := len(r.setCookies()) == 1; got != tt.wantSet || b.CookieSet != tt.wantSet {
				t.Errorf("Set-Cookie sent, CookieSet = %v, %v; want %v",
					got, b.CookieSet, tt.wantSet)
			}
			checkCookieSession(t, tt, b.Persisted, header)
			recs := checkLog(t, f.logs, tt.wantLevel, tt.wantMsg)
			checkNoValueInLog(t, recs, header)
		})
	}
}

// checkCookieSession checks the persisted session that the middleware
// made of a Cookie header.
func checkCookieSession(t *testing.T, tt cookieCase, p *persisted, header string) {
	t.Helper()
	switch {
	case tt.wantNone:
		if p != nil {
			t.Errorf("persisted = %+v; want none", p)
		}
		return
	case p == nil:
		t.Fatal("persisted = none; want a session")
	case tt.wantID != "":
		if p.ID != tt.wantID {
			t.Errorf("persisted id = %q; want %q", p.ID, tt.wantID)
		}
		if p.IsNew {
			t.Error("persisted isNew = true; want false for a kept session")
		}
		return
	}
	if !uuidV7.MatchString(p.ID) || strings.Contains(header, p.ID) {
		t.Errorf("persisted id = %q; want a new UUIDv7", p.ID)
	}
	if p.Reason != tt.wantReason || p.PreviousID != tt.wantPrev {
		t.Errorf("reason, previousId = %q, %q; want %q, %q",
			p.Reason, p.PreviousID, tt.wantReason, tt.wantPrev)
	}
}

// checkNoValueInLog fails t when a log record contains a cookie value of
// header longer than 16 bytes.
func checkNoValueInLog(t *testing.T, recs []map[string]any, header string) {
	t.Helper()
	text := fmt.Sprint(recs)
	for pair := range strings.SplitSeq(header, ";") {
		_, value, _ := strings.Cut(strings.TrimSpace(pair), "=")
		if len(value) > 16 && strings.Contains(text, value) {
			t.Errorf("log %s contains the cookie value %.40q…", text, value)
		}
	}
}

func TestMiddlewareRefreshTooLarge(t *testing.T) {
	f := newFixture(t, nil, false)
	now := f.clock.UnixMilli()
	created := now - 5*60_000
	// Spaces take one byte in a raw JSON value and three once
	// percent-encoded, so the refreshed cookie would pass 4096 bytes.
	value := fmt.Sprintf(`{"id":"big-f","created":%d,"expires":%d,"pad":"%s"}`,
		created, created+defaultDuration, strings.Repeat(" ", 1500))
	r := f.getCookie(t, "__session="+value)

	if got := r.setCookies(); len(got) != 0 {
		t.Errorf("Set-Cookie = %.80q; want none for a cookie too large to store", got)
	}
	p := r.body.Persisted
	if p == nil || p.ID != "big-f" || p.Expires != created+defaultDuration {
		t.Fatalf("persisted = %+v; want big-f with its stored expiry %d", p, created+defaultDuration)
	}
	if r.body.CookieSet {
		t.Error("CookieSet = true; want false")
	}
	recs := checkLog(t, f.logs, "WARN", "sessionhttp: session kept, cookie not set")
	if text, _ := recs[0]["cookieError"].(string); !strings.Contains(text, "4096-byte limit") {
		t.Errorf("log cookieError = %q; want the 4096-byte limit", text)
	}
}

func TestMiddlewareIDHeaders(t *testing.T) {
	long := strings.Repeat("a", 128)
	tests := []struct {
		name      string
		tab, page []string // header values; nil for no header
		wantTab   string
		wantPage  string
		wantWarns int
	}{
		{"valid", []string{"0190a-tab"}, []string{"p.1:x_y-Z"}, "0190a-tab", "p.1:x_y-Z", 0},
		{"missing", nil, nil, "", "", 0},
		{"empty", []string{""}, []string{""}, "", "", 0},
		{"128 bytes", []string{long}, []string{"p"}, long, "p", 0},
		{"129 bytes", []string{long + "a"}, []string{"p"}, "", "p", 1},
		{"inner space", []string{"a b"}, []string{"p"}, "", "p", 1},
		{"slash", []string{"tab"}, []string{"secret/value"}, "tab", "", 1},
		{"non-ASCII", []string{"tâb"}, []string{"p"}, "", "p", 1},
		{"repeated", []string{"a", "b"}, []string{"p"}, "", "p", 1},
		{"both invalid", []string{"a,b"}, []string{"<p>"}, "", "", 2},
	}
	f := newFixture(t, nil, false)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.tab != nil {
				h[sessionhttp.TabIDHeader] = tt.tab
			}
			if tt.page != nil {
				h[sessionhttp.PageIDHeader] = tt.page
			}
			r := f.do(t, http.MethodGet, "/", h, false)
			if r.body.TabID != tt.wantTab {
				t.Errorf("TabID = %q; want %q", r.body.TabID, tt.wantTab)
			}
			if r.body.PageID != tt.wantPage {
				t.Errorf("PageID = %q; want %q", r.body.PageID, tt.wantPage)
			}
			warns := 0
			for _, rec := range f.logs.records(t) {
				msg, _ := rec["msg"].(string)
				if !strings.HasSuffix(msg, "header ignored") {
					continue
				}
				warns++
				if rec["level"] != "WARN" {
					t.Errorf("log level = %v; want WARN (%v)", rec["level"], rec)
				}
				if text := fmt.Sprint(rec); strings.Contains(text, "secret/value") {
					t.Errorf("log record %s contains the header value", text)
				}
			}
			if warns != tt.wantWarns {
				t.Errorf("header warnings = %d; want %d", warns, tt.wantWarns)
			}
		})
	}
}

func TestMiddlewarePassive(t *testing.T) {
	opts := &sessionhttp.Options{
		Passive: func(r *http.Request) bool { return r.URL.Path == "/poll" },
	}
	f := newFixture(t, opts, false)
	tests := []struct {
		name       string
		method     string
		path       string
		header     http.Header
		wantActive bool
	}{
		{"plain GET", "GET", "/", nil, true},
		{"passive route", "GET", "/poll", nil, false},
		{"Sec-Purpose prefetch", "GET", "/", http.Header{"Sec-Purpose": {"prefetch"}}, false},
		{"Sec-Purpose prerender", "GET", "/", http.Header{"Sec-Purpose": {"prefetch;prerender"}}, false},
		{"Sec-Purpose anonymous", "GET", "/", http.Header{"Sec-Purpose": {"prefetch; anonymous-client-ip"}}, false},
		{"Purpose prefetch", "GET", "/", http.Header{"Purpose": {"prefetch"}}, false},
		{"X-Moz prefetch", "GET", "/", http.Header{"X-Moz": {"prefetch"}}, false},
		{"Sec-Purpose other", "GET", "/", http.Header{"Sec-Purpose": {"preview"}}, true},
		{"CORS preflight", "OPTIONS", "/", http.Header{
			"Origin":                        {"http://127.0.0.1:1"},
			"Access-Control-Request-Method": {"POST"},
		}, false},
		{"plain OPTIONS", "OPTIONS", "/", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := f.clock.UnixMilli()
			cookies := []struct {
				name, value string
				status      session.Status
			}{
				{"no cookie", "", session.StatusNone},
				{"refresh due", refreshDueAt("due-a", now), session.StatusValid},
				{"expired", expiredAt("expired-c", now), session.StatusExpired},
			}
			for _, c := range cookies {
				h := tt.header.Clone()
				if h == nil {
					h = http.Header{}
				}
				if c.value != "" {
					h.Set("Cookie", "__session="+c.value)
				}
				r := f.do(t, tt.method, tt.path, h, false)
				checkPassive(t, c.name, r, c.status, tt.wantActive)
			}
			f.logs.records(t)
		})
	}
}

// checkPassive checks the response to a request whose cookie held status:
// an active request starts or refreshes the session, a passive one
// neither.
func checkPassive(t *testing.T, cookie string, r *response, status session.Status, active bool) {
	t.Helper()
	set := len(r.setCookies()) > 0
	p := r.body.Persisted
	if r.body.Status != status {
		t.Errorf("%s: Status = %d; want %d", cookie, r.body.Status, status)
	}
	if set != active {
		t.Errorf("%s: Set-Cookie sent = %v; want %v", cookie, set, active)
	}
	switch {
	case active && p == nil:
		t.Errorf("%s: no session; want one", cookie)
	case !active && status == session.StatusValid:
		if p == nil || p.ID != "due-a" || p.Modified != 0 {
			t.Errorf("%s: persisted = %+v; want due-a, not extended", cookie, p)
		}
	case !active && p != nil:
		t.Errorf("%s: persisted = %+v; want none", cookie, p)
	}
}

func TestMiddlewareSecure(t *testing.T) {
	tests := []struct {
		name      string
		tls       bool
		trust     bool
		secureOpt bool
		proto     string
		want      bool
	}{
		{"plain http", false, false, false, "", false},
		{"TLS", true, false, false, "", true},
		{"trusted https", false, true, false, "https", true},
		{"trusted HTTPS", false, true, false, "HTTPS", true},
		{"trusted list", false, true, false, "https, http", true},
		{"trusted http", false, true, false, "http", false},
		{"untrusted https", false, false, false, "https", false},
		{"Secure option", false, false, true, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := &sessionhttp.Options{TrustForwardedProto: tt.trust}
			opts.Session.Secure = tt.secureOpt
			f := newFixture(t, opts, tt.tls)
			h := http.Header{}
			if tt.proto != "" {
				h.Set("X-Forwarded-Proto", tt.proto)
			}
			r := f.do(t, http.MethodGet, "/", h, false)
			c := r.cookie(t)
			if c == nil {
				t.Fatal("response has no Set-Cookie")
			}
			if c.Secure != tt.want {
				t.Errorf("cookie Secure = %v; want %v (%s)", c.Secure, tt.want, r.setCookies())
			}
			if c.HttpOnly || c.Path != "/" || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("cookie = %s; want Path=/, SameSite=Lax, not HttpOnly", r.setCookies())
			}
		})
	}
}

func TestMiddlewareSetCookieBeforeBody(t *testing.T) {
	flushing := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		if err := http.NewResponseController(w).Flush(); err != nil {
			t.Errorf("Flush: %v", err)
		}
		io.WriteString(w, "BODY-START")
		w.Header().Add("Set-Cookie", "late=1") // after the header: dropped
	})
	mw := sessionhttp.Middleware(nil)
	srv := httptest.NewServer(mw(mw(flushing)))
	defer srv.Close()

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatalf("dial %s: %v", srv.Listener.Addr(), err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
	raw, err := io.ReadAll(conn)
	if err != nil {
		t.Fatalf("reading the response: %v", err)
	}
	head, body, ok := strings.Cut(string(raw), "\r\n\r\n")
	if !ok {
		t.Fatalf("response %q has no end of header", raw)
	}
	if n := strings.Count(head, "\r\nSet-Cookie: __session="); n != 1 {
		t.Errorf("header has %d Set-Cookie lines for __session; want 1:\n%s", n, head)
	}
	if strings.Contains(body, "Set-Cookie") {
		t.Errorf("body contains Set-Cookie: %q", body)
	}
	if !strings.Contains(body, "BODY-START") {
		t.Errorf("body = %q; want BODY-START", body)
	}
}

func TestMiddlewareCookieAlreadySet(t *testing.T) {
	logs := &logRecords{}
	inner := sessionhttp.Middleware(&sessionhttp.Options{Logger: logs.logger()})(echoHandler)
	outer := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Set-Cookie", "__session=other; Path=/")
		inner.ServeHTTP(w, r)
	})
	srv := httptest.NewServer(outer)
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	resp.Body.Close()
	if got := resp.Header.Values("Set-Cookie"); len(got) != 1 || got[0] != "__session=other; Path=/" {
		t.Errorf("Set-Cookie = %q; want only the outer handler's", got)
	}
	recs := checkLog(t, logs, "WARN", "sessionhttp: session started, cookie not set")
	if text, _ := recs[0]["cookieError"].(string); !strings.Contains(text, "already sets") {
		t.Errorf("log cookieError = %q; want it to say the cookie is already set", text)
	}
}

func TestMiddlewareCacheHeaders(t *testing.T) {
	tests := []struct {
		name         string
		cookie       bool // send a valid cookie, so that nothing is set
		outer, inner http.Header
		wantCache    string
		wantVary     []string
	}{
		{name: "new session", wantCache: "private, no-store", wantVary: []string{"Cookie"}},
		{name: "valid cookie", cookie: true, wantCache: "", wantVary: []string{"Cookie"}},
		{name: "outer Vary", outer: http.Header{"Vary": {"Accept-Encoding"}},
			wantCache: "private, no-store", wantVary: []string{"Accept-Encoding", "Cookie"}},
		{name: "outer Vary cookie", outer: http.Header{"Vary": {"Origin, cookie"}},
			wantCache: "private, no-store", wantVary: []string{"Origin, cookie"}},
		{name: "outer Vary star", outer: http.Header{"Vary": {"*"}},
			wantCache: "private, no-store", wantVary: []string{"*"}},
		{name: "outer no-store", outer: http.Header{"Cache-Control": {"no-store, max-age=0"}},
			wantCache: "no-store, max-age=0", wantVary: []string{"Cookie"}},
		{name: "outer public", outer: http.Header{"Cache-Control": {"public, max-age=60"}},
			wantCache: "private, no-store", wantVary: []string{"Cookie"}},
		{name: "handler replaces", inner: http.Header{"Cache-Control": {"no-cache"}},
			wantCache: "no-cache", wantVary: []string{"Cookie"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.inner {
					w.Header()[k] = v
				}
			})
			mw := sessionhttp.Middleware(&sessionhttp.Options{Now: newClock().Now})(handler)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.outer {
					w.Header()[k] = v
				}
				mw.ServeHTTP(w, r)
			}))
			defer srv.Close()
			req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
			if tt.cookie {
				req.Header.Set("Cookie", "__session="+validAt("valid-a", t0.UnixMilli()))
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatalf("GET: %v", err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("Cache-Control"); got != tt.wantCache {
				t.Errorf("Cache-Control = %q; want %q", got, tt.wantCache)
			}
			if got := resp.Header.Values("Vary"); !slices.Equal(got, tt.wantVary) {
				t.Errorf("Vary = %q; want %q", got, tt.wantVary)
			}
		})
	}
}

func TestFromContextWithoutMiddleware(t *testing.T) {
	var got sessionhttp.Sessions
	var found bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, found = sessionhttp.FromContext(r.Context())
	}))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	resp.Body.Close()
	if found || got.Persisted.ID != "" || got.TabID != "" || got.CookieSet {
		t.Errorf("FromContext(request without middleware) = %+v, %v; want zero, false", got, found)
	}
	if _, ok := sessionhttp.FromContext(context.Background()); ok {
		t.Error("FromContext(context.Background()) found = true; want false")
	}
	var nilCtx context.Context
	if _, ok := sessionhttp.FromContext(nilCtx); ok {
		t.Error("FromContext(nil) found = true; want false")
	}
}

func TestOptionsValidate(t *testing.T) {
	valid := []sessionhttp.Options{
		{},
		{Session: session.Options{Domain: "example.com"}},
		{Session: session.Options{Domain: ".example.com"}},
		{Session: session.Options{CookieName: "visit", SameSite: "Strict"}},
		{Session: session.Options{SameSite: "None"}},
		{Session: session.Options{MidnightTimeZone: "Europe/Berlin"}},
	}
	var nilOpts *sessionhttp.Options
	if err := nilOpts.Validate(); err != nil {
		t.Errorf("(*Options)(nil).Validate() = %v; want nil", err)
	}
	for _, o := range valid {
		if err := o.Validate(); err != nil {
			t.Errorf("Validate(%+v) = %v; want nil", o.Session, err)
		}
	}
}

func TestMiddlewareInvalidOptions(t *testing.T) {
	tests := []struct {
		name string
		opts session.Options
	}{
		{"name with space", session.Options{CookieName: "bad name"}},
		{"name with equals", session.Options{CookieName: "a=b"}},
		{"domain with attribute", session.Options{Domain: "a.com; HttpOnly"}},
		{"domain with path", session.Options{Domain: "a.com; Path=/x"}},
		{"public suffix domain", session.Options{Domain: "com"}},
		{"IP domain", session.Options{Domain: "127.0.0.1"}},
		{"unknown SameSite", session.Options{SameSite: "Loose"}},
		{"unknown time zone", session.Options{MidnightTimeZone: "Nowhere/City"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs := &logRecords{}
			opts := &sessionhttp.Options{Session: tt.opts, Logger: logs.logger()}
			err := opts.Validate()
			if err == nil || !strings.HasPrefix(err.Error(), "sessionhttp: ") {
				t.Errorf("Validate() = %v; want an error starting with sessionhttp:", err)
			}
			mw := sessionhttp.Middleware(opts)
			recs := logs.records(t)
			if len(recs) != 1 || recs[0]["level"] != "ERROR" {
				t.Errorf("log after Middleware = %v; want one ERROR record", recs)
			}
			srv := httptest.NewServer(mw(echoHandler))
			defer srv.Close()
			resp, err := srv.Client().Get(srv.URL)
			if err != nil {
				t.Fatalf("GET: %v", err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if got := resp.Header.Values("Set-Cookie"); len(got) != 0 {
				t.Errorf("Set-Cookie = %q; want none", got)
			}
			if !strings.HasPrefix(string(body), `{"found":false`) {
				t.Errorf("body = %s; want found false", body)
			}
			if recs := logs.records(t); len(recs) != 0 {
				t.Errorf("log records per request = %v; want none", recs)
			}
		})
	}
}

func TestMiddlewareNilHandler(t *testing.T) {
	srv := httptest.NewServer(sessionhttp.Middleware(nil)(nil))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("status = %d; want 404", resp.StatusCode)
	}
}

// failingReader is a random source that always fails.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("entropy exhausted") }

func TestMiddlewareRandomFailure(t *testing.T) {
	f := newFixture(t, &sessionhttp.Options{Rand: failingReader{}}, false)
	r := f.getCookie(t, "")
	if r.body.Persisted != nil {
		t.Errorf("persisted = %+v; want none", r.body.Persisted)
	}
	if got := r.setCookies(); len(got) != 0 {
		t.Errorf("Set-Cookie = %q; want none", got)
	}
	recs := checkLog(t, f.logs, "ERROR", "sessionhttp: session not started")
	if text := fmt.Sprint(recs[0]["error"]); !strings.Contains(text, "entropy exhausted") {
		t.Errorf("log error = %q; want the random source's error", text)
	}
}

func TestMiddlewareMaxLifetime(t *testing.T) {
	opts := &sessionhttp.Options{}
	opts.Session.MaxLifetime = session.Millis(45 * 60_000)
	f := newFixture(t, opts, false)
	first := f.getJar(t, "/").body.Persisted

	f.clock.Add(20 * time.Minute)
	refreshed := f.getJar(t, "/").body.Persisted
	if want := t0.Add(45 * time.Minute).UnixMilli(); refreshed.ID != first.ID || refreshed.Expires != want {
		t.Errorf("after 20 min: id, expires = %s, %d; want %s, %d (the cap)",
			refreshed.ID, refreshed.Expires, first.ID, want)
	}

	f.clock.Add(26 * time.Minute)
	next := f.getJar(t, "/").body.Persisted
	if next.ID == first.ID || next.Reason != "expired-max" || next.PreviousID != first.ID {
		t.Errorf("after 46 min: id, reason, previousId = %s, %q, %s; want new, expired-max, %s",
			next.ID, next.Reason, next.PreviousID, first.ID)
	}
}

func TestMiddlewareMidnight(t *testing.T) {
	opts := &sessionhttp.Options{}
	opts.Session.MidnightTimeZone = "Europe/Berlin"
	f := newFixture(t, opts, false)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatalf("time.LoadLocation: %v", err)
	}
	f.clock.Set(time.Date(2026, time.March, 1, 23, 50, 0, 0, berlin))
	midnight := time.Date(2026, time.March, 2, 0, 0, 0, 0, berlin).UnixMilli()

	first := f.getJar(t, "/").body.Persisted
	if first.Expires != midnight {
		t.Errorf("session started at 23:50 expires at %d; want local midnight %d",
			first.Expires, midnight)
	}
	f.clock.Add(11 * time.Minute)
	next := f.getJar(t, "/").body.Persisted
	if next.ID == first.ID || next.Reason != "midnight" || next.PreviousID != first.ID {
		t.Errorf("after midnight: id, reason, previousId = %s, %q, %s; want new, midnight, %s",
			next.ID, next.Reason, next.PreviousID, first.ID)
	}
}

func TestMiddlewareConcurrentRequests(t *testing.T) {
	f := newFixture(t, nil, false)
	const workers, perWorker = 8, 8
	ids := make(chan string, workers*perWorker)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range perWorker {
				req, _ := http.NewRequest(http.MethodGet, f.srv.URL, nil)
				resp, err := f.plain.Do(req)
				if err != nil {
					t.Errorf("GET: %v", err)
					return
				}
				resp.Body.Close()
				c, err := http.ParseSetCookie(resp.Header.Get("Set-Cookie"))
				if err != nil {
					t.Errorf("Set-Cookie: %v", err)
					return
				}
				s, err := session.Decode(c.Value)
				if err != nil {
					t.Errorf("session.Decode: %v", err)
					return
				}
				ids <- s.ID
			}
		})
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		if seen[id] {
			t.Errorf("session id %s started twice", id)
		}
		seen[id] = true
	}
	if len(seen) != workers*perWorker {
		t.Errorf("distinct sessions = %d; want %d", len(seen), workers*perWorker)
	}
}

func TestMiddlewareRejectedByBrowser(t *testing.T) {
	tests := []struct {
		name       string
		opts       session.Options
		tls        bool
		host       string
		wantDomain string // of the cookie; "-" when no cookie is set
	}{
		{"domain of subdomain", session.Options{Domain: "example.com"}, false, "www.example.com", "example.com"},
		{"domain of host with port", session.Options{Domain: "example.com"}, false, "example.com:8080", "example.com"},
		{"domain of other host", session.Options{Domain: "example.com"}, false, "other.org", "-"},
		{"SameSite None over TLS", session.Options{SameSite: "None"}, true, "", ""},
		{"SameSite None over http", session.Options{SameSite: "None"}, false, "", "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, &sessionhttp.Options{Session: tt.opts}, tt.tls)
			req, _ := http.NewRequest(http.MethodGet, f.srv.URL, nil)
			if tt.host != "" {
				req.Host = tt.host
			}
			resp, err := f.plain.Do(req)
			if err != nil {
				t.Fatalf("GET: %v", err)
			}
			resp.Body.Close()
			lines := resp.Header.Values("Set-Cookie")
			if tt.wantDomain == "-" {
				if len(lines) != 0 {
					t.Errorf("Set-Cookie = %q; want none", lines)
				}
				checkLog(t, f.logs, "WARN", "sessionhttp: session started, cookie not set")
				return
			}
			if len(lines) != 1 {
				t.Fatalf("Set-Cookie = %q; want one", lines)
			}
			c, err := http.ParseSetCookie(lines[0])
			if err != nil {
				t.Fatalf("http.ParseSetCookie(%q): %v", lines[0], err)
			}
			if c.Domain != tt.wantDomain {
				t.Errorf("cookie Domain = %q; want %q", c.Domain, tt.wantDomain)
			}
			if tt.opts.SameSite == "None" && (c.SameSite != http.SameSiteNoneMode || !c.Secure) {
				t.Errorf("cookie = %q; want SameSite=None and Secure", lines[0])
			}
		})
	}
}
