package session

import (
	"sync"
	"testing"
)

func TestDecodeCache(t *testing.T) {
	c := NewDecodeCache(2)
	values := []string{
		Encode(&Session{ID: "a", Created: t0, Expires: t0 + 1000, Duration: 1000}),
		Encode(&Session{ID: "b", Created: t0, Expires: t0 + 1000, Duration: 1000}),
		Encode(&Session{ID: "c", Created: t0, Expires: t0 + 1000, Duration: 1000}),
	}
	for round := 0; round < 2; round++ {
		for i, v := range values {
			s, err := c.Decode(v)
			if err != nil || s.ID != string(rune('a'+i)) {
				t.Errorf("round %d: Decode(value %d) = %q, %v; want %q", round, i, s.ID, err, string(rune('a'+i)))
			}
		}
	}
	if n := len(c.entries); n > 2 {
		t.Errorf("cache holds %d entries; want at most 2", n)
	}
	if _, err := c.Decode("not-json"); err == nil {
		t.Error("Decode(not-json) through the cache returned no error")
	}
	if _, ok := c.entries["not-json"]; ok {
		t.Error("the cache kept a value that failed to decode")
	}
}

func TestDecodeCacheConcurrent(t *testing.T) {
	c := NewDecodeCache(8)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				id := string(rune('a' + (g+i)%20))
				v := Encode(&Session{ID: id, Created: t0, Expires: t0 + 1000, Duration: 1000})
				if s, err := c.Decode(v); err != nil || s.ID != id {
					t.Errorf("Decode = %q, %v; want %q", s.ID, err, id)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func BenchmarkDecode(b *testing.B) {
	v := Encode(&Session{ID: "019aea17-8000-7021-8dd6-91b98c20ccb1", Created: t0,
		Expires: t0 + 1800000, Duration: 1800000, Extra: []Attr{String("plan", "pro")}})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeCached(b *testing.B) {
	v := Encode(&Session{ID: "019aea17-8000-7021-8dd6-91b98c20ccb1", Created: t0,
		Expires: t0 + 1800000, Duration: 1800000, Extra: []Attr{String("plan", "pro")}})
	c := NewDecodeCache(1024)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Decode(v); err != nil {
			b.Fatal(err)
		}
	}
}
