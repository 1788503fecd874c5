package session

import "unicode/utf8"

// The cookie value is encodeURIComponent(JSON.stringify(session)), the
// format @analytics/session-utils 0.2.4 writes, so either side can read
// what the other wrote.

// MaxIDLength bounds a session id read from a cookie. Ids this package
// makes are 36 bytes.
const MaxIDLength = 128

// Decode parses a cookie value into a session. It accepts the
// percent-encoded JSON that @analytics/session-utils and Encode write, raw
// JSON, and a value wrapped in double quotes. Timestamps may be Unix
// milliseconds, Unix seconds, or ISO 8601 strings, and must lie between
// 1e11 ms (March 1973) and 8.64e15 ms, the last time a JavaScript Date
// holds; the duration may not exceed 8.64e15 ms either. A modified time
// before created or not before expires is dropped. Unknown fields become
// extra attributes. Anything else returns an error wrapping [ErrInvalid].
func Decode(value string) (Session, error) {
	value = trimSpace(value)
	if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
		value = value[1 : len(value)-1]
	}
	if len(value) == 0 || value[0] != '{' {
		v, ok := unescapeComponent(value)
		if !ok {
			return Session{}, invalid("bad percent-encoding")
		}
		value = v
	}
	return decodeJSON(value)
}

func invalid(why string) error {
	return &decodeError{why: why}
}

type decodeError struct{ why string }

func (e *decodeError) Error() string { return ErrInvalid.Error() + ": " + e.why }
func (e *decodeError) Unwrap() error { return ErrInvalid }

// fields collects the members of a cookie's JSON object before they are
// checked, because a timestamp may come as a number or as text.
type fields struct {
	s                        Session
	created, createdAt       int64
	expires, expiresAt       int64
	modified, modifiedAt     int64
	hasDuration              bool
	hasCreated, hasCreatedAt bool
}

func decodeJSON(text string) (Session, error) {
	var f fields
	sc := scanner{data: text}
	err := sc.members(func(key string) error { return f.member(&sc, key) })
	if err != nil {
		if _, ok := err.(*decodeError); ok {
			return Session{}, err
		}
		return Session{}, invalid(err.Error())
	}
	return f.session()
}

// member reads the value of one key.
func (f *fields) member(sc *scanner, key string) error {
	var err error
	switch key {
	case "id", "previousId", "reason", "campaign":
		err = f.text(sc, key)
	case "created":
		f.created, err = sc.timestamp()
		f.hasCreated = err == nil
	case "createdAt":
		f.createdAt, err = lenient(sc.timestamp())
		f.hasCreatedAt = err == nil && f.createdAt != 0
	case "expires":
		f.expires, err = sc.timestamp()
	case "expiresAt":
		f.expiresAt, err = lenient(sc.timestamp())
	case "modified":
		f.modified, err = sc.timestamp()
	case "modifiedAt":
		f.modifiedAt, err = lenient(sc.timestamp())
	case "duration":
		var d float64
		d, err = sc.float()
		if err == nil && d > maxTimestamp {
			err = invalid("duration out of range")
		}
		f.s.Duration = int64(d)
		f.hasDuration = err == nil
	case "elapsed", "remaining", "isExpired", "isNew", "storage",
		"persists", "parentId":
		// Computed when a call returns; a stored copy is stale.
		_, err = sc.value(1)
	default:
		var v string
		v, err = sc.value(1)
		f.s.Extra = setAttr(f.s.Extra, Attr{Key: key, Value: v})
	}
	if err == errSyntax || err == errDepth {
		return invalid("field " + key + ": " + err.Error())
	}
	return err
}

func (f *fields) text(sc *scanner, key string) error {
	sc.skipSpace()
	v, err := sc.str()
	if err != nil {
		return invalid("field " + key + " is not a string")
	}
	switch key {
	case "id":
		f.s.ID = v
	case "previousId":
		if validID(v) {
			f.s.PreviousID = v
		}
	case "reason":
		f.s.Reason = Reason(v)
	case "campaign":
		f.s.Campaign = v
	}
	return nil
}

// timestamp reads a number of milliseconds or seconds, a string holding
// such a number, or an ISO 8601 string. Numbers below 1e11 are taken as
// seconds: as milliseconds they would fall before March 1973.
func (sc *scanner) timestamp() (int64, error) {
	sc.skipSpace()
	if sc.pos < len(sc.data) && sc.data[sc.pos] == '"' {
		v, err := sc.str()
		if err != nil {
			return 0, err
		}
		if ms, ok := parseISO(v); ok {
			return checkTimestamp(float64(ms))
		}
		inner := scanner{data: v}
		f, err := inner.float()
		if err != nil || inner.pos != len(v) {
			return 0, invalid("timestamp " + v + " is not a number or ISO 8601")
		}
		return scaleTimestamp(f)
	}
	f, err := sc.float()
	if err != nil {
		return 0, err
	}
	return scaleTimestamp(f)
}

// lenient drops the value of an ISO companion field (createdAt, expiresAt,
// modifiedAt) that is valid JSON but not a usable time: the numeric field
// it accompanies is authoritative, and only when that is missing is the
// session invalid. Malformed JSON stays an error.
func lenient(ms int64, err error) (int64, error) {
	if _, ok := err.(*decodeError); ok {
		return 0, nil
	}
	return ms, err
}

// The range of a decoded timestamp, in ms. maxTimestamp is the largest
// time a JavaScript Date can hold. minTimestamp, in March 1973, is the
// smallest that Encode can write and Decode read back as ms, because a
// smaller number is taken as seconds.
const (
	minTimestamp = 1e11
	maxTimestamp = 8.64e15
)

func scaleTimestamp(f float64) (int64, error) {
	if f > 0 && f < minTimestamp {
		f *= 1000
	}
	return checkTimestamp(f)
}

func checkTimestamp(f float64) (int64, error) {
	if !(f >= minTimestamp && f <= maxTimestamp) {
		return 0, invalid("timestamp out of range")
	}
	return int64(f), nil
}

// session checks the collected fields and fills in what may be derived.
func (f *fields) session() (Session, error) {
	s := f.s
	if !validID(s.ID) {
		return Session{}, invalid("missing or malformed id")
	}
	switch {
	case f.hasCreated:
		s.Created = f.created
	case f.hasCreatedAt:
		s.Created = f.createdAt
	default:
		return Session{}, invalid("missing created")
	}
	s.Modified = firstNonZero(f.modified, f.modifiedAt)
	s.Expires = firstNonZero(f.expires, f.expiresAt)
	if s.Modified < s.Created || s.Expires != 0 && s.Modified >= s.Expires {
		s.Modified = 0 // no activity lies outside the session
	}
	switch {
	case f.hasDuration && s.Duration <= 0:
		return Session{}, invalid("duration is not positive")
	case s.Expires == 0 && f.hasDuration:
		s.Expires = s.LastActive() + s.Duration
	case s.Expires == 0:
		return Session{}, invalid("missing expires and duration")
	case !f.hasDuration:
		s.Duration = s.Expires - s.LastActive()
	}
	if s.Expires <= s.Created {
		return Session{}, invalid("expires is not after created")
	}
	if s.Expires > maxTimestamp {
		return Session{}, invalid("expires out of range")
	}
	return s, nil
}

func firstNonZero(a, b int64) int64 {
	if a != 0 {
		return a
	}
	return b
}

// validID reports whether id is safe to use as a session id: 1 to
// MaxIDLength bytes of letters, digits and "-_.:".
func validID(id string) bool {
	if len(id) == 0 || len(id) > MaxIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-', c == '_', c == '.', c == ':':
		default:
			return false
		}
	}
	return true
}

// AppendJSON appends the stored fields of s as a JSON object, in the order
// @analytics/session-utils writes them, followed by the extra attributes.
func (s *Session) AppendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, s.ID)
	b = append(b, `,"created":`...)
	b = appendNumber(b, float64(s.Created))
	b = append(b, `,"createdAt":"`...)
	b = appendISO(b, s.Created)
	b = append(b, `","expires":`...)
	b = appendNumber(b, float64(s.Expires))
	b = append(b, `,"expiresAt":"`...)
	b = appendISO(b, s.Expires)
	b = append(b, `","duration":`...)
	b = appendNumber(b, float64(s.Duration))
	if s.Modified != 0 {
		b = append(b, `,"modified":`...)
		b = appendNumber(b, float64(s.Modified))
		b = append(b, `,"modifiedAt":"`...)
		b = appendISO(b, s.Modified)
		b = append(b, '"')
	}
	if s.PreviousID != "" {
		b = append(b, `,"previousId":`...)
		b = appendString(b, s.PreviousID)
	}
	if s.Reason != "" {
		b = append(b, `,"reason":`...)
		b = appendString(b, string(s.Reason))
	}
	if s.Campaign != "" {
		b = append(b, `,"campaign":`...)
		b = appendString(b, s.Campaign)
	}
	for _, a := range s.Extra {
		b = append(b, ',')
		b = appendString(b, a.Key)
		b = append(b, ':')
		b = append(b, a.Value...)
	}
	return append(b, '}')
}

// Encode returns the cookie value for s:
// encodeURIComponent(JSON.stringify(s)). The result contains only bytes
// that RFC 6265 allows in a cookie value.
func Encode(s *Session) string {
	return string(AppendEncoded(nil, s))
}

// AppendEncoded appends the cookie value for s to b.
func AppendEncoded(b []byte, s *Session) []byte {
	var buf [256]byte
	return appendComponent(b, s.AppendJSON(buf[:0]))
}

// unreserved marks the bytes encodeURIComponent leaves as they are.
var unreserved = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range "-_.!~*'()" {
		t[c] = true
	}
	return t
}()

// appendComponent appends text percent-encoded as encodeURIComponent does.
// text must be valid UTF-8, which the JSON writer guarantees.
func appendComponent(b, text []byte) []byte {
	const upperHex = "0123456789ABCDEF"
	for _, c := range text {
		if unreserved[c] {
			b = append(b, c)
			continue
		}
		b = append(b, '%', upperHex[c>>4], upperHex[c&0xF])
	}
	return b
}

// unescapeComponent decodes percent-escapes as decodeURIComponent does,
// reporting false where that would throw: a malformed escape or a result
// that is not UTF-8.
func unescapeComponent(s string) (string, bool) {
	n := indexByte(s, '%')
	if n < 0 {
		return s, true
	}
	b := make([]byte, 0, len(s))
	b = append(b, s[:n]...)
	for i := n; i < len(s); i++ {
		if s[i] != '%' {
			b = append(b, s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", false
		}
		hi, ok1 := unhex(s[i+1])
		lo, ok2 := unhex(s[i+2])
		if !ok1 || !ok2 {
			return "", false
		}
		b = append(b, hi<<4|lo)
		i += 2
	}
	if !utf8.Valid(b) {
		return "", false
	}
	return string(b), true
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// indexByte and trimSpace stand in for the strings package, which would add
// about 9 KB (gzip) to the WebAssembly download.
func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// trimSpace removes the ASCII white space that may surround a cookie
// value or a cookie-pair.
func trimSpace(s string) string {
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}
