package session

import (
	"strings"
	"testing"
)

// utcMidnight is a NextMidnight for a zone at UTC.
func utcMidnight(at int64) int64 {
	return (at/msPerDay + 1) * msPerDay
}

func TestEvaluate(t *testing.T) {
	// t0 is 16:00 UTC; the session started then, was last active at
	// 16:10 and lasts 30 minutes idle.
	s := Session{ID: "a", Created: t0, Modified: t0 + 600000,
		Expires: t0 + 2400000, Duration: 1800000}
	capped := Options{MaxLifetime: Hour}
	midnight := Options{MidnightTimeZone: "UTC", NextMidnight: utcMidnight}
	tests := []struct {
		name   string
		opts   *Options
		at     int64
		active bool
		ended  Reason
		left   int64
	}{
		{"before start", nil, t0 - 1, false, "", 0},
		{"at start", nil, t0, true, "", 2400000},
		{"late event inside", nil, t0 + 300000, true, "", 2100000},
		{"after activity", nil, t0 + 2000000, true, "", 400000},
		{"at expiry", nil, t0 + 2400000, false, ReasonExpired, 0},
		{"long after", nil, t0 + 10*int64(Hour), false, ReasonExpired, 0},
		{"cap not reached", &capped, t0 + 1000000, true, "", 1400000},
		{"cap reached first", &capped, t0 + int64(Hour), false, ReasonExpiredMax, 0},
		{"before midnight", &midnight, t0 + 2000000, true, "", 400000},
		{"after midnight", &midnight, utcMidnight(t0) + 1, false, ReasonMidnight, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.opts.Evaluate(&s, tt.at)
			if got.Active != tt.active || got.Ended != tt.ended || got.Remaining != tt.left {
				t.Errorf("Evaluate(at %+d ms) = %+v; want active %v, ended %q, remaining %d",
					tt.at-t0, got, tt.active, tt.ended, tt.left)
			}
		})
	}
}

func TestTrackerExpiryReasons(t *testing.T) {
	tests := []struct {
		name  string
		opts  Options
		step  int64 // ms between calls
		steps int
		want  Reason
	}{
		{"idle", Options{}, 31 * int64(Minute), 1, ReasonExpired},
		{"absolute cap despite activity", Options{MaxLifetime: Hour}, 10 * int64(Minute), 7, ReasonExpiredMax},
		{"midnight despite activity", Options{MidnightTimeZone: "UTC", NextMidnight: utcMidnight},
			10 * int64(Minute), 60, ReasonMidnight},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &clock{t0}
			tr := NewTracker(newMemStore(), &tt.opts, c.now, newTestRand(), false)
			first, _ := tr.GetSession(0, false)
			var p Persisted
			for i := 0; i < tt.steps; i++ {
				c.ms += tt.step
				p, _ = tr.GetSession(0, false)
				if p.ID != first.ID {
					break
				}
			}
			if p.ID == first.ID || p.Reason != tt.want || p.PreviousID != first.ID {
				t.Errorf("after %d steps of %d ms: id changed %v, reason %q, previous %q; want a new session, %q, %q",
					tt.steps, tt.step, p.ID != first.ID, p.Reason, p.PreviousID, tt.want, first.ID)
			}
		})
	}
}

func TestTrackerClockMovesBackwards(t *testing.T) {
	c := &clock{t0}
	st := newMemStore()
	tr := NewTracker(st, nil, c.now, newTestRand(), false)
	first, _ := tr.GetSession(0, false)
	c.ms += 20 * int64(Minute)
	moved, _ := tr.GetSession(0, false)
	c.ms -= 15 * int64(Minute) // the clock jumps back
	back, _ := tr.GetSession(0, false)
	if back.ID != first.ID {
		t.Fatalf("after the clock moved back the id changed from %s to %s", first.ID, back.ID)
	}
	if back.Expires < moved.Expires || back.Modified < moved.Modified {
		t.Errorf("clock moved back: expires %d, modified %d; want no earlier than %d, %d",
			back.Expires, back.Modified, moved.Expires, moved.Modified)
	}
}

func TestTrackerSessionFromTheFuture(t *testing.T) {
	// A cookie written by a server whose clock runs two minutes ahead is
	// kept; one written an hour ahead is replaced.
	for _, tt := range []struct {
		ahead int64
		keep  bool
	}{{2 * int64(Minute), true}, {int64(Hour), false}} {
		c := &clock{t0}
		st := newMemStore()
		s := Start(t0+tt.ahead, 1800000, "ahead")
		st.cookies[DefaultCookieName] = Encode(&s)
		tr := NewTracker(st, nil, c.now, newTestRand(), false)
		p, _ := tr.GetSession(0, false)
		if (p.ID == "ahead") != tt.keep {
			t.Errorf("session %d ms ahead: got id %s; want kept = %v", tt.ahead, p.ID, tt.keep)
		}
		if tt.keep && p.Elapsed >= 0 {
			// Elapsed is negative until the clocks agree; check that the
			// stored start was not rewritten.
			t.Errorf("elapsed = %d; want negative, the start lies ahead", p.Elapsed)
		}
	}
}

func TestTrackerDuplicateTab(t *testing.T) {
	c := &clock{t0}
	st := newMemStore()
	original := NewTracker(st, nil, c.now, newTestRand(), false)
	tab, _ := original.GetTabSession()

	// A duplicated tab starts with a copy of the storage.
	copied := newMemStore()
	copied.cookies = st.cookies
	for k, v := range st.items {
		copied.items[k] = v
	}
	dup := NewTracker(copied, nil, c.now, newTestRand(), false)
	dup.MarkDuplicate()
	if _, ok := dup.PeekTabSession(); ok {
		t.Error("PeekTabSession in a duplicated tab returned the original's tab session")
	}
	got, _ := dup.GetTabSession()
	if got.ID == tab.ID || got.Reason != ReasonDuplicate || got.PreviousID != tab.ID {
		t.Errorf("duplicate tab = %+v; want a new id, reason duplicate, previous %s", got, tab.ID)
	}
	again, _ := dup.GetTabSession()
	if again.ID != got.ID {
		t.Errorf("second call in the duplicate = %s; want %s kept", again.ID, got.ID)
	}
	if orig, _ := original.GetTabSession(); orig.ID != tab.ID {
		t.Errorf("original tab = %s; want %s kept", orig.ID, tab.ID)
	}
}

func TestTrackerNavigate(t *testing.T) {
	c := &clock{t0}
	tr := NewTracker(newMemStore(), nil, c.now, newTestRand(), false)
	tr.Navigate(ReasonNavigation) // no page session yet: nothing to do
	if changes := tr.TakeChanges(); len(changes) != 0 {
		t.Errorf("Navigate before any page session made %d changes; want 0", len(changes))
	}
	page, _ := tr.GetPageSession()
	tr.TakeChanges()
	for _, reason := range []Reason{ReasonNavigation, ReasonRestored} {
		tr.Navigate(reason)
		next, _ := tr.GetPageSession()
		if next.ID == page.ID || next.Reason != reason || next.PreviousID != page.ID || next.ParentID != page.ParentID {
			t.Errorf("after Navigate(%s): %+v; want a new page under the same tab", reason, next)
		}
		changes := tr.TakeChanges()
		if len(changes) != 1 || changes[0].Tier != TierPage || changes[0].Reason != reason || changes[0].OldID != page.ID {
			t.Errorf("changes after Navigate(%s) = %+v; want one page change", reason, changes)
		}
		page = next
	}
}

func TestTrackerAdoptsConcurrentSession(t *testing.T) {
	c := &clock{t0}
	jar := newMemStore()
	// Two tabs start together and each writes its own new session; the
	// second write wins in the shared jar.
	a := NewTracker(jar, nil, c.now, newTestRand(), false)
	b := NewTracker(jar, nil, c.now, newTestRand(), false)
	pa, _ := a.GetSession(0, false)
	tabA, _ := a.GetTabSession()
	jar.cookies = map[string]string{} // b has not seen a's write yet
	pb, _ := b.GetSession(0, false)
	a.TakeChanges()

	c.ms += 500
	got, _ := a.GetSession(0, false)
	if got.ID != pb.ID || got.Reason != ReasonAdopted || got.PreviousID != pa.ID {
		t.Errorf("tab a after b's write = id %s reason %s previous %s; want %s, adopted, %s",
			got.ID, got.Reason, got.PreviousID, pb.ID, pa.ID)
	}
	changes := a.TakeChanges()
	if len(changes) != 1 || changes[0].Reason != ReasonAdopted || changes[0].OldID != pa.ID {
		t.Errorf("changes = %+v; want one adopted change from %s", changes, pa.ID)
	}
	tabAfter, _ := a.GetTabSession()
	if tabAfter.ID != tabA.ID || tabAfter.ParentID != pb.ID {
		t.Errorf("tab after adoption = %+v; want id %s kept under %s", tabAfter, tabA.ID, pb.ID)
	}

	// Much later, a replacement by another tab is not an adoption: the
	// tab session restarts under the new parent.
	c.ms += int64(Minute)
	other, _ := b.SetSession(30, nil, false)
	replaced, _ := a.GetSession(0, false)
	if replaced.ID != other.ID || replaced.Reason != ReasonSet {
		t.Errorf("after another tab's setSession: %s %s; want %s, set", replaced.ID, replaced.Reason, other.ID)
	}
	tabNew, _ := a.GetTabSession()
	if tabNew.ID == tabA.ID || tabNew.Reason != ReasonParent {
		t.Errorf("tab after replacement = %+v; want new, reason parent", tabNew)
	}
}

func TestTrackerChangesOncePerChange(t *testing.T) {
	c := &clock{t0}
	tr := NewTracker(newMemStore(), nil, c.now, newTestRand(), false)
	tr.GetPageSession()
	first := tr.TakeChanges()
	if len(first) != 3 {
		t.Fatalf("first page call made %d changes; want 3 (persisted, tab, page)", len(first))
	}
	for i, tier := range []Tier{TierPersisted, TierTab, TierPage} {
		if first[i].Tier != tier || first[i].Reason != ReasonNew || first[i].OldID != "" {
			t.Errorf("change %d = %+v; want a new %s session", i, first[i], tier)
		}
	}
	for i := 0; i < 3; i++ {
		c.ms += 1000
		tr.GetPageSession()
	}
	if extra := tr.TakeChanges(); len(extra) != 0 {
		t.Errorf("repeated calls made %d changes; want 0", len(extra))
	}
	old, _ := tr.PeekSession()
	tr.RemoveSession()
	removed := tr.TakeChanges()
	if len(removed) != 1 || removed[0].Reason != ReasonRemoved || removed[0].Persisted != nil || removed[0].OldID != old.ID {
		t.Errorf("RemoveSession changes = %+v; want one removal of %s with no session", removed, old.ID)
	}
	if got := string(removed[0].AppendJSON(nil)); !strings.Contains(got, `"session":null`) {
		t.Errorf("removal JSON = %s; want session null", got)
	}
}

func TestTrackerPeekWritesNothing(t *testing.T) {
	c := &clock{t0}
	st := newMemStore()
	tr := NewTracker(st, nil, c.now, newTestRand(), false)
	if _, ok := tr.PeekSession(); ok {
		t.Error("PeekSession with no cookie reported a session")
	}
	if len(st.lines) != 0 || len(st.items) != 0 {
		t.Fatalf("PeekSession wrote %d cookies, %d items; want none", len(st.lines), len(st.items))
	}
	tr.GetPageSession()
	writes, items := len(st.lines), st.items[TabKey]
	c.ms += 10 * int64(Minute) // far past the refresh interval
	p, ok1 := tr.PeekSession()
	tab, ok2 := tr.PeekTabSession()
	page, ok3 := tr.PeekPageSession()
	if !ok1 || !ok2 || !ok3 || p.ID == "" || tab.ID == "" || page.ID == "" {
		t.Errorf("peeks = %v %v %v; want all three sessions", ok1, ok2, ok3)
	}
	if len(st.lines) != writes || st.items[TabKey] != items {
		t.Errorf("peeks wrote: cookie writes %d -> %d; want none", writes, len(st.lines))
	}
}

func TestTrackerCampaignRotation(t *testing.T) {
	c := &clock{t0}
	tr := NewTracker(newMemStore(), &Options{Campaign: true}, c.now, newTestRand(), false)
	tr.SetCampaign("utm_source=news")
	first, _ := tr.GetSession(0, false)
	tr.SetCampaign("") // a page without campaign parameters keeps it
	c.ms += 1000
	same, _ := tr.GetSession(0, false)
	tr.SetCampaign("utm_source=ads")
	c.ms += 1000
	next, _ := tr.GetSession(0, false)
	if same.ID != first.ID {
		t.Errorf("a page without campaign parameters changed the session")
	}
	if next.ID == first.ID || next.Reason != ReasonCampaign || next.Campaign != "utm_source=ads" {
		t.Errorf("new campaign: %+v; want a new session, reason campaign", next)
	}
	tr.SetCampaign("utm_source=\xff") // not UTF-8: ignored
	c.ms += 1000
	if kept, _ := tr.GetSession(0, false); kept.ID != next.ID {
		t.Errorf("a campaign that is not UTF-8 replaced the session")
	}
}

func TestTrackerExtendNeverShortensUnlessAsked(t *testing.T) {
	c := &clock{t0}
	tr := NewTracker(newMemStore(), nil, c.now, newTestRand(), false)
	long, _ := tr.SetSession(60, nil, false)
	kept, _ := tr.ExtendSession(5, nil, false)
	if kept.Expires != long.Expires {
		t.Errorf("ExtendSession(5) moved expiry %d -> %d; want unchanged", long.Expires, kept.Expires)
	}
	if kept.Duration != long.Duration {
		t.Errorf("ExtendSession(5) changed the idle timeout %d -> %d; want unchanged", long.Duration, kept.Duration)
	}
	short, _ := tr.ExtendSession(5, nil, true)
	if short.Expires != t0+5*int64(Minute) {
		t.Errorf("ExtendSession(5, shorten) expires %d; want %d", short.Expires, t0+5*int64(Minute))
	}
}

func TestParseOptions(t *testing.T) {
	o, b, err := ParseOptions(`{"cookieName":"sid","timeout":60000,"maxLifetime":86400000,
		"refreshInterval":5000,"domain":"example.com","sameSite":"Strict","secure":true,
		"midnightTimeZone":"Europe/Berlin","campaign":true,"hashRoutes":false,
		"queryRoutes":true,"debug":true}`)
	if err != nil {
		t.Fatal(err)
	}
	want := Options{CookieName: "sid", Timeout: Minute, MaxLifetime: 24 * Hour,
		RefreshInterval: 5 * Second, Domain: "example.com", SameSite: "Strict",
		Secure: true, MidnightTimeZone: "Europe/Berlin", Campaign: true,
		NoHashRoutes: true, QueryRoutes: true}
	if o.CookieName != want.CookieName || o.Timeout != want.Timeout || o.MaxLifetime != want.MaxLifetime ||
		o.RefreshInterval != want.RefreshInterval || o.Domain != want.Domain || o.SameSite != want.SameSite ||
		o.Secure != want.Secure || o.MidnightTimeZone != want.MidnightTimeZone || o.Campaign != want.Campaign ||
		o.NoHashRoutes != want.NoHashRoutes || o.QueryRoutes != want.QueryRoutes || !b.Debug {
		t.Errorf("ParseOptions = %+v, %+v; want %+v, debug", o, b, want)
	}
	for _, bad := range []string{`{"timeOut":1}`, `{"timeout":"30"}`, `{"timeout":-1}`,
		`{"debug":1}`, `[1]`, `{"cookieName":3}`} {
		if _, _, err := ParseOptions(bad); err == nil {
			t.Errorf("ParseOptions(%s) returned no error", bad)
		}
	}
	if _, _, err := ParseOptions("null"); err != nil {
		t.Errorf("ParseOptions(null) = %v; want defaults", err)
	}
}

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		opts   Options
		host   string
		secure bool
		ok     bool
	}{
		{Options{}, "example.com", false, true},
		{Options{SameSite: "None"}, "example.com", true, true},
		{Options{SameSite: "None"}, "example.com", false, false},
		{Options{SameSite: "none-ish"}, "example.com", true, false},
		{Options{Domain: "example.com"}, "app.example.com", false, true},
		{Options{Domain: ".example.com"}, "example.com", false, true},
		{Options{Domain: "localhost"}, "app.localhost", false, false},
		{Options{Domain: "app.localhost"}, "sub.app.localhost", false, true},
		{Options{Domain: "other.com"}, "app.example.com", false, false},
		{Options{Domain: "com"}, "example.com", false, false},
		{Options{Domain: "co.uk"}, "shop.co.uk", false, false},
		{Options{Domain: "127.0.0.1"}, "127.0.0.1", false, false},
		{Options{Domain: "ample.com"}, "example.com", false, false},
		{Options{CookieName: "bad name"}, "example.com", false, false},
		{Options{CookieName: "sid;x"}, "example.com", false, false},
	}
	for _, tt := range tests {
		err := tt.opts.Validate(tt.host, tt.secure)
		if (err == nil) != tt.ok {
			t.Errorf("Validate(%+v, %q, secure %v) = %v; want ok %v", tt.opts, tt.host, tt.secure, err, tt.ok)
		}
	}
	line := string((&Options{SameSite: "None"}).AppendCookie(nil, &Session{ID: "a", Created: t0, Expires: t0 + 1000, Duration: 1000}, t0, false))
	if !strings.Contains(line, "SameSite=None") || !strings.Contains(line, "; Secure") {
		t.Errorf("cookie with SameSite None = %q; want SameSite=None and Secure", line)
	}
}

func TestTrackerStorageClearedUnderLivePage(t *testing.T) {
	c := &clock{t0}
	st := newMemStore()
	tr := NewTracker(st, nil, c.now, newTestRand(), false)
	p, _ := tr.GetSession(0, false)
	tab, _ := tr.GetTabSession()

	delete(st.items, TabKey) // sessionStorage.clear() by page code
	c.ms += 1000
	kept, _ := tr.GetTabSession()
	if kept.ID != tab.ID || st.items[TabKey] == "" {
		t.Errorf("tab after storage clear = %s, stored %q; want %s written back", kept.ID, st.items[TabKey], tab.ID)
	}

	delete(st.cookies, DefaultCookieName) // another tab or script removed it
	next, _ := tr.GetSession(0, false)
	if next.ID == p.ID || next.Reason != ReasonRemoved || next.PreviousID != p.ID {
		t.Errorf("after the cookie vanished: %+v; want new, reason removed, previous %s", next, p.ID)
	}

	delete(st.cookies, DefaultCookieName) // the browser dropped it at expiry
	c.ms += 31 * int64(Minute)
	expired, _ := tr.GetSession(0, false)
	if expired.Reason != ReasonExpired || expired.PreviousID != next.ID {
		t.Errorf("after expiry with the cookie gone: reason %s previous %s; want expired-idle, %s",
			expired.Reason, expired.PreviousID, next.ID)
	}
}

func TestTrackerStableUntil(t *testing.T) {
	c := &clock{t0}
	st := newMemStore()
	tr := NewTracker(st, nil, c.now, newTestRand(), false)
	if got := tr.StableUntil(); got != 0 {
		t.Errorf("StableUntil with no session = %d; want 0", got)
	}
	first, _ := tr.GetSession(0, false)
	until := tr.StableUntil()
	if until <= t0 || until >= first.Expires {
		t.Fatalf("StableUntil = %d; want between now %d and expiry %d", until, t0, first.Expires)
	}
	writes := len(st.lines)
	c.ms = until
	if p, _ := tr.GetSession(0, false); p.ID != first.ID || len(st.lines) != writes {
		t.Errorf("GetSession at StableUntil wrote %d cookies; want none", len(st.lines)-writes)
	}
	c.ms = until + 1
	if p, _ := tr.GetSession(0, false); p.ID != first.ID || len(st.lines) != writes+1 {
		t.Errorf("GetSession just after StableUntil wrote %d cookies; want 1 refresh", len(st.lines)-writes)
	}
}
