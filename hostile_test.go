package session

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"
)

// hostileFile is testdata/hostile.json: cookie values that a damaged
// client, a proxy or an attacker may send, each with what Decode and Pick
// make of it. Its "about" field describes the fields for other readers.
type hostileFile struct {
	Now   int64         `json:"now"` // Unix ms
	Cases []hostileCase `json:"cases"`
}

type hostileCase struct {
	Name    string          `json:"name"`
	Value   string          `json:"value"`
	Base64  string          `json:"base64"`  // the value's bytes, when they are not UTF-8
	Outcome string          `json:"outcome"` // kept, repaired or replaced
	Status  string          `json:"status"`  // valid, expired or invalid, as Pick finds it
	Rule    string          `json:"rule"`
	Error   string          `json:"error"` // part of the error message, when invalid
	Want    *hostileSession `json:"want"`
}

type hostileSession struct {
	ID         string      `json:"id"`
	Created    int64       `json:"created"`
	Expires    int64       `json:"expires"`
	Duration   int64       `json:"duration"`
	Modified   int64       `json:"modified"`
	PreviousID string      `json:"previousId"`
	Reason     string      `json:"reason"`
	Campaign   string      `json:"campaign"`
	Extra      [][2]string `json:"extra"`
}

func (h *hostileSession) session() Session {
	s := Session{
		ID: h.ID, Created: h.Created, Expires: h.Expires, Duration: h.Duration,
		Modified: h.Modified, PreviousID: h.PreviousID, Reason: Reason(h.Reason),
		Campaign: h.Campaign,
	}
	for _, kv := range h.Extra {
		s.Extra = append(s.Extra, Attr{Key: kv[0], Value: kv[1]})
	}
	return s
}

func loadHostile(tb testing.TB) hostileFile {
	tb.Helper()
	data, err := os.ReadFile("testdata/hostile.json")
	if err != nil {
		tb.Fatal(err)
	}
	var f hostileFile
	if err := json.Unmarshal(data, &f); err != nil {
		tb.Fatalf("testdata/hostile.json: %v", err)
	}
	return f
}

// cookieValue returns the case's cookie value.
func (tt *hostileCase) cookieValue(tb testing.TB) string {
	if tt.Base64 == "" {
		return tt.Value
	}
	b, err := base64.StdEncoding.DecodeString(tt.Base64)
	if err != nil {
		tb.Fatalf("case %q: base64: %v", tt.Name, err)
	}
	return string(b)
}

// checkCookieValue returns the reason v may not be sent as a cookie value, or ""
// if it may.
func checkCookieValue(v string) string {
	c := http.Cookie{Name: DefaultCookieName, Value: v}
	if err := c.Valid(); err != nil {
		return "http.Cookie.Valid: " + err.Error()
	}
	for i := 0; i < len(v); i++ {
		switch b := v[i]; {
		case b <= ' ', b >= 0x7F, b == ';', b == ',', b == '"', b == '\\':
			return fmt.Sprintf("contains the byte %q at %d", b, i)
		}
	}
	return ""
}

// formatSession formats s for a failure message, cut to 300 bytes.
func formatSession(s Session) string {
	text := fmt.Sprintf("%+v", s)
	if len(text) > 300 {
		text = text[:300] + "..."
	}
	return text
}

var statusNames = map[Status]string{
	StatusNone:    "none",
	StatusValid:   "valid",
	StatusExpired: "expired",
	StatusInvalid: "invalid",
}

// TestHostileCaseFile checks that the file is consistent, so that the
// browser and server tests that read it can rely on its fields.
func TestHostileCaseFile(t *testing.T) {
	f := loadHostile(t)
	if len(f.Cases) < 30 {
		t.Errorf("testdata/hostile.json has %d cases; want at least 30", len(f.Cases))
	}
	names := map[string]bool{}
	for _, tt := range f.Cases {
		if names[tt.Name] {
			t.Errorf("case name %q appears twice", tt.Name)
		}
		names[tt.Name] = true
		if tt.Rule == "" {
			t.Errorf("case %q has no rule", tt.Name)
		}
		switch {
		case tt.Outcome == "kept" || tt.Outcome == "repaired":
			if tt.Status != "valid" || tt.Want == nil {
				t.Errorf("case %q is %s with status %q and want %v; want status valid and a session",
					tt.Name, tt.Outcome, tt.Status, tt.Want)
			}
		case tt.Outcome == "replaced" && tt.Status == "invalid":
			if tt.Error == "" {
				t.Errorf("case %q is invalid but names no error", tt.Name)
			}
		case tt.Outcome == "replaced" && tt.Status == "expired":
			if tt.Want == nil {
				t.Errorf("case %q is expired but gives no session", tt.Name)
			}
		default:
			t.Errorf("case %q has outcome %q and status %q", tt.Name, tt.Outcome, tt.Status)
		}
	}
}

func TestHostileInput(t *testing.T) {
	f := loadHostile(t)
	for _, tt := range f.Cases {
		t.Run(tt.Name, func(t *testing.T) {
			value := tt.cookieValue(t)
			got, status, err := Pick([]string{value}, f.Now)
			if statusNames[status] != tt.Status {
				t.Fatalf("Pick(%.200q) status = %s (error %v); want %s",
					value, statusNames[status], err, tt.Status)
			}
			if tt.Status == "invalid" {
				if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.Error) {
					t.Errorf("Pick(%.200q) error = %v; want ErrInvalid with %q",
						value, err, tt.Error)
				}
				return
			}
			want := tt.Want.session()
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Pick(%.200q) = %s; want %s", value, formatSession(got), formatSession(want))
			}
			decoded, err := Decode(value)
			if err != nil {
				t.Fatalf("Decode(%.200q) error: %v", value, err)
			}
			if !reflect.DeepEqual(decoded, want) {
				t.Errorf("Decode(%.200q) = %s; want %s", value, formatSession(decoded), formatSession(want))
			}
			encoded := Encode(&decoded)
			if problem := checkCookieValue(encoded); problem != "" {
				t.Errorf("Encode(Decode(%.200q)) = %.200q: %s", value, encoded, problem)
			}
			back, err := Decode(encoded)
			if err != nil || !reflect.DeepEqual(back, decoded) {
				t.Errorf("Decode(Encode(Decode(%.200q))) = %s, %v; want %s",
					value, formatSession(back), err, formatSession(decoded))
			}
		})
	}
}
