package session

import (
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// seedValue is a cookie value as @analytics/session-utils 0.2.4 writes it:
// encodeURIComponent(JSON.stringify(session)).
const seedValue = "%7B%22id%22%3A%22b5e8f1a2-3c4d-4e5f-8a9b-0c1d2e3f4a5b%22%2C" +
	"%22created%22%3A1764864000000%2C%22createdAt%22%3A%222025-12-04T16%3A00%3A00.000Z%22%2C" +
	"%22expires%22%3A1764865800000%2C%22expiresAt%22%3A%222025-12-04T16%3A30%3A00.000Z%22%2C" +
	"%22duration%22%3A1800000%2C%22plan%22%3A%22pro%22%7D"

const t0 = int64(1764864000000) // 2025-12-04T16:00:00Z

var decodeTests = []struct {
	name  string
	value string
	want  Session // compared when wantErr is false
	err   bool
}{
	{
		name:  "seed format",
		value: seedValue,
		want: Session{ID: "b5e8f1a2-3c4d-4e5f-8a9b-0c1d2e3f4a5b", Created: t0,
			Expires: t0 + 1800000, Duration: 1800000,
			Extra: []Attr{{Key: "plan", Value: `"pro"`}}},
	},
	{
		name:  "raw JSON",
		value: `{"id":"a1","created":1764864000000,"expires":1764865800000,"duration":1800000}`,
		want:  Session{ID: "a1", Created: t0, Expires: t0 + 1800000, Duration: 1800000},
	},
	{
		name:  "quoted raw JSON",
		value: `"{"id":"a1","created":1764864000000,"duration":60000}"`,
		want:  Session{ID: "a1", Created: t0, Expires: t0 + 60000, Duration: 60000},
	},
	{
		name:  "seconds and ISO strings",
		value: `{"id":"a1","created":1764864000,"expiresAt":"2025-12-04T16:30:00.000Z"}`,
		want:  Session{ID: "a1", Created: t0, Expires: t0 + 1800000, Duration: 1800000},
	},
	{
		name:  "createdAt only, with offset",
		value: `{"id":"a1","createdAt":"2025-12-04T17:00:00+01:00","duration":1000}`,
		want:  Session{ID: "a1", Created: t0, Expires: t0 + 1000, Duration: 1000},
	},
	{
		name:  "numeric strings, as sessionStorage gives them",
		value: `{"id":"a1","created":"1764864000000","expires":"1764864060000"}`,
		want:  Session{ID: "a1", Created: t0, Expires: t0 + 60000, Duration: 60000},
	},
	{
		name: "extended session",
		value: `{"id":"a1","created":1764864000000,"expires":1764867600000,` +
			`"duration":1800000,"modified":1764865800000}`,
		want: Session{ID: "a1", Created: t0, Expires: t0 + 3600000,
			Duration: 1800000, Modified: t0 + 1800000},
	},
	{
		name: "computed fields dropped, unknown fields kept",
		value: `{"id":"a1","created":1764864000000,"duration":1000,"elapsed":5,` +
			`"isNew":true,"nested":{"a":[1,2,{"b":null}]},"n":-1.5e3}`,
		want: Session{ID: "a1", Created: t0, Expires: t0 + 1000, Duration: 1000,
			Extra: []Attr{{Key: "nested", Value: `{"a":[1,2,{"b":null}]}`},
				{Key: "n", Value: "-1.5e3"}}},
	},
	{
		name:  "duplicate extra keeps the last",
		value: `{"id":"a1","created":1764864000000,"duration":1000,"k":1,"k":2}`,
		want: Session{ID: "a1", Created: t0, Expires: t0 + 1000, Duration: 1000,
			Extra: []Attr{{Key: "k", Value: "2"}}},
	},
	{
		name:  "unusable createdAt beside a numeric created",
		value: `{"id":"a1","created":1764864000000,"createdAt":"x","expiresAt":"soon","duration":1000}`,
		want:  Session{ID: "a1", Created: t0, Expires: t0 + 1000, Duration: 1000},
	},
	{name: "unusable createdAt alone", value: `{"id":"a1","createdAt":"x","duration":1000}`, err: true},
	{name: "empty", value: "", err: true},
	{name: "truncated escape", value: "%E0%A4%A", err: true},
	{name: "bad escape", value: "%ZZ%7B", err: true},
	{name: "escape of invalid UTF-8", value: "%7B%22id%22%3A%22%FF%22%7D", err: true},
	{name: "truncated JSON", value: `{"id":`, err: true},
	{name: "not JSON", value: "not-json", err: true},
	{name: "array", value: "[1,2]", err: true},
	{name: "missing id", value: `{"created":1764864000000,"duration":1}`, err: true},
	{name: "id with semicolon", value: `{"id":"a;b","created":1764864000000,"duration":1}`, err: true},
	{name: "id not a string", value: `{"id":7,"created":1764864000000,"duration":1}`, err: true},
	{name: "missing created", value: `{"id":"a","duration":1}`, err: true},
	{name: "missing expiry", value: `{"id":"a","created":1764864000000}`, err: true},
	{name: "negative duration", value: `{"id":"a","created":1764864000000,"duration":-5}`, err: true},
	{name: "expires before created", value: `{"id":"a","created":1764864000000,"expires":1764863000000}`, err: true},
	{name: "created too large", value: `{"id":"a","created":1e300,"duration":1}`, err: true},
	{name: "NaN literal", value: `{"id":"a","created":NaN,"duration":1}`, err: true},
	{name: "trailing garbage", value: `{"id":"a","created":1764864000000,"duration":1}x`, err: true},
	{name: "deep nesting", value: `{"id":"a","created":1764864000000,"duration":1,"x":` +
		strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, err: true},
	{name: "control byte in string", value: "{\"id\":\"a\",\"x\":\"\x01\"}", err: true},
	{
		name:  "modified after expires dropped",
		value: `{"id":"a","created":1764864000000,"expires":1764865800000,"modified":1764866000000}`,
		want:  Session{ID: "a", Created: t0, Expires: t0 + 1800000, Duration: 1800000},
	},
	{
		name: "extended-year createdAt",
		value: `{"id":"0","created":270000000000000,"createdAt":"+010525-12-17T00:00:00.000Z",` +
			`"expires":270000000000001,"expiresAt":"+010525-12-17T00:00:00.001Z","duration":1}`,
		want: Session{ID: "0", Created: 270000000000000, Expires: 270000000000001, Duration: 1},
	},
	{name: "ISO created in 1970", value: `{"id":"a","created":"1970-01-01T00:00:00Z","duration":1}`, err: true},
	{name: "created in 1970 seconds", value: `{"id":"a","created":0.001,"duration":1}`, err: true},
	{name: "duration too large", value: `{"id":"a","created":1764864000000,"duration":9e18}`, err: true},
	{name: "expires past the last Date", value: `{"id":"a","created":8600000000000000,"duration":1e14}`, err: true},
	{name: "created of 1 second", value: `{"id":"0","created":1,"duration":1}`, err: true},
	{name: "duration of 1e16 ms", value: `{"id":"00","created":1000000000,"duration":10000000000000000}`, err: true},
	{
		name:  "modified after expires, in seconds",
		value: `{"id":"0","created":100000000,"expires":100000001,"modified":1000000000}`,
		want:  Session{ID: "0", Created: 1e11, Expires: 1e11 + 1000, Duration: 1000},
	},
}

func TestDecode(t *testing.T) {
	for _, tt := range decodeTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(tt.value)
			if tt.err {
				if err == nil {
					t.Fatalf("Decode(%q) = %+v; want an error", tt.value, got)
				}
				if !errors.Is(err, ErrInvalid) {
					t.Errorf("Decode(%q) error %v does not wrap ErrInvalid", tt.value, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode(%q) error: %v", tt.value, err)
			}
			if !equalSessions(got, tt.want) {
				t.Errorf("Decode(%q) = %+v; want %+v", tt.value, got, tt.want)
			}
		})
	}
}

func equalSessions(a, b Session) bool {
	if len(a.Extra) != len(b.Extra) {
		return false
	}
	for i := range a.Extra {
		if a.Extra[i] != b.Extra[i] {
			return false
		}
	}
	a.Extra, b.Extra = nil, nil
	return a.ID == b.ID && a.Created == b.Created && a.Expires == b.Expires &&
		a.Duration == b.Duration && a.Modified == b.Modified &&
		a.PreviousID == b.PreviousID && a.Reason == b.Reason
}

func TestEncodeRoundTrip(t *testing.T) {
	s := Session{
		ID: "019aea17-8000-7021-8dd6-91b98c20ccb1", Created: t0,
		Expires: t0 + 90000, Duration: 60000, Modified: t0 + 30000,
		PreviousID: "old-1", Reason: ReasonExpired,
		Extra: []Attr{String("name", "ünï \"q\"; ,\n\x00"), Number("n", 2.5),
			Bool("b", true), {Key: "o", Value: `{"x":[1,null]}`}},
	}
	value := Encode(&s)
	got, err := Decode(value)
	if err != nil {
		t.Fatalf("Decode(Encode(s)) error: %v", err)
	}
	if !equalSessions(got, s) {
		t.Errorf("Decode(Encode(s)) = %+v; want %+v", got, s)
	}
	c := http.Cookie{Name: DefaultCookieName, Value: value}
	if err := c.Valid(); err != nil {
		t.Errorf("encoded value fails http.Cookie.Valid: %v", err)
	}
}

func TestEncodeMatchesEncodeURIComponent(t *testing.T) {
	s := Session{ID: "a", Created: t0, Expires: t0 + 1000, Duration: 1000,
		Extra: []Attr{String("k", "a b!~*'()é")}}
	value := Encode(&s)
	// url.PathEscape differs from encodeURIComponent only in the
	// characters encodeURIComponent escapes and it does not; check the
	// ones that matter by hand instead.
	for _, keep := range []string{"!", "~", "*", "'", "(", ")"} {
		if !strings.Contains(value, keep) {
			t.Errorf("Encode = %q; want %q left unescaped", value, keep)
		}
	}
	for _, esc := range []string{"%7B%22id%22%3A%22a%22", "a%20b", "%C3%A9"} {
		if !strings.Contains(value, esc) {
			t.Errorf("Encode = %q; want it to contain %q", value, esc)
		}
	}
	plain, err := url.QueryUnescape(value)
	if err != nil {
		t.Fatalf("QueryUnescape(%q): %v", value, err)
	}
	want := `{"id":"a","created":1764864000000,"createdAt":"2025-12-04T16:00:00.000Z",` +
		`"expires":1764864001000,"expiresAt":"2025-12-04T16:00:01.000Z",` +
		`"duration":1000,"k":"a b!~*'()é"}`
	if plain != want {
		t.Errorf("decoded Encode = %s; want %s", plain, want)
	}
}

func TestAppendISO(t *testing.T) {
	for _, ms := range []int64{0, 1, t0, t0 + 999, 951782400000, 253402300799999,
		-1, -62135596800000, 4102444800123} {
		want := time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
		if got := string(appendISO(nil, ms)); got != want {
			t.Errorf("appendISO(%d) = %s; want %s", ms, got, want)
		}
		back, ok := parseISO(want)
		if ok && back != ms {
			t.Errorf("parseISO(%s) = %d; want %d", want, back, ms)
		}
	}
}

func TestAppendHTTPDate(t *testing.T) {
	for _, ms := range []int64{0, t0, t0 + 86400000*3 + 1234, 951782400000} {
		want := time.UnixMilli(ms).UTC().Format(http.TimeFormat)
		if got := string(appendHTTPDate(nil, ms)); got != want {
			t.Errorf("appendHTTPDate(%d) = %s; want %s", ms, got, want)
		}
	}
}

func TestParseISOExtendedYears(t *testing.T) {
	tests := []struct {
		iso  string
		want int64
	}{
		{"+275760-09-13T00:00:00.000Z", 8640000000000000},
		{"-271821-04-20T00:00:00.000Z", -8640000000000000},
		{"+010000-01-01T00:00:00.000Z", 253402300800000},
		{"-000001-12-31T23:59:59.999Z", -62167219200001},
	}
	for _, tt := range tests {
		if got, ok := parseISO(tt.iso); !ok || got != tt.want {
			t.Errorf("parseISO(%q) = %d, %v; want %d, true", tt.iso, got, ok, tt.want)
		}
		if got := string(appendISO(nil, tt.want)); got != tt.iso {
			t.Errorf("appendISO(%d) = %s; want %s", tt.want, got, tt.iso)
		}
	}
}

func TestParseISORejects(t *testing.T) {
	for _, s := range []string{"", "2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z",
		"2025-12-04", "2025-12-04T16:00:00", "2025-12-04T16:00:00.Z",
		"2025-12-04T24:00:00Z", "2025-12-04T16:00:00Zjunk"} {
		if got, ok := parseISO(s); ok {
			t.Errorf("parseISO(%q) = %d, true; want false", s, got)
		}
	}
}

func TestCookieValues(t *testing.T) {
	tests := []struct {
		header string
		want   []string
	}{
		{"", nil},
		{"__session=a", []string{"a"}},
		{"x__session=a; __session=b", []string{"b"}},
		{"__session=a;__session=b; other=c", []string{"a", "b"}},
		{"__sessionx=a; __session", nil},
		{"  __session=a  ", []string{"a"}},
		{"__session=", []string{""}},
	}
	for _, tt := range tests {
		got := CookieValues(tt.header, DefaultCookieName)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
			t.Errorf("CookieValues(%q) = %q; want %q", tt.header, got, tt.want)
		}
	}
}

func TestAppendCookieAttributes(t *testing.T) {
	s := Start(t0, 1800000, "a")
	line := string((&Options{}).AppendCookie(nil, &s, t0, false))
	for _, want := range []string{"; Path=/", "; Max-Age=1800", "; SameSite=Lax",
		"; Expires=Thu, 04 Dec 2025 16:30:00 GMT"} {
		if !strings.Contains(line, want) {
			t.Errorf("AppendCookie = %q; want %q", line, want)
		}
	}
	for _, not := range []string{"HttpOnly", "Secure", "Domain"} {
		if strings.Contains(line, not) {
			t.Errorf("AppendCookie = %q; want no %s", line, not)
		}
	}
	line = string((&Options{Domain: "example.com"}).AppendCookie(nil, &s, t0, true))
	if !strings.Contains(line, "; Secure") || !strings.Contains(line, "; Domain=example.com") {
		t.Errorf("AppendCookie with Domain and secure = %q; want both attributes", line)
	}
	c, err := http.ParseSetCookie(line)
	if err != nil {
		t.Fatalf("http.ParseSetCookie(%q): %v", line, err)
	}
	if c.Path != "/" || c.SameSite != http.SameSiteLaxMode || c.MaxAge != 1800 || c.HttpOnly {
		t.Errorf("parsed cookie = %+v; want Path=/, SameSite=Lax, Max-Age=1800, not HttpOnly", c)
	}
}

func TestNewID(t *testing.T) {
	id, err := NewID(t0, strings.NewReader(strings.Repeat("\xff", 10)))
	if err != nil {
		t.Fatal(err)
	}
	if want := "019aea17-8000-7fff-bfff-ffffffffffff"; id != want {
		t.Errorf("NewID = %s; want %s", id, want)
	}
	if _, err := NewID(t0, strings.NewReader("short")); err == nil {
		t.Error("NewID with 5 random bytes returned no error")
	}
	earlier, _ := NewID(t0-1, strings.NewReader(strings.Repeat("\xff", 10)))
	if earlier >= id {
		t.Errorf("NewID(t0-1) = %s sorts after NewID(t0) = %s", earlier, id)
	}
}

func TestParseExtra(t *testing.T) {
	attrs, err := ParseExtra(`{"a":1,"b":{"c":"d"},"a":3}`)
	if err != nil {
		t.Fatal(err)
	}
	if len(attrs) != 2 || attrs[0] != (Attr{"a", "3"}) || attrs[1] != (Attr{"b", `{"c":"d"}`}) {
		t.Errorf("ParseExtra = %q; want a=3, b={...}", attrs)
	}
	for _, in := range []string{`{"id":"x"}`, `{"expires":1}`, `{"isNew":false}`} {
		if _, err := ParseExtra(in); !errors.Is(err, ErrReservedAttr) {
			t.Errorf("ParseExtra(%s) error = %v; want ErrReservedAttr", in, err)
		}
	}
	for _, attrs := range [][]Attr{{String("k\xff", "v")}, {String("k", "\xed\xa0\x80")},
		{{Key: "k", Value: "NaN"}}, {String("created", "x")}, {String("\xdd", "0")}} {
		if err := CheckExtra(attrs); err == nil {
			t.Errorf("CheckExtra(%q) returned no error", attrs)
		}
	}
	for _, in := range []string{`[1]`, `{"a":}`, `"x"`, ``} {
		if _, err := ParseExtra(in); err == nil {
			t.Errorf("ParseExtra(%q) returned no error", in)
		}
	}
	if attrs, err := ParseExtra("null"); err != nil || attrs != nil {
		t.Errorf("ParseExtra(null) = %v, %v; want nil, nil", attrs, err)
	}
}

// TestAppendNumber compares appendNumber with the output of
// JSON.stringify in Node.js 20.
func TestAppendNumber(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		{1e15, "1000000000000000"},
		{1e20, "100000000000000000000"},
		{1e21, "1e+21"},
		{123456789012345680000, "123456789012345680000"},
		{0.00001, "0.00001"},
		{0.000001, "0.000001"},
		{1e-7, "1e-7"},
		{1.5e-7, "1.5e-7"},
		{2.5, "2.5"},
		{math.Copysign(0, -1), "0"},
		{1234.5678, "1234.5678"},
		{1e300, "1e+300"},
		{5e-324, "5e-324"},
		{0.30000000000000004, "0.30000000000000004"},
		{9007199254740993, "9007199254740992"},
		{-1.5e-10, "-1.5e-10"},
		{123e-20, "1.23e-18"},
		{1.7976931348623157e308, "1.7976931348623157e+308"},
		{100, "100"},
		{0.1, "0.1"},
		{-123456.789, "-123456.789"},
		{math.NaN(), "null"},
		{math.Inf(-1), "null"},
	}
	for _, tt := range tests {
		if got := string(appendNumber(nil, tt.f)); got != tt.want {
			t.Errorf("appendNumber(%v) = %s; want %s", tt.f, got, tt.want)
		}
	}
}

func TestApproxFloat(t *testing.T) {
	for _, text := range []string{"0", "1", "-1", "1.5", "-1.5e3", "1764864000000.25",
		"123456789012345678901234", "1e21", "1E-7", "0.001", "1e400", "-0.0", "0.000123456789012345678901"} {
		want, _ := strconv.ParseFloat(text, 64)
		got := approxFloat(text)
		if got != want && math.Abs(got-want) > math.Abs(want)*1e-15 {
			t.Errorf("approxFloat(%s) = %v; want %v", text, got, want)
		}
	}
}
