//go:build !(js && wasm)

package browsertest

import "github.com/chromedp/chromedp"

// TryNavigate is like [Tab.Navigate], but returns the error instead of
// failing the test, so that tabs of one [Context] can navigate at the same
// time from goroutines other than the test's.
func (tab *Tab) TryNavigate(url string) error {
	return tab.do(chromedp.Navigate(url))
}
