package session_test

import (
	"bytes"
	"fmt"
	"net/url"

	"github.com/sessionutils/session"
)

// start is 2026-03-01T12:00:00Z in Unix milliseconds, the instant at which
// the examples' sessions start.
const start = 1772366400000

func ExampleEncode() {
	s := session.Start(start, int64(30*session.Minute),
		"019ca945-0a00-7000-8000-000000000000")
	s.Extra = []session.Attr{session.String("plan", "pro")}

	value := session.Encode(&s)
	fmt.Println(value)

	// The value is percent-encoded JSON, as encodeURIComponent writes it.
	text, err := url.PathUnescape(value)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(text)

	// Output:
	// %7B%22id%22%3A%22019ca945-0a00-7000-8000-000000000000%22%2C%22created%22%3A1772366400000%2C%22createdAt%22%3A%222026-03-01T12%3A00%3A00.000Z%22%2C%22expires%22%3A1772368200000%2C%22expiresAt%22%3A%222026-03-01T12%3A30%3A00.000Z%22%2C%22duration%22%3A1800000%2C%22plan%22%3A%22pro%22%7D
	// {"id":"019ca945-0a00-7000-8000-000000000000","created":1772366400000,"createdAt":"2026-03-01T12:00:00.000Z","expires":1772368200000,"expiresAt":"2026-03-01T12:30:00.000Z","duration":1800000,"plan":"pro"}
}

func ExampleDecode() {
	// A cookie value as @analytics/session-utils 0.2.4 writes it, with an
	// extra attribute that its setSession merged in.
	value := "%7B%22id%22%3A%220f8fad5b-d9cb-469f-a165-70867728950e%22%2C" +
		"%22created%22%3A1772366400000%2C%22createdAt%22%3A%222026-03-01T12%3A00%3A00.000Z%22%2C" +
		"%22expires%22%3A1772368200000%2C%22expiresAt%22%3A%222026-03-01T12%3A30%3A00.000Z%22%2C" +
		"%22duration%22%3A1800000%2C%22plan%22%3A%22pro%22%7D"

	s, err := session.Decode(value)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("id:", s.ID)
	fmt.Println("duration (ms):", s.Duration)
	fmt.Println("expired 10 minutes in:", s.ExpiredAt(start+int64(10*session.Minute)))
	fmt.Println("expired 31 minutes in:", s.ExpiredAt(start+int64(31*session.Minute)))
	for _, a := range s.Extra {
		fmt.Printf("extra: %s = %s\n", a.Key, a.Value)
	}

	// A value that is not a session returns an error.
	_, err = session.Decode("%7B%22id%22")
	fmt.Println("truncated value:", err != nil)

	// Output:
	// id: 0f8fad5b-d9cb-469f-a165-70867728950e
	// duration (ms): 1800000
	// expired 10 minutes in: false
	// expired 31 minutes in: true
	// extra: plan = "pro"
	// truncated value: true
}

func ExamplePick() {
	// The browser sends one cookie per path or domain that set it, so a
	// Cookie header can hold the session cookie twice: here an old one
	// that expired and a current one.
	old := session.Start(start-int64(2*session.Hour), int64(30*session.Minute),
		"019ca8d7-1e00-7000-8000-000000000000")
	current := session.Start(start-int64(5*session.Minute),
		int64(30*session.Minute), "019ca940-c600-7000-8000-000000000000")
	header := "__session=" + session.Encode(&old) +
		"; theme=dark; __session=" + session.Encode(&current)

	values := session.CookieValues(header, session.DefaultCookieName)
	s, status, err := session.Pick(values, start)
	fmt.Println(len(values), "values")
	fmt.Println(s.ID, status == session.StatusValid, err)

	// Output:
	// 2 values
	// 019ca940-c600-7000-8000-000000000000 true <nil>
}

func ExampleCookieValues() {
	// Names match exactly: x__session is another cookie.
	header := "x__session=a; __session=b; theme=dark; __session=c"
	fmt.Printf("%q\n", session.CookieValues(header, "__session"))
	fmt.Printf("%q\n", session.CookieValues(header, "missing"))

	// Output:
	// ["b" "c"]
	// []
}

func ExampleNewID() {
	// A fixed source of randomness makes the id the same on every run.
	// Real callers pass crypto/rand.Reader.
	random := bytes.NewReader(bytes.Repeat([]byte{0xab}, 16))
	id, err := session.NewID(start, random)
	if err != nil {
		fmt.Println(err)
		return
	}
	// The first 48 bits are the time in ms, so ids sort by start.
	fmt.Println(id)

	// Output:
	// 019ca945-0a00-7bab-abab-abababababab
}

func ExampleOptions_AppendCookie() {
	opts := session.Options{Domain: "example.com"}
	s := session.Start(start, int64(30*session.Minute),
		"019ca945-0a00-7000-8000-000000000000")

	line := opts.AppendCookie(nil, &s, start, true)
	_, attributes, _ := bytes.Cut(line, []byte("; "))
	fmt.Println(string(attributes))

	// Output:
	// Path=/; Expires=Sun, 01 Mar 2026 12:30:00 GMT; Max-Age=1800; Domain=example.com; SameSite=Lax; Secure
}
