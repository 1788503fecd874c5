package sessionhttp_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sessionutils/session"
)

// hostileFile is the part of ../testdata/hostile.json that the server
// test reads. The root package's hostile_test.go describes every field.
type hostileFile struct {
	Now   int64         `json:"now"` // Unix ms
	Cases []hostileCase `json:"cases"`
}

type hostileCase struct {
	Name    string `json:"name"`
	Value   string `json:"value"`
	Base64  string `json:"base64"`  // the value's bytes, when they are not UTF-8
	Outcome string `json:"outcome"` // kept, repaired or replaced
	Want    *struct {
		ID string `json:"id"`
	} `json:"want"`
}

func loadHostile(t *testing.T) hostileFile {
	t.Helper()
	data, err := os.ReadFile("../testdata/hostile.json")
	if err != nil {
		t.Fatal(err)
	}
	var f hostileFile
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatalf("../testdata/hostile.json: %v", err)
	}
	return f
}

// cookieValue returns the bytes of the case's cookie value.
func (tt *hostileCase) cookieValue(t *testing.T) string {
	t.Helper()
	if tt.Base64 == "" {
		return tt.Value
	}
	b, err := base64.StdEncoding.DecodeString(tt.Base64)
	if err != nil {
		t.Fatalf("case %q: base64: %v", tt.Name, err)
	}
	return string(b)
}

// headerProblem returns why value cannot travel as the value of one cookie
// in a Cookie header, or "". Control bytes other than HTAB are invalid in
// any HTTP header field (RFC 9110, section 5.5), and net/http refuses to
// send them. A ';' ends the cookie-pair, so the server would read another
// value than the table's.
func headerProblem(value string) string {
	for i := 0; i < len(value); i++ {
		switch c := value[i]; {
		case c < ' ' && c != '\t', c == 0x7F:
			return "control byte"
		case c == ';':
			return "semicolon"
		}
	}
	return ""
}

// TestMiddlewareHostileTable sends each value of the shared hostile table
// as the session cookie through the middleware at the table's instant.
func TestMiddlewareHostileTable(t *testing.T) {
	hostile := loadHostile(t)
	f := newFixture(t, nil, false)
	f.clock.Set(time.UnixMilli(hostile.Now))
	skipped := map[string][]string{}
	oversized := 0
	for _, tt := range hostile.Cases {
		value := tt.cookieValue(t)
		// These rows are left out, not skipped with t.Skip: no HTTP
		// client can send them as one cookie value.
		if problem := headerProblem(value); problem != "" {
			skipped[problem] = append(skipped[problem], tt.Name)
			continue
		}
		want := tt.Outcome
		// The middleware counts a value that no browser would store as
		// invalid before it decodes it, where Pick alone keeps it.
		if len(session.DefaultCookieName)+1+len(value) > session.MaxCookieSize {
			want = "replaced"
			oversized++
		}
		t.Run(tt.Name, func(t *testing.T) {
			checkHostileRow(t, f, tt, value, want)
		})
	}
	t.Logf("sent %d of %d rows (%d over the %d-byte limit, so replaced); "+
		"left out for a control byte: %q; for a semicolon: %q",
		len(hostile.Cases)-len(skipped["control byte"])-len(skipped["semicolon"]),
		len(hostile.Cases), oversized, session.MaxCookieSize,
		skipped["control byte"], skipped["semicolon"])
}

// checkHostileRow sends value as the session cookie and checks the
// outcome want. Kept and repaired rows keep the row's id, and a replaced
// row starts a new session with a valid cookie.
func checkHostileRow(t *testing.T, f *fixture, tt hostileCase, value, want string) {
	t.Helper()
	r := f.getCookie(t, "__session="+value)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status = %d; want 200", r.StatusCode)
	}
	if !r.body.Found {
		t.Fatal("FromContext found = false; want true")
	}
	p := r.body.Persisted
	if p == nil {
		t.Fatal("persisted = none; want a session")
	}
	c := checkHostileSetCookie(t, r, value)

	switch want {
	case "kept", "repaired":
		if p.ID != tt.Want.ID {
			t.Errorf("persisted id = %q; want the row's %q", p.ID, tt.Want.ID)
		}
		if p.IsNew {
			t.Error("persisted isNew = true; want false")
		}
	case "replaced":
		if !uuidV7.MatchString(p.ID) {
			t.Errorf("persisted id = %q; want a new UUIDv7", p.ID)
		}
		if tt.Want != nil && p.ID == tt.Want.ID {
			t.Errorf("persisted id = %q; want another than the row's", p.ID)
		}
		if !p.IsNew {
			t.Error("persisted isNew = false; want true")
		}
		if c == nil {
			t.Fatal("Set-Cookie = none; want the new session's cookie")
		}
		s, err := session.Decode(c.Value)
		if err != nil || s.ID != p.ID {
			t.Errorf("Set-Cookie value decodes to id %q, error %v; want %q",
				s.ID, err, p.ID)
		}
	default:
		t.Fatalf("row outcome %q is not kept, repaired or replaced", want)
	}
}

// checkHostileSetCookie checks the response's Set-Cookie, if any, and
// returns it parsed. The header must be one line without CR or LF, parse
// with http.ParseSetCookie, pass http.Cookie.Valid, and not contain the
// raw input. Inputs shorter than 16 bytes, such as "0" or "{}", are not
// searched for, because they may occur in any cookie.
func checkHostileSetCookie(t *testing.T, r *response, value string) *http.Cookie {
	t.Helper()
	lines := r.setCookies()
	for _, line := range lines {
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("Set-Cookie %.200q contains CR or LF", line)
		}
		if len(value) >= 16 && strings.Contains(line, value) {
			t.Errorf("Set-Cookie %.200q contains the raw input", line)
		}
	}
	c := r.cookie(t)
	if c == nil {
		return nil
	}
	if err := c.Valid(); err != nil {
		t.Errorf("Set-Cookie %.200q: Valid() = %v; want nil", lines[0], err)
	}
	if c.Name != session.DefaultCookieName {
		t.Errorf("Set-Cookie name = %q; want %q", c.Name, session.DefaultCookieName)
	}
	return c
}
