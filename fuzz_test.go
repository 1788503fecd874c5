package session

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The fuzz targets check the codec's contracts on any input. Their seeds
// come from the table tests, testdata/hostile.json and the cases below.
// Inputs that once failed are kept in testdata/fuzz.

// decodeSeeds returns cookie values to start FuzzDecode from: cut-off and
// damaged copies of seedValue, values past 8 KB and repeated keys.
func decodeSeeds() []string {
	seeds := []string{
		seedValue,
		`"` + seedValue + `"`,
		"%7B%22id%22%3A%22a%22%7D",
		"%", "%%", "%7", "%7G", "%u007B", "%C0%AF", "%ED%A0%80",
		`{"id":"a","created":1764864000000,"duration":1800000,"id":"b"}`,
		`{"id":"a","created":1764864000000,"expires":1764865800000,` +
			`"modified":1764866000000}`,
		`{"id":"a","created":"1970-01-01T00:00:00Z","duration":1}`,
		`{"id":"a","created":0.001,"duration":1}`,
		`{"id":"a","created":1764864000000,"duration":9e18}`,
		`{"id":"a","created":1764864000000,"duration":1e400}`,
		`{"id":"a","created":1764864000000,"duration":1,"k":"\ud83d\ude00"}`,
	}
	for _, n := range []int{1, 3, 10, 60, len(seedValue) / 2, len(seedValue) - 3} {
		seeds = append(seeds, seedValue[:n])
	}
	big := `{"id":"a","created":1764864000000,"duration":1800000,"x":"` +
		strings.Repeat("a", 8200) + `"}`
	seeds = append(seeds, big, strings.Repeat("%41", 3000))
	return seeds
}

func FuzzDecode(f *testing.F) {
	for _, tt := range decodeTests {
		f.Add(tt.value)
	}
	for _, v := range decodeSeeds() {
		f.Add(v)
	}
	for _, tt := range loadHostile(f).Cases {
		f.Add(tt.cookieValue(f))
	}
	f.Fuzz(func(t *testing.T, value string) {
		s, err := Decode(value)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Decode(%q) error %v does not wrap ErrInvalid", value, err)
			}
			return
		}
		if problem := checkSession(&s); problem != "" {
			t.Fatalf("Decode(%q) = %+v: %s", value, s, problem)
		}
		encoded := Encode(&s)
		if problem := checkCookieValue(encoded); problem != "" {
			t.Fatalf("Encode(Decode(%q)) = %q: %s", value, encoded, problem)
		}
		back, err := Decode(encoded)
		if err != nil {
			t.Fatalf("Decode(%q) error: %v; it is Encode(Decode(%q))",
				encoded, err, value)
		}
		if !reflect.DeepEqual(back, s) {
			t.Fatalf("Decode(Encode(Decode(%q))) = %+v; want %+v", value, back, s)
		}
	})
}

// checkSession returns the reason s is not a session that Decode may return, or
// "" if it is one.
func checkSession(s *Session) string {
	switch {
	case !validID(s.ID):
		return "the id breaks the id rules"
	case s.PreviousID != "" && !validID(s.PreviousID):
		return "the previous id breaks the id rules"
	case s.Created < minTimestamp || s.Created > maxTimestamp:
		return "created is out of range"
	case s.Expires <= s.Created || s.Expires > maxTimestamp:
		return "expires is not after created or out of range"
	case s.Duration <= 0 || s.Duration > maxTimestamp:
		return "duration is not positive or out of range"
	case s.Modified != 0 && (s.Modified < s.Created || s.Modified >= s.Expires):
		return "modified is not between created and expires"
	}
	seen := map[string]bool{}
	for _, a := range s.Extra {
		if seen[a.Key] {
			return "extra key " + a.Key + " appears twice"
		}
		seen[a.Key] = true
	}
	if err := CheckExtra(s.Extra); err != nil {
		return "extra attributes: " + err.Error()
	}
	return ""
}

// reasons are the values FuzzEncodeRoundTrip picks Session.Reason from.
var reasons = []Reason{"", ReasonNew, ReasonExpired, ReasonSet, ReasonInvalid}

func FuzzEncodeRoundTrip(f *testing.F) {
	const id = "019aea17-8000-7021-8dd6-91b98c20ccb1"
	f.Add(id, t0, t0+1800000, int64(1800000), int64(0), "", uint8(0), "plan", "pro")
	f.Add(id, t0, t0+90000, int64(60000), t0+30000, "old-1", uint8(2),
		"name", "ünï \"q\"; ,\n\x00")
	f.Add("a", int64(minTimestamp), int64(maxTimestamp), int64(maxTimestamp),
		int64(maxTimestamp-1), "b", uint8(1), "", "")
	f.Add("a", t0, t0+1, int64(1), t0, "", uint8(3), "k\xff", "v")
	f.Add("a", t0, t0+1, int64(1), int64(0), "", uint8(4), "k", "\xed\xa0\x80")
	f.Add("a;b", t0, t0+1, int64(1), int64(0), "", uint8(0), "id", "x")
	f.Add("a", int64(1), int64(2), int64(1), int64(0), "", uint8(0), "k", "\u2028")
	f.Fuzz(func(t *testing.T, id string, created, expires, duration,
		modified int64, previousID string, reason uint8, key, value string) {
		s := Session{
			ID: id, Created: created, Expires: expires, Duration: duration,
			Modified: modified, PreviousID: previousID,
			Reason: reasons[int(reason)%len(reasons)],
			Extra:  []Attr{String(key, value)},
		}
		encoded := Encode(&s)
		if problem := checkCookieValue(encoded); problem != "" {
			t.Fatalf("Encode(%+v) = %q: %s", s, encoded, problem)
		}
		// CheckExtra is the check that SetSession applies to attributes,
		// and checkSession contains the ranges that Decode documents.
		if CheckExtra(s.Extra) != nil || checkSession(&s) != "" {
			return
		}
		got, err := Decode(encoded)
		if err != nil {
			t.Fatalf("Decode(Encode(%+v)) error: %v", s, err)
		}
		if !reflect.DeepEqual(got, s) {
			t.Fatalf("Decode(Encode(s)) = %+v; want %+v", got, s)
		}
	})
}

func FuzzCookieValues(f *testing.F) {
	for _, h := range []string{
		"", "__session=a", "x__session=a; __session=b",
		"__session=a;__session=b; other=c", "__sessionx=a; __session",
		"  __session=a  ", "__session=", "__session=" + seedValue,
		"a=1; __session=" + seedValue + "; __session=%7B; b=2",
		`__session="` + seedValue + `"`, "__session==; =__session=",
		"\t__session=a\r\n;\n__session =b;__session= c",
		"__session=" + strings.Repeat("x", 8200),
	} {
		f.Add(h, DefaultCookieName)
	}
	f.Add("a=1; b=2; a=3", "a")
	f.Add("=x; =y", "")
	f.Fuzz(func(t *testing.T, header, name string) {
		got := CookieValues(header, name)
		var want []string
		for _, pair := range strings.Split(header, ";") {
			pair = strings.Trim(pair, " \t\r\n")
			if v, ok := strings.CutPrefix(pair, name+"="); ok {
				want = append(want, v)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("CookieValues(%q, %q) = %q; want %q", header, name, got, want)
		}
		for _, v := range got {
			if !strings.Contains(header, name+"="+v) {
				t.Fatalf("CookieValues(%q, %q) returned %q, which is not in the header",
					header, name, v)
			}
		}
		// Where net/http accepts the whole header, it finds the same values,
		// without the double quotes that it strips.
		cookies, err := http.ParseCookie(header)
		if err != nil {
			return
		}
		var fromHTTP []string
		for _, c := range cookies {
			if c.Name == name {
				fromHTTP = append(fromHTTP, c.Value)
			}
		}
		unquoted := make([]string, 0, len(got))
		for _, v := range got {
			if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
				v = v[1 : len(v)-1]
			}
			unquoted = append(unquoted, v)
		}
		if len(fromHTTP) != len(unquoted) ||
			len(fromHTTP) > 0 && !reflect.DeepEqual(fromHTTP, unquoted) {
			t.Fatalf("CookieValues(%q, %q) = %q; net/http finds %q",
				header, name, got, fromHTTP)
		}
	})
}

func FuzzParseExtra(f *testing.F) {
	for _, s := range []string{
		`{"a":1,"b":{"c":"d"},"a":3}`, `{"id":"x"}`, `{"expires":1}`,
		`{"isNew":false}`, `[1]`, `{"a":}`, `"x"`, ``, "null", " null ",
		`{"__proto__":{"id":"evil"},"constructor":{"prototype":{}}}`,
		`{"k":"\ud800"}`, `{"k":"\ud83d\ude00","\u0069d":1}`,
		`{ "a" : [ 1 , 2.5e-3 , true , null , "x" ] }`,
		`{"n":1e400,"m":-0,"o":{}}`,
		`{"d":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`,
		"{\"a\":\"\xff\"}", "\xef\xbb\xbf{}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, obj string) {
		attrs, err := ParseExtra(obj)
		if err != nil {
			return
		}
		if err := CheckExtra(attrs); err != nil {
			t.Fatalf("CheckExtra(ParseExtra(%q)) error: %v", obj, err)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal([]byte(obj), &m); err != nil {
			t.Fatalf("ParseExtra(%q) = %q, but encoding/json rejects it: %v",
				obj, attrs, err)
		}
		if len(m) != len(attrs) {
			t.Fatalf("ParseExtra(%q) = %q; encoding/json finds %d keys",
				obj, attrs, len(m))
		}
		for _, a := range attrs {
			if want, ok := m[a.Key]; !ok || string(want) != a.Value {
				t.Fatalf("ParseExtra(%q): %q = %s; encoding/json reads %s",
					obj, a.Key, a.Value, want)
			}
		}
	})
}

func FuzzParseISO(f *testing.F) {
	for _, s := range []string{
		"2025-12-04T16:00:00.000Z", "2025-12-04T17:00:00+01:00",
		"2025-12-04 16:00:00Z", "2025-12-04T16:00Z", "2025-12-04T16:00:00+0100",
		"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
		"+275760-09-13T00:00:00.000Z", "-271821-04-20T00:00:00.000Z",
		"+010000-01-01T00:00:00Z", "-000001-12-31T23:59:59.999Z",
		"1969-12-31T23:59:59.9995-23:59", "2024-02-29T00:00:00Z",
		"", "2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z", "2025-12-04",
		"2025-12-04T16:00:00", "2025-12-04T16:00:00.Z", "2025-12-04T24:00:00Z",
		"2025-12-04T16:00:00Zjunk", "2025-12-04T16:00:60Z", "2025-12-04t16:00:00z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ms, ok := parseISO(s)
		if !ok {
			return
		}
		if tm, err := time.Parse(time.RFC3339Nano, s); err == nil && tm.UnixMilli() != ms {
			t.Fatalf("parseISO(%q) = %d; time.Parse gives %d", s, ms, tm.UnixMilli())
		}
		// appendISO writes every time a JavaScript Date holds in a form
		// that parseISO reads.
		if ms < -maxTimestamp || ms > maxTimestamp {
			return
		}
		iso := string(appendISO(nil, ms))
		if back, ok := parseISO(iso); !ok || back != ms {
			t.Fatalf("parseISO(appendISO(%d)) = %d, %v; want %d, true "+
				"(appendISO wrote %s)", ms, back, ok, ms, iso)
		}
	})
}
