package sessionhttp_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sessionutils/session"
	"github.com/sessionutils/session/sessionhttp"
)

// t0 is the instant at which every test clock starts.
var t0 = time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)

// clock is a fixed clock that tests move by hand.
type clock struct{ ms atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.ms.Store(t0.UnixMilli())
	return c
}

func (c *clock) Now() time.Time      { return time.UnixMilli(c.ms.Load()).UTC() }
func (c *clock) UnixMilli() int64    { return c.ms.Load() }
func (c *clock) Add(d time.Duration) { c.ms.Add(d.Milliseconds()) }
func (c *clock) Set(t time.Time)     { c.ms.Store(t.UnixMilli()) }

// logRecords collects the records of a JSON slog handler.
type logRecords struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logRecords) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logRecords) logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// records returns the records logged so far and clears the buffer.
func (l *logRecords) records(t *testing.T) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	dec := json.NewDecoder(&l.buf)
	for dec.More() {
		var rec map[string]any
		if err := dec.Decode(&rec); err != nil {
			t.Fatalf("decoding a log record: %v", err)
		}
		out = append(out, rec)
	}
	l.buf.Reset()
	return out
}

// echoed is what echoHandler sends: the request's Sessions as JSON.
type echoed struct {
	Found     bool           `json:"found"`
	Persisted *persisted     `json:"persisted"`
	TabID     string         `json:"tabId"`
	PageID    string         `json:"pageId"`
	Status    session.Status `json:"status"`
	CookieSet bool           `json:"cookieSet"`
}

// persisted is the JSON of session.Persisted.AppendJSON.
type persisted struct {
	ID         string  `json:"id"`
	Created    int64   `json:"created"`
	Expires    int64   `json:"expires"`
	Duration   int64   `json:"duration"`
	Modified   int64   `json:"modified"`
	Reason     string  `json:"reason"`
	PreviousID string  `json:"previousId"`
	IsNew      bool    `json:"isNew"`
	IsExpired  bool    `json:"isExpired"`
	Persists   bool    `json:"persists"`
	Plan       *string `json:"plan"`
}

// echoHandler writes the request's Sessions as JSON.
var echoHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	s, found := sessionhttp.FromContext(r.Context())
	b := []byte(`{"found":`)
	b = appendBool(b, found)
	b = append(b, `,"persisted":`...)
	if s.Persisted.ID == "" {
		b = append(b, "null"...)
	} else {
		b = s.Persisted.AppendJSON(b)
	}
	tab, _ := json.Marshal(s.TabID)
	page, _ := json.Marshal(s.PageID)
	b = append(b, `,"tabId":`...)
	b = append(b, tab...)
	b = append(b, `,"pageId":`...)
	b = append(b, page...)
	b = append(b, `,"status":`...)
	b = append(b, byte('0'+s.Status))
	b = append(b, `,"cookieSet":`...)
	b = appendBool(b, s.CookieSet)
	b = append(b, '}')
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
})

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// fixture is a real HTTP server on 127.0.0.1 that runs echoHandler behind
// the middleware with a fixed clock and a log.
type fixture struct {
	srv   *httptest.Server
	jar   http.CookieJar
	jarC  *http.Client // sends and stores cookies through jar
	plain *http.Client // sends only the headers a test gives
	clock *clock
	logs  *logRecords
}

// newFixture starts the server. opts may be nil; the fixture sets its
// Now and Logger.
func newFixture(t *testing.T, opts *sessionhttp.Options, useTLS bool) *fixture {
	t.Helper()
	f := &fixture{clock: newClock(), logs: &logRecords{}}
	if opts == nil {
		opts = &sessionhttp.Options{}
	}
	opts.Now = f.clock.Now
	opts.Logger = f.logs.logger()
	handler := sessionhttp.Middleware(opts)(echoHandler)
	if useTLS {
		f.srv = httptest.NewTLSServer(handler)
	} else {
		f.srv = httptest.NewServer(handler)
	}
	t.Cleanup(f.srv.Close)

	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatalf("cookiejar.New: %v", err)
	}
	f.jar = jar
	base := f.srv.Client()
	f.jarC = &http.Client{Transport: base.Transport, Jar: jar, Timeout: 30 * time.Second}
	f.plain = &http.Client{Transport: base.Transport, Timeout: 30 * time.Second}
	t.Cleanup(base.CloseIdleConnections)
	return f
}

// response is one response of the fixture's server.
type response struct {
	*http.Response
	body echoed
}

// setCookies returns the Set-Cookie lines of the response.
func (r *response) setCookies() []string {
	return r.Header.Values("Set-Cookie")
}

// cookie returns the one Set-Cookie of the response, parsed, or nil.
func (r *response) cookie(t *testing.T) *http.Cookie {
	t.Helper()
	lines := r.setCookies()
	switch len(lines) {
	case 0:
		return nil
	case 1:
	default:
		t.Fatalf("response has %d Set-Cookie headers (%q); want at most 1",
			len(lines), lines)
	}
	c, err := http.ParseSetCookie(lines[0])
	if err != nil {
		t.Fatalf("http.ParseSetCookie(%q): %v", lines[0], err)
	}
	return c
}

// do sends a request for path with header, through the jar when useJar
// is set, and decodes the echoed sessions.
func (f *fixture) do(t *testing.T, method, path string, header http.Header, useJar bool) *response {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, nil)
	if err != nil {
		t.Fatalf("http.NewRequest(%q, %q): %v", method, path, err)
	}
	for name, values := range header {
		req.Header[name] = values
	}
	client := f.plain
	if useJar {
		client = f.jarC
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	r := &response{Response: resp}
	if err := json.Unmarshal(data, &r.body); err != nil {
		t.Fatalf("%s %s: body %q is not the echoed JSON: %v", method, path, data, err)
	}
	return r
}

// getJar sends GET path through the cookie jar.
func (f *fixture) getJar(t *testing.T, path string) *response {
	t.Helper()
	return f.do(t, http.MethodGet, path, nil, true)
}

// getCookie sends GET / with the Cookie header value cookie and no jar.
func (f *fixture) getCookie(t *testing.T, cookie string) *response {
	t.Helper()
	h := http.Header{}
	if cookie != "" {
		h.Set("Cookie", cookie)
	}
	return f.do(t, http.MethodGet, "/", h, false)
}

// jarSession returns the session in the jar's cookie for the server.
func (f *fixture) jarSession(t *testing.T) session.Session {
	t.Helper()
	u, _ := url.Parse(f.srv.URL)
	for _, c := range f.jar.Cookies(u) {
		if c.Name == session.DefaultCookieName {
			s, err := session.Decode(c.Value)
			if err != nil {
				t.Fatalf("session.Decode(jar cookie %q): %v", c.Value, err)
			}
			return s
		}
	}
	t.Fatal("the jar holds no session cookie")
	return session.Session{}
}

// seedValue returns a cookie value as @analytics/session-utils 0.2.4
// writes it: encodeURIComponent(JSON.stringify(session)) with id, created,
// createdAt, expires, expiresAt, duration and the extra attribute plan,
// and without the reason field that this module adds. Its expiry is
// counted from created.
func seedValue(id string, created, duration int64) string {
	iso := func(ms int64) string {
		return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
	}
	itoa := func(n int64) string { return strconv.FormatInt(n, 10) }
	text := `{"id":"` + id + `","created":` + itoa(created) +
		`,"createdAt":"` + iso(created) + `","expires":` + itoa(created+duration) +
		`,"expiresAt":"` + iso(created+duration) + `","duration":` + itoa(duration) +
		`,"plan":"pro"}`
	return encodeURIComponent(text)
}

// encodeURIComponent percent-encodes text as JavaScript's function of that
// name does.
func encodeURIComponent(text string) string {
	const unreserved = "-_.!~*'()"
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.IndexByte(unreserved, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
