package session

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
)

// memStore is a Store that keeps one cookie jar the way a browser does
// for a single path: the last write of a name wins, and a write with
// Max-Age=0 deletes.
type memStore struct {
	cookies   map[string]string
	items     map[string]string
	lines     []string
	cookieErr error
	itemErr   error
}

func newMemStore() *memStore {
	return &memStore{cookies: map[string]string{}, items: map[string]string{}}
}

func (m *memStore) Cookies() (string, error) {
	if m.cookieErr != nil {
		return "", m.cookieErr
	}
	var parts []string
	for k, v := range m.cookies {
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, "; "), nil
}

func (m *memStore) SetCookie(line string) error {
	if m.cookieErr != nil {
		return m.cookieErr
	}
	m.lines = append(m.lines, line)
	c, err := http.ParseSetCookie(line)
	if err != nil {
		return err
	}
	if c.MaxAge < 0 || strings.Contains(line, "Max-Age=0") {
		delete(m.cookies, c.Name)
		return nil
	}
	m.cookies[c.Name] = c.Value
	return nil
}

func (m *memStore) Item(key string) (string, bool, error) {
	if m.itemErr != nil {
		return "", false, m.itemErr
	}
	v, ok := m.items[key]
	return v, ok, nil
}

func (m *memStore) SetItem(key, value string) error {
	if m.itemErr != nil {
		return m.itemErr
	}
	m.items[key] = value
	return nil
}

// clock is a fixed clock that tests move by hand.
type clock struct{ ms int64 }

func (c *clock) now() int64 { return c.ms }

func newTestTracker(store Store, c *clock) *Tracker {
	return NewTracker(store, nil, c.now, newTestRand(), false)
}

var testSeed byte

// newTestRand returns a deterministic random source, a different one on
// each call so that two trackers in one test make different ids.
func newTestRand() *rand.ChaCha8 {
	testSeed++
	return rand.NewChaCha8([32]byte{testSeed})
}

func TestTrackerGetSessionCreatesOnce(t *testing.T) {
	c := &clock{t0}
	st := newMemStore()
	tr := newTestTracker(st, c)
	first, err := tr.GetSession(0, false)
	if err != nil {
		t.Fatal(err)
	}
	if !first.IsNew || first.Reason != ReasonNew || first.Duration != 1800000 {
		t.Errorf("first GetSession = %+v; want new, reason new, 30 min", first)
	}
	c.ms += 1000
	second, _ := tr.GetSession(0, false)
	if second.ID != first.ID || second.IsNew {
		t.Errorf("second GetSession = %s new=%v; want %s, not new", second.ID, second.IsNew, first.ID)
	}
	if second.Elapsed != 1000 || second.Remaining != 1799000 {
		t.Errorf("elapsed, remaining = %d, %d; want 1000, 1799000", second.Elapsed, second.Remaining)
	}
	if len(st.lines) != 1 {
		t.Errorf("cookie written %d times; want 1 (no write before the refresh interval)", len(st.lines))
	}
}

func TestTrackerSlidingExpiry(t *testing.T) {
	c := &clock{t0}
	st := newMemStore()
	tr := newTestTracker(st, c)
	first, _ := tr.GetSession(10, false)
	for i := 0; i < 5; i++ {
		c.ms += 5 * 60000 // 5 min, less than the 10 min timeout
		p, _ := tr.GetSession(10, false)
		if p.ID != first.ID {
			t.Fatalf("after %d active periods the id changed", i+1)
		}
		if p.Expires != c.ms+600000 {
			t.Errorf("Expires = %d; want now + 10 min = %d", p.Expires, c.ms+600000)
		}
		if p.Modified != c.ms {
			t.Errorf("Modified = %d; want %d", p.Modified, c.ms)
		}
	}
	c.ms += 600000
	p, _ := tr.GetSession(10, false)
	if p.ID == first.ID || p.Reason != ReasonExpired || p.PreviousID != first.ID {
		t.Errorf("after 10 idle minutes: id %s reason %s previous %s; want new id, expired, %s",
			p.ID, p.Reason, p.PreviousID, first.ID)
	}
}

func TestTrackerPersistedOnlyDoesNotSlide(t *testing.T) {
	c := &clock{t0}
	st := newMemStore()
	tr := newTestTracker(st, c)
	first, _ := tr.GetSession(10, false)
	c.ms += 5 * 60000
	p, _ := tr.GetSession(10, true)
	if p.Expires != first.Expires || len(st.lines) != 1 {
		t.Errorf("persistedOnly moved expiry to %d (writes %d); want %d, 1 write",
			p.Expires, len(st.lines), first.Expires)
	}
}

func TestTrackerSetExtendRemove(t *testing.T) {
	c := &clock{t0}
	st := newMemStore()
	tr := newTestTracker(st, c)
	first, _ := tr.GetSession(0, false)

	set, err := tr.SetSession(0.5, []Attr{String("plan", "pro")}, false)
	if err != nil {
		t.Fatal(err)
	}
	if set.ID == first.ID || set.Reason != ReasonSet || set.PreviousID != first.ID {
		t.Errorf("SetSession: id %s reason %s previous %s; want new id, set, %s",
			set.ID, set.Reason, set.PreviousID, first.ID)
	}
	if set.Duration != 30000 || len(set.Extra) != 1 {
		t.Errorf("SetSession(0.5, plan) = duration %d, extra %v; want 30000, [plan]", set.Duration, set.Extra)
	}

	c.ms += 10000
	ext, err := tr.ExtendSession(5, []Attr{Number("n", 1)}, false)
	if err != nil {
		t.Fatal(err)
	}
	if ext.ID != set.ID || ext.Expires != c.ms+300000 || ext.Modified != c.ms {
		t.Errorf("ExtendSession(5) = id %s expires %d modified %d; want %s, %d, %d",
			ext.ID, ext.Expires, ext.Modified, set.ID, c.ms+300000, c.ms)
	}
	if len(ext.Extra) != 2 {
		t.Errorf("ExtendSession extra = %v; want plan and n", ext.Extra)
	}

	short, _ := tr.ExtendSession(0.1, nil, false)
	if short.Expires < ext.Expires {
		t.Errorf("ExtendSession(0.1) shortened expiry from %d to %d", ext.Expires, short.Expires)
	}

	tr.RemoveSession()
	if _, ok := st.cookies[DefaultCookieName]; ok {
		t.Error("cookie still set after RemoveSession")
	}
	next, _ := tr.GetSession(0, false)
	if next.ID == set.ID || next.Reason != ReasonRemoved || next.PreviousID != set.ID {
		t.Errorf("after remove: id %s reason %s previous %s; want new, removed, %s",
			next.ID, next.Reason, next.PreviousID, set.ID)
	}
}

func TestTrackerRejectsBadExtra(t *testing.T) {
	c := &clock{t0}
	st := newMemStore()
	tr := newTestTracker(st, c)
	first, _ := tr.GetSession(0, false)
	writes := len(st.lines)

	_, err := tr.SetSession(30, []Attr{String("id", "mine")}, false)
	if !errors.Is(err, ErrReservedAttr) {
		t.Errorf("SetSession with extra id: error %v; want ErrReservedAttr", err)
	}
	_, err = tr.SetSession(30, []Attr{String("big", strings.Repeat("x", 5000))}, true)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("SetSession with 5000-byte extra: error %v; want ErrTooLarge", err)
	}
	_, err = tr.SetSession(30, []Attr{{Key: "bad", Value: "{"}}, false)
	if err == nil {
		t.Error("SetSession with invalid raw JSON returned no error")
	}
	after, _ := tr.GetSession(0, false)
	if after.ID != first.ID || len(st.lines) != writes {
		t.Errorf("after rejected calls: id %s, writes %d; want %s, %d", after.ID, len(st.lines), first.ID, writes)
	}
}

func TestTrackerReplacesCorruptCookie(t *testing.T) {
	for _, value := range []string{"%E0%A4%A", `{"id":`, "not-json", ""} {
		c := &clock{t0}
		st := newMemStore()
		st.cookies[DefaultCookieName] = value
		tr := newTestTracker(st, c)
		p, err := tr.GetSession(0, false)
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("GetSession over %q: error %v; want ErrInvalid reported", value, err)
		}
		if p.ID == "" || !p.IsNew || p.Reason != ReasonInvalid {
			t.Errorf("GetSession over %q = id %q new %v reason %s; want a new session, reason invalid",
				value, p.ID, p.IsNew, p.Reason)
		}
		if got, _ := Decode(st.cookies[DefaultCookieName]); got.ID != p.ID {
			t.Errorf("cookie over %q was not replaced", value)
		}
	}
}

func TestTrackerReadsSeedCookie(t *testing.T) {
	c := &clock{t0 + 60000}
	st := newMemStore()
	st.cookies[DefaultCookieName] = seedValue
	tr := newTestTracker(st, c)
	p, err := tr.GetSession(0, false)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != "b5e8f1a2-3c4d-4e5f-8a9b-0c1d2e3f4a5b" || p.IsNew {
		t.Errorf("GetSession over a seed cookie = %s new %v; want the seed's id, not new", p.ID, p.IsNew)
	}
	if len(p.Extra) != 1 || p.Extra[0].Key != "plan" {
		t.Errorf("extra = %v; want plan kept", p.Extra)
	}
}

func TestTrackerPicksValidAmongDuplicates(t *testing.T) {
	c := &clock{t0 + 1000}
	valid := Encode(&Session{ID: "good", Created: t0, Expires: t0 + 60000, Duration: 60000})
	expired := Encode(&Session{ID: "old", Created: t0 - 120000, Expires: t0 - 60000, Duration: 60000})
	s, status, _ := Pick([]string{"garbage", expired, valid}, c.ms)
	if status != StatusValid || s.ID != "good" {
		t.Errorf("Pick = %s %v; want good, valid", s.ID, status)
	}
	s, status, err := Pick([]string{"garbage", expired}, c.ms)
	if status != StatusExpired || s.ID != "old" || err == nil {
		t.Errorf("Pick without a valid one = %s %v %v; want old, expired, an error", s.ID, status, err)
	}
}

func TestTrackerFutureSession(t *testing.T) {
	c := &clock{t0}
	near := Encode(&Session{ID: "near", Created: t0 + 60000, Expires: t0 + 1860000, Duration: 1800000})
	far := Encode(&Session{ID: "far", Created: t0 + 3600000, Expires: t0 + 5400000, Duration: 1800000})
	if s, status, _ := Pick([]string{near}, c.ms); status != StatusValid || s.ID != "near" {
		t.Errorf("Pick of a session a minute ahead = %s %v; want it kept", s.ID, status)
	}
	if _, status, _ := Pick([]string{far}, c.ms); status != StatusInvalid {
		t.Errorf("Pick of a session an hour ahead = %v; want invalid", status)
	}
}

func TestTrackerTabAndPage(t *testing.T) {
	c := &clock{t0}
	st := newMemStore()
	tr := newTestTracker(st, c)
	tab, _ := tr.GetTabSession()
	page, _ := tr.GetPageSession()
	p, _ := tr.GetSession(0, false)
	if !tab.IsNew || tab.ParentID != p.ID || page.ParentID != tab.ID {
		t.Errorf("tab %+v page %+v; want a new tab under %s and the page under it", tab, page, p.ID)
	}

	// A reload: a new tracker on the same storage keeps the tab.
	reloaded := newTestTracker(st, c)
	tab2, _ := reloaded.GetTabSession()
	page2, _ := reloaded.GetPageSession()
	if tab2.ID != tab.ID || tab2.IsNew {
		t.Errorf("tab after reload = %s new %v; want %s", tab2.ID, tab2.IsNew, tab.ID)
	}
	if page2.ID == page.ID || !page2.IsNew {
		t.Errorf("page after reload = %s; want a new page", page2.ID)
	}

	// A new persisted session resets the tab and the page.
	set, _ := reloaded.SetSession(30, nil, false)
	tab3, _ := reloaded.GetTabSession()
	page3, _ := reloaded.GetPageSession()
	if tab3.ID == tab.ID || tab3.Reason != ReasonParent || tab3.ParentID != set.ID || tab3.PreviousID != tab.ID {
		t.Errorf("tab after new persisted session = %+v; want new, reason parent", tab3)
	}
	if page3.ParentID != tab3.ID || page3.Reason != ReasonParent {
		t.Errorf("page after new tab = %+v; want new, reason parent", page3)
	}

	set2, _ := reloaded.SetTabSession()
	if set2.ID == tab3.ID || set2.Reason != ReasonSet || set2.PreviousID != tab3.ID {
		t.Errorf("SetTabSession = %+v; want new id, reason set", set2)
	}
	pset, _ := reloaded.SetPageSession()
	if pset.Reason != ReasonSet || pset.ParentID != set2.ID {
		t.Errorf("SetPageSession = %+v; want reason set under tab %s", pset, set2.ID)
	}
}

func TestTrackerBlockedStorage(t *testing.T) {
	c := &clock{t0}
	st := newMemStore()
	st.cookieErr = errors.New("SecurityError: cookies are blocked")
	st.itemErr = errors.New("SecurityError: storage is blocked")
	tr := newTestTracker(st, c)
	p1, err := tr.GetSession(0, false)
	if err != nil {
		t.Fatal(err)
	}
	c.ms += 1000
	p2, _ := tr.GetSession(0, false)
	if p1.ID != p2.ID || p2.Storage != "memory" {
		t.Errorf("blocked cookies: ids %s, %s storage %s; want one id, memory", p1.ID, p2.ID, p2.Storage)
	}
	tab1, _ := tr.GetTabSession()
	tab2, _ := tr.GetTabSession()
	if tab1.ID != tab2.ID || tab2.Storage != "memory" {
		t.Errorf("blocked sessionStorage: ids %s, %s storage %s; want one id, memory", tab1.ID, tab2.ID, tab2.Storage)
	}
}

func TestMinutesToMillis(t *testing.T) {
	tests := []struct {
		minutes float64
		want    int64
	}{
		{30, 1800000}, {0.5, 30000}, {0.01, 600}, {0, 1800000}, {-1, 1800000},
	}
	for _, tt := range tests {
		if got := MinutesToMillis(tt.minutes, DefaultTimeout); got != tt.want {
			t.Errorf("MinutesToMillis(%v) = %d; want %d", tt.minutes, got, tt.want)
		}
	}
}
