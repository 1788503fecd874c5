package session

import (
	"errors"
	"math"
	"strconv"
	"unicode/utf8"
)

// The codec reads and writes JSON by hand instead of with encoding/json,
// which would add far more to the WebAssembly download than this file does.
// It handles exactly the JSON of RFC 8259: one top-level object whose
// values are kept as raw text unless the codec reads the key itself.

var (
	errSyntax = errors.New("session: invalid JSON")
	errDepth  = errors.New("session: JSON nested too deeply")
)

// maxDepth bounds the nesting of extra attribute values, so that a hostile
// value cannot exhaust the stack.
const maxDepth = 32

// scanner walks a JSON text.
type scanner struct {
	data string
	pos  int
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// consume skips white space and then the byte c, and reports whether it
// was there.
func (s *scanner) consume(c byte) bool {
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == c {
		s.pos++
		return true
	}
	return false
}

// value skips one JSON value and returns its text.
func (s *scanner) value(depth int) (string, error) {
	if depth > maxDepth {
		return "", errDepth
	}
	s.skipSpace()
	start := s.pos
	if s.pos >= len(s.data) {
		return "", errSyntax
	}
	var err error
	switch c := s.data[s.pos]; {
	case c == '"':
		_, err = s.str()
	case c == '{':
		err = s.object(depth)
	case c == '[':
		err = s.array(depth)
	case c == '-' || c >= '0' && c <= '9':
		_, err = s.number()
	default:
		err = s.literal()
	}
	if err != nil {
		return "", err
	}
	return s.data[start:s.pos], nil
}

func (s *scanner) object(depth int) error {
	s.pos++ // '{'
	if s.consume('}') {
		return nil
	}
	for {
		s.skipSpace()
		if _, err := s.str(); err != nil {
			return err
		}
		if !s.consume(':') {
			return errSyntax
		}
		if _, err := s.value(depth + 1); err != nil {
			return err
		}
		if s.consume('}') {
			return nil
		}
		if !s.consume(',') {
			return errSyntax
		}
	}
}

func (s *scanner) array(depth int) error {
	s.pos++ // '['
	if s.consume(']') {
		return nil
	}
	for {
		if _, err := s.value(depth + 1); err != nil {
			return err
		}
		if s.consume(']') {
			return nil
		}
		if !s.consume(',') {
			return errSyntax
		}
	}
}

func (s *scanner) literal() error {
	for _, lit := range [...]string{"true", "false", "null"} {
		if len(s.data)-s.pos >= len(lit) && s.data[s.pos:s.pos+len(lit)] == lit {
			s.pos += len(lit)
			return nil
		}
	}
	return errSyntax
}

// number scans a JSON number and returns its value. JSON has no NaN or
// Infinity, so neither can come out of it.
func (s *scanner) number() (float64, error) {
	start := s.pos
	d := s.data
	if s.pos < len(d) && d[s.pos] == '-' {
		s.pos++
	}
	switch {
	case s.pos < len(d) && d[s.pos] == '0':
		s.pos++
	case s.pos < len(d) && d[s.pos] >= '1' && d[s.pos] <= '9':
		s.digits()
	default:
		return 0, errSyntax
	}
	if s.pos < len(d) && d[s.pos] == '.' {
		s.pos++
		if s.digits() == 0 {
			return 0, errSyntax
		}
	}
	if s.pos < len(d) && (d[s.pos] == 'e' || d[s.pos] == 'E') {
		s.pos++
		if s.pos < len(d) && (d[s.pos] == '+' || d[s.pos] == '-') {
			s.pos++
		}
		if s.digits() == 0 {
			return 0, errSyntax
		}
	}
	text := d[start:s.pos]
	if n, ok := smallInt(text); ok {
		return n, nil
	}
	return approxFloat(text), nil
}

// approxFloat returns the value of a JSON number that the scanner has
// checked, exactly for integers up to 2^53 and to within a few units in
// the last place otherwise: enough for timestamps and durations. It replaces
// strconv.ParseFloat, whose exact algorithm brings tables of about
// 10 KB into the WebAssembly download. Extra attributes keep their raw
// text, so their numbers never pass through here.
func approxFloat(text string) float64 {
	neg := text[0] == '-'
	if neg {
		text = text[1:]
	}
	var mant float64
	exp, digits := 0, 0
	fraction := false
	i := 0
	for ; i < len(text) && text[i] != 'e' && text[i] != 'E'; i++ {
		c := text[i]
		switch {
		case c == '.':
			fraction = true
		case digits < 18:
			mant = mant*10 + float64(c-'0')
			if mant != 0 {
				digits++
			}
			if fraction {
				exp--
			}
		case !fraction:
			exp++ // a digit past the precision kept
		}
	}
	if i < len(text) {
		e, sign := 0, 1
		for i++; i < len(text); i++ {
			switch c := text[i]; {
			case c == '-':
				sign = -1
			case c >= '0' && c <= '9' && e < 10000:
				e = e*10 + int(c-'0')
			}
		}
		exp += sign * e
	}
	f := mant * math.Pow10(exp)
	if neg {
		f = -f
	}
	return f
}

// smallInt parses the common case of a timestamp without strconv.
func smallInt(text string) (float64, bool) {
	if len(text) == 0 || len(text) > 15 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return float64(n), true
}

func (s *scanner) digits() int {
	start := s.pos
	for s.pos < len(s.data) && s.data[s.pos] >= '0' && s.data[s.pos] <= '9' {
		s.pos++
	}
	return s.pos - start
}

// str scans a JSON string and returns its decoded value. Invalid UTF-8 and
// lone surrogates are rejected rather than repaired, so that a value read
// and written again is byte for byte what it was.
func (s *scanner) str() (string, error) {
	d := s.data
	if s.pos >= len(d) || d[s.pos] != '"' {
		return "", errSyntax
	}
	s.pos++
	start := s.pos
	for s.pos < len(d) {
		c := d[s.pos]
		switch {
		case c == '"':
			v := d[start:s.pos]
			s.pos++
			return v, nil
		case c == '\\':
			return s.escapedStr(start)
		case c < 0x20:
			return "", errSyntax
		case c < utf8.RuneSelf:
			s.pos++
		default:
			r, size := utf8.DecodeRuneInString(d[s.pos:])
			if r == utf8.RuneError && size == 1 {
				return "", errSyntax
			}
			s.pos += size
		}
	}
	return "", errSyntax
}

// escapedStr finishes a string that contains escapes, from start, the
// position after its opening quote.
func (s *scanner) escapedStr(start int) (string, error) {
	d := s.data
	buf := []byte(d[start:s.pos])
	for s.pos < len(d) {
		c := d[s.pos]
		switch {
		case c == '"':
			s.pos++
			return string(buf), nil
		case c < 0x20:
			return "", errSyntax
		case c != '\\':
			r, size := utf8.DecodeRuneInString(d[s.pos:])
			if r == utf8.RuneError && size == 1 {
				return "", errSyntax
			}
			buf = append(buf, d[s.pos:s.pos+size]...)
			s.pos += size
			continue
		}
		if s.pos+1 >= len(d) {
			return "", errSyntax
		}
		s.pos += 2
		switch d[s.pos-1] {
		case '"', '\\', '/':
			buf = append(buf, d[s.pos-1])
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, err := s.unicodeEscape()
			if err != nil {
				return "", err
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return "", errSyntax
		}
	}
	return "", errSyntax
}

// unicodeEscape reads the four hex digits after \u, and the second half of
// a surrogate pair when the first is a high surrogate.
func (s *scanner) unicodeEscape() (rune, error) {
	r, ok := s.hex4()
	if !ok {
		return 0, errSyntax
	}
	if r < 0xD800 || r > 0xDFFF {
		return r, nil
	}
	if r > 0xDBFF || len(s.data)-s.pos < 2 || s.data[s.pos:s.pos+2] != `\u` {
		return 0, errSyntax
	}
	s.pos += 2
	low, ok := s.hex4()
	if !ok || low < 0xDC00 || low > 0xDFFF {
		return 0, errSyntax
	}
	return 0x10000 + (r-0xD800)<<10 + (low - 0xDC00), nil
}

func (s *scanner) hex4() (rune, bool) {
	if len(s.data)-s.pos < 4 {
		return 0, false
	}
	var r rune
	for i := 0; i < 4; i++ {
		c := s.data[s.pos+i]
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	s.pos += 4
	return r, true
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string, escaped the way JavaScript's
// JSON.stringify escapes it, so both sides write the same bytes.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendNumber appends f as JavaScript's JSON.stringify writes a number.
// Integers, which all timestamps and durations are, take the fast path.
func appendNumber(b []byte, f float64) []byte {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.AppendInt(b, int64(f), 10)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	return appendFloat(b, f)
}

// appendFloat appends f as ECMAScript's Number::toString lays it out: the
// shortest digits that read back as f, written without an exponent when
// the decimal exponent n (f = 0.digits × 10^n) is in -5..21, and as
// d.ddde±x otherwise. Go's 'g' format switches to an exponent at other
// points and pads it to two digits.
func appendFloat(b []byte, f float64) []byte {
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64) // [-]d[.ddd]e±xx
	if e[0] == '-' {
		b = append(b, '-')
		e = e[1:]
	}
	mark := indexByte(string(e), 'e')
	exp, _ := strconv.Atoi(string(e[mark+1:]))
	var d [24]byte
	digits := append(d[:0], e[0])
	if mark > 2 {
		digits = append(digits, e[2:mark]...)
	}
	k, n := len(digits), exp+1
	switch {
	case k <= n && n <= 21:
		b = append(b, digits...)
		for ; k < n; k++ {
			b = append(b, '0')
		}
	case 0 < n && n <= 21:
		b = append(b, digits[:n]...)
		b = append(b, '.')
		b = append(b, digits[n:]...)
	case -6 < n && n <= 0:
		b = append(b, "0."...)
		for ; n < 0; n++ {
			b = append(b, '0')
		}
		b = append(b, digits...)
	default:
		b = append(b, digits[0])
		if k > 1 {
			b = append(b, '.')
			b = append(b, digits[1:]...)
		}
		b = append(b, 'e')
		if n-1 >= 0 {
			b = append(b, '+')
		}
		b = strconv.AppendInt(b, int64(n-1), 10)
	}
	return b
}
