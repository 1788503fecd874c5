//go:build js && wasm

// Command tracker is bare plus a session.Tracker on an in-memory store,
// with the three get calls and the JSON of their results: the rules of
// the browser build without package browser.
package main

import (
	"syscall/js"

	"github.com/sessionutils/session"
)

func main() {
	input := js.Global().Get("probeInput").String()
	store := &memoryStore{cookie: input}
	t := session.NewTracker(store, &session.Options{}, func() int64 {
		return int64(js.Global().Get("Date").Call("now").Float())
	}, fixedReader{}, false)
	p, _ := t.GetSession(30, false)
	tab, _ := t.GetTabSession()
	page, _ := t.GetPageSession()
	out := p.AppendJSON(nil)
	out = tab.AppendJSON(out)
	out = page.AppendJSON(out)
	js.Global().Set("probeOutput", string(out))
	select {}
}

// memoryStore is a session.Store in Go memory.
type memoryStore struct {
	cookie string
	item   string
	ok     bool
}

func (s *memoryStore) Cookies() (string, error) { return s.cookie, nil }

func (s *memoryStore) SetCookie(line string) error {
	s.cookie = line
	return nil
}

func (s *memoryStore) Item(string) (string, bool, error) { return s.item, s.ok, nil }

func (s *memoryStore) SetItem(_, value string) error {
	s.item, s.ok = value, true
	return nil
}

// fixedReader returns the same byte forever; a probe needs no randomness.
type fixedReader struct{}

func (fixedReader) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = 7
	}
	return len(b), nil
}
