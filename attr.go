package session

import (
	"errors"
	"math"
	"strconv"
	"unicode/utf8"
)

// Attr is an extra attribute of a persisted session: a key and a raw JSON
// value, kept as text so that values of any shape survive a round trip.
type Attr struct {
	Key   string
	Value string // raw JSON
}

// String returns an attribute with a JSON string value.
func String(key, value string) Attr {
	return Attr{Key: key, Value: string(appendString(nil, value))}
}

// Number returns an attribute with a JSON number value. NaN and the
// infinities, which JSON cannot hold, become null as in JSON.stringify.
func Number(key string, value float64) Attr {
	return Attr{Key: key, Value: string(appendNumber(nil, value))}
}

// Bool returns an attribute with a JSON boolean value.
func Bool(key string, value bool) Attr {
	return Attr{Key: key, Value: strconv.FormatBool(value)}
}

// RawJSON returns an attribute whose value is the JSON text raw. It
// returns an error if raw is not one valid JSON value.
func RawJSON(key, raw string) (Attr, error) {
	s := scanner{data: raw}
	v, err := s.value(0)
	if err == nil {
		s.skipSpace()
		if s.pos != len(raw) {
			err = errSyntax
		}
	}
	if err != nil {
		return Attr{}, err
	}
	return Attr{Key: key, Value: v}, nil
}

// IsReserved reports whether key names a session field, stored or
// computed, which an extra attribute may not overwrite.
func IsReserved(key string) bool {
	switch key {
	case "id", "created", "createdAt", "expires", "expiresAt", "duration",
		"modified", "modifiedAt", "elapsed", "remaining", "isExpired",
		"isNew", "previousId", "reason", "parentId", "storage", "persists",
		"campaign":
		return true
	}
	return false
}

// ParseExtra parses a JSON object, as JSON.stringify writes it, into
// attributes. It returns [ErrReservedAttr] if a key names a session field.
// A later duplicate key replaces an earlier one, as in JSON.parse.
func ParseExtra(obj string) ([]Attr, error) {
	s := scanner{data: obj}
	s.skipSpace()
	if s.pos < len(obj) && obj[s.pos] == 'n' && obj[s.pos:] == "null" {
		return nil, nil
	}
	var attrs []Attr
	err := s.members(func(key string) error {
		v, err := s.value(1)
		if err != nil {
			return err
		}
		if IsReserved(key) {
			return &attrError{key: key}
		}
		attrs = setAttr(attrs, Attr{Key: key, Value: v})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return attrs, nil
}

// CheckExtra returns an error if any attribute is unusable: a reserved
// key, a key that is not valid UTF-8, or a value that is not valid JSON.
func CheckExtra(attrs []Attr) error {
	for _, a := range attrs {
		if IsReserved(a.Key) {
			return &attrError{key: a.Key}
		}
		if !utf8.ValidString(a.Key) {
			return &attrError{key: a.Key, err: errKeyNotUTF8}
		}
		if _, err := RawJSON(a.Key, a.Value); err != nil {
			return &attrError{key: a.Key, err: err}
		}
	}
	return nil
}

var errKeyNotUTF8 = errors.New("session: key is not valid UTF-8")

type attrError struct {
	key string
	err error
}

func (e *attrError) Error() string {
	if e.err != nil {
		return "session: extra attribute " + string(appendString(nil, e.key)) +
			": " + e.err.Error()
	}
	return ErrReservedAttr.Error() + ": " + string(appendString(nil, e.key))
}

func (e *attrError) Unwrap() error {
	if e.err != nil {
		return e.err
	}
	return ErrReservedAttr
}

// setAttr sets a in attrs, replacing an attribute with the same key in
// place, as assigning to an object property does in JavaScript.
func setAttr(attrs []Attr, a Attr) []Attr {
	for i := range attrs {
		if attrs[i].Key == a.Key {
			attrs[i].Value = a.Value
			return attrs
		}
	}
	return append(attrs, a)
}

// mergeAttrs returns base with each attribute of add set in turn, as
// Object.assign(base, add) does. It never changes base's backing array.
func mergeAttrs(base, add []Attr) []Attr {
	if len(add) == 0 {
		return base
	}
	out := make([]Attr, len(base), len(base)+len(add))
	copy(out, base)
	for _, a := range add {
		out = setAttr(out, a)
	}
	return out
}

// members scans a JSON object, calling member with each key after the
// scanner has consumed the colon; member must consume the value.
func (s *scanner) members(member func(key string) error) error {
	if !s.consume('{') {
		return errSyntax
	}
	if s.consume('}') {
		return s.end()
	}
	for {
		s.skipSpace()
		key, err := s.str()
		if err != nil {
			return err
		}
		if !s.consume(':') {
			return errSyntax
		}
		if err := member(key); err != nil {
			return err
		}
		if s.consume('}') {
			return s.end()
		}
		if !s.consume(',') {
			return errSyntax
		}
	}
}

// end returns an error unless only white space is left.
func (s *scanner) end() error {
	s.skipSpace()
	if s.pos != len(s.data) {
		return errSyntax
	}
	return nil
}

// float reads a JSON number member value that should be finite.
func (s *scanner) float() (float64, error) {
	s.skipSpace()
	f, err := s.number()
	if err == nil && (math.IsInf(f, 0) || math.IsNaN(f)) {
		err = errSyntax
	}
	return f, err
}
