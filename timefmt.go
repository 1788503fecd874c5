package session

// Timestamps are Unix milliseconds, as JavaScript's Date.now returns them.
// These helpers format and parse the two text forms the cookie needs
// without the time package's layout engine, which the browser build would
// otherwise carry only for this.

const msPerDay = 86400000

// civil returns the proleptic Gregorian date of a day count since
// 1970-01-01, using Howard Hinnant's days_from_civil inverse.
func civil(days int64) (year, month, day int64) {
	z := days + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = doy - (153*mp+2)/5 + 1
	month = mp + 3
	if month > 12 {
		month -= 12
	}
	year = yoe + era*400
	if month <= 2 {
		year++
	}
	return year, month, day
}

// daysFromCivil is the inverse of civil.
func daysFromCivil(year, month, day int64) int64 {
	if month <= 2 {
		year--
	}
	era := year / 400
	if year < 0 && year%400 != 0 {
		era--
	}
	yoe := year - era*400
	mp := (month + 9) % 12
	doy := (153*mp+2)/5 + day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// splitMillis splits a timestamp into whole days and the milliseconds
// into that day, rounding towards minus infinity.
func splitMillis(ms int64) (days, rem int64) {
	days = ms / msPerDay
	rem = ms % msPerDay
	if rem < 0 {
		days--
		rem += msPerDay
	}
	return days, rem
}

// appendISO appends ms as Date.prototype.toISOString writes it, for
// example 2026-12-04T16:17:00.000Z. Years outside 0..9999 use the six-digit
// signed form that JavaScript uses.
func appendISO(b []byte, ms int64) []byte {
	days, rem := splitMillis(ms)
	y, mo, d := civil(days)
	switch {
	case y < 0:
		b = append(b, '-')
		b = appendPadded(b, -y, 6)
	case y > 9999:
		b = append(b, '+')
		b = appendPadded(b, y, 6)
	default:
		b = appendPadded(b, y, 4)
	}
	b = append(b, '-')
	b = appendPadded(b, mo, 2)
	b = append(b, '-')
	b = appendPadded(b, d, 2)
	b = append(b, 'T')
	b = appendPadded(b, rem/3600000, 2)
	b = append(b, ':')
	b = appendPadded(b, rem/60000%60, 2)
	b = append(b, ':')
	b = appendPadded(b, rem/1000%60, 2)
	b = append(b, '.')
	b = appendPadded(b, rem%1000, 3)
	return append(b, 'Z')
}

var (
	weekdays = [7]string{"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"}
	months   = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// appendHTTPDate appends ms in the IMF-fixdate form of RFC 9110, section
// 5.6.7, which the cookie Expires attribute uses.
func appendHTTPDate(b []byte, ms int64) []byte {
	days, rem := splitMillis(ms)
	y, mo, d := civil(days)
	wd := days % 7
	if wd < 0 {
		wd += 7
	}
	b = append(b, weekdays[wd]...)
	b = append(b, ", "...)
	b = appendPadded(b, d, 2)
	b = append(b, ' ')
	b = append(b, months[mo-1]...)
	b = append(b, ' ')
	b = appendPadded(b, y, 4)
	b = append(b, ' ')
	b = appendPadded(b, rem/3600000, 2)
	b = append(b, ':')
	b = appendPadded(b, rem/60000%60, 2)
	b = append(b, ':')
	b = appendPadded(b, rem/1000%60, 2)
	return append(b, " GMT"...)
}

func appendPadded(b []byte, n int64, width int) []byte {
	var buf [20]byte
	i := len(buf)
	for n > 0 || i > len(buf)-width {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, buf[i:]...)
}

// parseISO parses the forms of ISO 8601 that toISOString and common
// servers write: YYYY-MM-DDTHH:MM[:SS[.fraction]] followed by Z or a
// ±HH:MM offset, where the year may also be ±YYYYYY as appendISO writes
// it. It reports false for anything else.
func parseISO(s string) (int64, bool) {
	p := isoParser{s: s, ok: true}
	var y int64
	switch {
	case p.lit('+'):
		y = p.int(6)
	case p.lit('-'):
		y = -p.int(6)
	default:
		y = p.int(4)
	}
	if !p.lit('-') {
		return 0, false
	}
	mo := p.int(2)
	if !p.lit('-') {
		return 0, false
	}
	d := p.int(2)
	if !p.lit('T') && !p.lit(' ') {
		return 0, false
	}
	h := p.int(2)
	if !p.lit(':') {
		return 0, false
	}
	mi := p.int(2)
	var sec, ms int64
	if p.lit(':') {
		sec = p.int(2)
		if p.lit('.') {
			ms = p.fraction()
		}
	}
	offset := p.offset()
	if !p.ok || p.i != len(s) || mo < 1 || mo > 12 || d < 1 ||
		d > daysIn(y, mo) || h > 23 || mi > 59 || sec > 59 {
		return 0, false
	}
	days := daysFromCivil(y, mo, d)
	return days*msPerDay + h*3600000 + mi*60000 + sec*1000 + ms - offset, true
}

func daysIn(year, month int64) int64 {
	if month == 2 {
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	if month == 4 || month == 6 || month == 9 || month == 11 {
		return 30
	}
	return 31
}

type isoParser struct {
	s  string
	i  int
	ok bool
}

func (p *isoParser) int(width int) int64 {
	var n int64
	for k := 0; k < width; k++ {
		if p.i >= len(p.s) || p.s[p.i] < '0' || p.s[p.i] > '9' {
			p.ok = false
			return 0
		}
		n = n*10 + int64(p.s[p.i]-'0')
		p.i++
	}
	return n
}

func (p *isoParser) lit(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// fraction reads fractional seconds and returns whole milliseconds.
func (p *isoParser) fraction() int64 {
	var ms int64
	n := 0
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		if n < 3 {
			ms = ms*10 + int64(p.s[p.i]-'0')
		}
		n++
		p.i++
	}
	if n == 0 {
		p.ok = false
	}
	for ; n < 3; n++ {
		ms *= 10
	}
	return ms
}

// offset reads Z or ±HH:MM and returns the offset in milliseconds.
func (p *isoParser) offset() int64 {
	if p.lit('Z') {
		return 0
	}
	sign := int64(1)
	switch {
	case p.lit('+'):
	case p.lit('-'):
		sign = -1
	default:
		p.ok = false
		return 0
	}
	h := p.int(2)
	p.lit(':')
	m := p.int(2)
	if h > 23 || m > 59 {
		p.ok = false
	}
	return sign * (h*3600000 + m*60000)
}
