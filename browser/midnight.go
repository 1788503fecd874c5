//go:build js && wasm

package browser

import (
	"errors"
	"syscall/js"
)

// midnightCache finds local midnights in an IANA time zone with the
// browser's Intl.DateTimeFormat, since the Go time package would add about
// 54 KB (gzip) to the download. It keeps the last result, because the
// rules ask for the same session's midnight on every call.
type midnightCache struct {
	format   js.Value
	lastAt   int64
	lastNext int64
}

func (m *midnightCache) init(zone string) (err error) {
	defer func() {
		if err != nil {
			err = errors.New("session: invalid options: option \"midnightTimeZone\": " +
				zone + " is not a time zone this browser knows (" + err.Error() + ")")
		}
	}()
	defer catch(&err)
	opts := map[string]any{
		"timeZone": zone, "hourCycle": "h23", "year": "numeric",
		"month": "numeric", "day": "numeric", "hour": "numeric",
		"minute": "numeric", "second": "numeric",
	}
	m.format = js.Global().Get("Intl").Get("DateTimeFormat").New("en-US", opts)
	return nil
}

// next returns the first midnight in the zone after at (Unix ms).
func (m *midnightCache) next(at int64) int64 {
	if at == m.lastAt && m.lastNext != 0 {
		return m.lastNext
	}
	y, mo, d, _, err := m.wall(at)
	if err != nil {
		return 0
	}
	date := js.Global().Get("Date")
	wallMidnight := int64(date.Call("UTC", y, mo-1, d+1).Float())
	guess := wallMidnight - m.offset(at)
	// The offset at midnight can differ from the offset at the start
	// across a daylight-saving change.
	next := wallMidnight - m.offset(guess)
	m.lastAt, m.lastNext = at, next
	return next
}

// offset returns the zone's offset from UTC at the instant at, in ms.
func (m *midnightCache) offset(at int64) int64 {
	_, _, _, wall, err := m.wall(at)
	if err != nil {
		return 0
	}
	return wall - at
}

// wall returns the local date at the instant at and the local wall-clock
// time as if it were UTC, in Unix ms.
func (m *midnightCache) wall(at int64) (y, mo, d int, wall int64, err error) {
	defer catch(&err)
	parts := m.format.Call("formatToParts", js.Global().Get("Date").New(float64(at)))
	var f [6]int // year, month, day, hour, minute, second
	names := [6]string{"year", "month", "day", "hour", "minute", "second"}
	for i := 0; i < parts.Length(); i++ {
		p := parts.Index(i)
		typ := p.Get("type").String()
		for k, n := range names {
			if typ == n {
				f[k] = js.Global().Call("Number", p.Get("value")).Int()
			}
		}
	}
	if f[0] == 0 {
		return 0, 0, 0, 0, errors.New("session: Intl.DateTimeFormat returned no date")
	}
	wall = int64(js.Global().Get("Date").Call("UTC", f[0], f[1]-1, f[2], f[3], f[4], f[5]).Float())
	return f[0], f[1], f[2], wall + at%1000, nil
}
