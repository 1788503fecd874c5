package session

import "sync"

// DecodeCache remembers the sessions decoded from recent cookie values, so
// that a server, which receives the same visitor's unchanged cookie on request
// after request, decodes each value once. It holds at most its size in
// entries and forgets an arbitrary one to make room; values longer than
// maxCachedValue bytes are decoded every time. A DecodeCache is safe for
// concurrent use. The sessions it returns share their Extra slices, which
// callers must not change in place.
type DecodeCache struct {
	mu      sync.Mutex
	size    int
	entries map[string]Session
}

// maxCachedValue bounds the memory one entry holds; typical values are
// 250 to 400 bytes.
const maxCachedValue = 1024

// NewDecodeCache returns a cache of at most size entries.
func NewDecodeCache(size int) *DecodeCache {
	return &DecodeCache{size: size, entries: make(map[string]Session, size)}
}

// Decode returns [Decode](value), from the cache when value was decoded
// before. Only successful decodes are kept.
func (c *DecodeCache) Decode(value string) (Session, error) {
	if len(value) > maxCachedValue || c.size <= 0 {
		return Decode(value)
	}
	c.mu.Lock()
	s, ok := c.entries[value]
	c.mu.Unlock()
	if ok {
		return s, nil
	}
	s, err := Decode(value)
	if err != nil {
		return s, err
	}
	c.mu.Lock()
	if len(c.entries) >= c.size {
		for k := range c.entries {
			delete(c.entries, k)
			break
		}
	}
	c.entries[value] = s
	c.mu.Unlock()
	return s, nil
}
