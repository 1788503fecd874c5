// Command load sends a fixed number of requests to GET /api/session of a
// server that it starts itself on 127.0.0.1, and reports the requests per
// second, the latency percentiles and the errors. Run it from the
// repository root:
//
//	go run ./internal/bench/cmd/load [-requests 20000] [-conns 32] [-visitors 256] [-server demo]
//
// With -server demo (the default) it builds ./cmd/sessiondemo, starts it
// on a free port of 127.0.0.1, and stops it at the end. The demo logs
// every request to its standard error, which load discards, so the run
// includes the cost of that logging. With -server middleware it serves
// /api/session itself, through sessionhttp.Middleware without a logger,
// with a handler that writes the session id as JSON.
//
// Each of the -conns workers keeps one keep-alive connection and takes
// turns among its share of the -visitors virtual visitors. Each visitor
// has its own cookie jar and tab and page ids, so its first request
// starts a session and the later ones carry its cookie. A request counts
// as an error when it fails, its status is not 200, its body has no
// session id, or the id differs from the one the visitor's first response
// gave. The run stops after -requests requests or after -timeout.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sessionutils/session/sessionhttp"
)

func main() {
	requests := flag.Int("requests", 20000, "number of requests to send")
	conns := flag.Int("conns", 32, "number of connections, one per worker")
	visitors := flag.Int("visitors", 256,
		"number of virtual visitors, each with its own cookie jar")
	server := flag.String("server", "demo",
		"server to start: demo (./cmd/sessiondemo) or middleware "+
			"(sessionhttp.Middleware in this process)")
	timeout := flag.Duration("timeout", 2*time.Minute,
		"maximum duration of the whole run, build and start included")
	flag.Parse()
	if *requests < 1 || *conns < 1 || *visitors < *conns {
		fmt.Fprintln(os.Stderr, "load: -requests and -conns must be at "+
			"least 1, and -visitors at least -conns")
		os.Exit(2)
	}

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	if err := run(ctx, *server, *requests, *conns, *visitors); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, server string, requests, conns, visitors int) error {
	var base string
	switch server {
	case "demo":
		stop, url, err := startDemo(ctx)
		if err != nil {
			return err
		}
		defer stop()
		base = url
	case "middleware":
		stop, url, err := startMiddleware()
		if err != nil {
			return err
		}
		defer stop()
		base = url
	default:
		return fmt.Errorf("unknown -server %q: use demo or middleware", server)
	}
	target := strings.TrimSuffix(base, "/") + "/api/session"

	r := newRun(target, requests, conns, visitors)
	start := time.Now()
	r.do(ctx)
	elapsed := time.Since(start)
	r.report(os.Stdout, server, elapsed)
	if ctx.Err() != nil {
		return fmt.Errorf("timed out after %d of %d requests",
			r.done.Load(), requests)
	}
	return nil
}

// startDemo builds ./cmd/sessiondemo, starts it on a free port of
// 127.0.0.1 and returns a function that stops it, and its URL.
func startDemo(ctx context.Context) (stop func(), url string, err error) {
	tmp, err := os.MkdirTemp("", "sessionutils-load-")
	if err != nil {
		return nil, "", err
	}
	bin := filepath.Join(tmp, "sessiondemo")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/sessiondemo")
	if out, err := build.CombinedOutput(); err != nil {
		os.RemoveAll(tmp)
		return nil, "", fmt.Errorf("go build ./cmd/sessiondemo failed "+
			"(run load from the repository root): %w\n%s", err, out)
	}

	cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
	cmd.Stderr = io.Discard
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		os.RemoveAll(tmp)
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(tmp)
		return nil, "", err
	}
	stop = func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		os.RemoveAll(tmp)
	}

	// The demo prints its URL once it listens.
	lines := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(stdout)
		for s.Scan() {
			if strings.HasPrefix(s.Text(), "http://127.0.0.1:") {
				lines <- s.Text()
				break
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case url = <-lines:
		return stop, url, nil
	case <-ctx.Done():
		stop()
		return nil, "", errors.New("timed out waiting for the demo to print its URL")
	}
}

// startMiddleware serves /api/session through sessionhttp.Middleware on a
// free port of 127.0.0.1.
func startMiddleware() (stop func(), url string, err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /api/session", sessionhttp.Middleware(nil)(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s, _ := sessionhttp.FromContext(r.Context())
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"persisted":{"id":%q}}`, s.Persisted.ID)
		})))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return func() { srv.Close() }, "http://" + ln.Addr().String() + "/", nil
}

// visitor is one virtual visitor: a cookie jar, tab and page ids, and the
// session id of its first response.
type visitor struct {
	jar       *cookiejar.Jar
	tabID     string
	pageID    string
	sessionID string
}

type loadRun struct {
	target   string
	requests int
	conns    int
	visitors []*visitor

	next      atomic.Int64 // index of the next request to send
	done      atomic.Int64
	errors    atomic.Int64
	firstErr  atomic.Pointer[string]
	mu        sync.Mutex
	latencies []time.Duration
}

func newRun(target string, requests, conns, visitors int) *loadRun {
	r := &loadRun{target: target, requests: requests, conns: conns}
	for i := range visitors {
		jar, _ := cookiejar.New(nil) // New returns no error without options
		r.visitors = append(r.visitors, &visitor{
			jar:    jar,
			tabID:  fmt.Sprintf("019ae9b0-5c00-7000-8000-%012x", 2*i),
			pageID: fmt.Sprintf("019ae9b0-5c00-7000-8000-%012x", 2*i+1),
		})
	}
	return r
}

// do runs the workers until every request is sent or ctx ends.
func (r *loadRun) do(ctx context.Context) {
	var wg sync.WaitGroup
	for w := range r.conns {
		wg.Go(func() { r.work(ctx, w) })
	}
	wg.Wait()
}

// work sends requests on one connection for the visitors w, w+conns, ...
func (r *loadRun) work(ctx context.Context, w int) {
	transport := &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1}
	defer transport.CloseIdleConnections()
	var clients []*http.Client
	var mine []*visitor
	for i := w; i < len(r.visitors); i += r.conns {
		v := r.visitors[i]
		mine = append(mine, v)
		clients = append(clients, &http.Client{Transport: transport,
			Jar: v.jar, Timeout: 10 * time.Second})
	}
	latencies := make([]time.Duration, 0, r.requests/r.conns+1)
	for turn := 0; ctx.Err() == nil; turn++ {
		if r.next.Add(1) > int64(r.requests) {
			break
		}
		v, client := mine[turn%len(mine)], clients[turn%len(mine)]
		start := time.Now()
		err := r.send(ctx, client, v)
		latencies = append(latencies, time.Since(start))
		r.done.Add(1)
		if err != nil {
			r.errors.Add(1)
			msg := err.Error()
			r.firstErr.CompareAndSwap(nil, &msg)
		}
	}
	r.mu.Lock()
	r.latencies = append(r.latencies, latencies...)
	r.mu.Unlock()
}

// send sends one request for v and checks the response.
func (r *loadRun) send(ctx context.Context, client *http.Client, v *visitor) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.target, nil)
	if err != nil {
		return err
	}
	req.Header.Set(sessionhttp.TabIDHeader, v.tabID)
	req.Header.Set(sessionhttp.PageIDHeader, v.pageID)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()

	var body struct {
		Persisted *struct {
			ID string `json:"id"`
		} `json:"persisted"`
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", r.target, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return fmt.Errorf("GET %s: reading the body failed: %w", r.target, err)
	}

	if body.Persisted == nil || body.Persisted.ID == "" {
		return fmt.Errorf("GET %s: no session id in the response", r.target)
	}
	switch id := body.Persisted.ID; {
	case v.sessionID == "":
		v.sessionID = id
	case id != v.sessionID:
		return fmt.Errorf("GET %s: session id %q; want %q, the visitor's "+
			"first", r.target, id, v.sessionID)
	}
	return nil
}

func (r *loadRun) report(w io.Writer, server string, elapsed time.Duration) {
	lat := slices.Clone(r.latencies)
	slices.Sort(lat)
	pct := func(q float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(q*float64(len(lat))))]
	}
	done := r.done.Load()
	fmt.Fprintf(w, "server: %s, %s\n", server, r.target)
	fmt.Fprintf(w, "requests: %d in %v over %d connections, %d visitors\n",
		done, elapsed.Round(time.Millisecond), r.conns, len(r.visitors))
	fmt.Fprintf(w, "requests per second: %.0f\n", float64(done)/elapsed.Seconds())
	fmt.Fprintf(w, "latency: p50 %v, p90 %v, p99 %v, max %v\n",
		pct(0.50).Round(time.Microsecond), pct(0.90).Round(time.Microsecond),
		pct(0.99).Round(time.Microsecond), pct(1).Round(time.Microsecond))
	fmt.Fprintf(w, "errors: %d", r.errors.Load())
	if p := r.firstErr.Load(); p != nil {
		fmt.Fprintf(w, " (first: %s)", *p)
	}
	fmt.Fprintln(w)
}
