//go:build !(js && wasm)

package bench

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/sessionutils/session"
)

// codecSession is a session with every field that the cookie of a
// refreshed session carries.
func codecSession() session.Session {
	s := session.Start(now.UnixMilli(), 30*60*1000, sessionID)
	s.Modified = s.Created + 60*1000
	s.Expires = s.Modified + s.Duration
	s.Reason = session.ReasonNew
	return s
}

// jsonSession has the fields of the cookie's JSON, for encoding/json.
type jsonSession struct {
	ID         string `json:"id"`
	Created    int64  `json:"created"`
	CreatedAt  string `json:"createdAt"`
	Expires    int64  `json:"expires"`
	ExpiresAt  string `json:"expiresAt"`
	Duration   int64  `json:"duration"`
	Modified   int64  `json:"modified"`
	ModifiedAt string `json:"modifiedAt"`
	PreviousID string `json:"previousId"`
	Reason     string `json:"reason"`
}

// codecInputs returns the cookie value of codecSession and its JSON.
func codecInputs(tb testing.TB) (value, text string) {
	tb.Helper()
	s := codecSession()
	value = session.Encode(&s)
	text, err := url.PathUnescape(value)
	if err != nil {
		tb.Fatalf("url.PathUnescape(%q) failed: %v", value, err)
	}
	return value, text
}

func TestCodecInputsAgree(t *testing.T) {
	value, text := codecInputs(t)
	want := codecSession()
	for _, in := range []string{value, text} {
		got, err := session.Decode(in)
		if err != nil {
			t.Fatalf("session.Decode(%q) failed: %v", in, err)
		}
		if got.ID != want.ID || got.Created != want.Created ||
			got.Expires != want.Expires || got.Modified != want.Modified ||
			got.Duration != want.Duration || got.Reason != want.Reason {
			t.Errorf("session.Decode(%q) = %+v; want %+v", in, got, want)
		}
	}
	var j jsonSession
	if err := json.Unmarshal([]byte(text), &j); err != nil {
		t.Fatalf("json.Unmarshal(%q) failed: %v", text, err)
	}
	if j.ID != want.ID || j.Created != want.Created ||
		j.Expires != want.Expires || j.Modified != want.Modified ||
		j.Duration != want.Duration || j.Reason != string(want.Reason) {
		t.Errorf("json.Unmarshal(%q) = %+v; want the fields of %+v",
			text, j, want)
	}
}

// BenchmarkDecode compares session.Decode with encoding/json on the same
// session: on the JSON text, and on the percent-encoded cookie value,
// which encoding/json needs url.PathUnescape for first.
//
//	go test -run '^$' -bench Decode -benchmem -count 10 ./internal/bench
func BenchmarkDecode(b *testing.B) {
	value, text := codecInputs(b)
	data := []byte(text)
	var sinkSession session.Session
	var sinkJSON jsonSession
	b.Run("json/session.Decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkSession, _ = session.Decode(text)
		}
	})
	b.Run("json/encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkJSON = jsonSession{}
			_ = json.Unmarshal(data, &sinkJSON)
		}
	})
	b.Run("cookie/session.Decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkSession, _ = session.Decode(value)
		}
	})
	b.Run("cookie/url+encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			unescaped, _ := url.PathUnescape(value)
			sinkJSON = jsonSession{}
			_ = json.Unmarshal([]byte(unescaped), &sinkJSON)
		}
	})
	_, _ = sinkSession, sinkJSON
}
