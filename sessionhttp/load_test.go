package sessionhttp_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/sessionutils/session/sessionhttp"
)

// Load test sizes: loadConns workers, each with one keep-alive
// connection, share loadVisitors visitors round-robin and send
// loadRequests requests in all.
const (
	loadRequests = 20_000
	loadConns    = 32
	loadVisitors = 500
)

// loadVisitor is one virtual visitor: a cookie jar and the ids its
// responses carried, in order.
type loadVisitor struct {
	jar http.CookieJar
	ids []string
}

// TestLoadVisitorsKeepIDs sends loadRequests requests over loadConns
// loopback connections and checks that each visitor keeps one id for the
// whole run and that no two visitors share one.
func TestLoadVisitorsKeepIDs(t *testing.T) {
	idHandler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := sessionhttp.FromContext(r.Context())
		io.WriteString(w, s.Persisted.ID)
	})
	srv := httptest.NewServer(sessionhttp.Middleware(nil)(idHandler))
	t.Cleanup(srv.Close)

	visitors := make([]*loadVisitor, loadVisitors)
	for i := range visitors {
		jar, err := cookiejar.New(nil)
		if err != nil {
			t.Fatalf("cookiejar.New: %v", err)
		}
		visitors[i] = &loadVisitor{jar: jar}
	}

	errs := make(chan error, loadRequests)
	var wg sync.WaitGroup
	for w := range loadConns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runLoadWorker(srv.URL, w, visitors, errs)
		}()
	}
	wg.Wait()
	close(errs)

	failures := 0
	for err := range errs {
		if failures++; failures <= 5 {
			t.Error(err)
		}
	}
	if failures > 0 {
		t.Fatalf("%d of %d requests failed; want none", failures, loadRequests)
	}
	checkLoadIDs(t, visitors)
}

// runLoadWorker sends worker's share of loadRequests requests over one
// connection, taking turns among the visitors i with i%loadConns ==
// worker, and sends each failure to errs. Only this worker touches
// those visitors.
func runLoadWorker(url string, worker int, visitors []*loadVisitor, errs chan<- error) {
	transport := &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1}
	defer transport.CloseIdleConnections()
	var mine []*loadVisitor
	for i := worker; i < len(visitors); i += loadConns {
		mine = append(mine, visitors[i])
	}
	for n := worker; n < loadRequests; n += loadConns {
		v := mine[(n/loadConns)%len(mine)]
		client := &http.Client{Transport: transport, Jar: v.jar, Timeout: 30 * time.Second}
		resp, err := client.Get(url)
		if err != nil {
			errs <- err
			continue
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch {
		case err != nil:
			errs <- fmt.Errorf("request %d: reading the body: %w", n, err)
		case resp.StatusCode != http.StatusOK:
			errs <- fmt.Errorf("request %d: status %d; want 200", n, resp.StatusCode)
		case len(body) == 0:
			errs <- fmt.Errorf("request %d: no session id in the body", n)
		default:
			v.ids = append(v.ids, string(body))
		}
	}
}

// checkLoadIDs checks that every visitor sent requests and saw one id,
// and that the ids of different visitors differ.
func checkLoadIDs(t *testing.T, visitors []*loadVisitor) {
	t.Helper()
	owner := map[string]int{}
	for i, v := range visitors {
		if len(v.ids) == 0 {
			t.Errorf("visitor %d sent no request", i)
			continue
		}
		for n, id := range v.ids {
			if id != v.ids[0] {
				t.Errorf("visitor %d: response %d has id %q; want %q as in its first",
					i, n, id, v.ids[0])
				break
			}
		}
		if j, shared := owner[v.ids[0]]; shared {
			t.Errorf("visitors %d and %d share the id %q", j, i, v.ids[0])
		}
		owner[v.ids[0]] = i
	}
	t.Logf("%d requests, %d visitors, %d distinct ids", loadRequests, len(visitors), len(owner))
}
