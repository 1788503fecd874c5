package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sessionutils/session/internal/assets"
)

// newTestServer serves the demo's handler with the real assets on
// 127.0.0.1.
func newTestServer(t *testing.T) (*httptest.Server, *http.Client) {
	t.Helper()
	assetHandler, err := assets.HashedHandler()
	if err != nil {
		t.Fatalf("assets.HashedHandler() error: %v", err)
	}
	srv := httptest.NewServer(newHandler(assetHandler, nil))
	t.Cleanup(srv.Close)
	client := &http.Client{
		Transport: &http.Transport{DisableCompression: true},
		Timeout:   30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	t.Cleanup(client.CloseIdleConnections)
	return srv, client
}

func fetch(t *testing.T, client *http.Client, method, url string) (
	*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatalf("http.NewRequest(%q, %q): %v", method, url, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, url, err)
	}
	return resp, body
}

func TestHandlerPage(t *testing.T) {
	srv, client := newTestServer(t)
	paths := []string{"/", "/demo/", "/demo/a/b", "/demo/other", "/demo/a/b/c.html"}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			resp, body := fetch(t, client, "GET", srv.URL+path)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s status = %d; want 200", path, resp.StatusCode)
			}
			got := resp.Header.Get("Content-Type")
			if want := "text/html; charset=utf-8"; got != want {
				t.Errorf("GET %s Content-Type = %q; want %q", path, got, want)
			}
			if !bytes.Equal(body, pageHTML) {
				t.Errorf("GET %s body is not the demo page", path)
			}
			if resp.Header.Get("Content-Security-Policy") == "" {
				t.Errorf("GET %s sent no Content-Security-Policy", path)
			}
		})
	}
}

func TestHandlerAssets(t *testing.T) {
	srv, client := newTestServer(t)

	resp, body := fetch(t, client, "GET", srv.URL+"/sessionutils.js")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /sessionutils.js status = %d; want 200", resp.StatusCode)
	}
	got := resp.Header.Get("Content-Type")
	if want := "text/javascript; charset=utf-8"; got != want {
		t.Errorf("GET /sessionutils.js Content-Type = %q; want %q", got, want)
	}
	if !bytes.Contains(body, []byte("globalThis.Go")) {
		t.Errorf("GET /sessionutils.js body does not contain wasm_exec.js")
	}

	resp, body = fetch(t, client, "GET", srv.URL+"/sessionutils.wasm")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /sessionutils.wasm status = %d; want 200", resp.StatusCode)
	}
	if got, want := resp.Header.Get("Content-Type"), "application/wasm"; got != want {
		t.Errorf("GET /sessionutils.wasm Content-Type = %q; want %q", got, want)
	}
	if !bytes.HasPrefix(body, []byte("\x00asm")) {
		t.Errorf("GET /sessionutils.wasm body does not start with \\0asm")
	}

	resp, body = fetch(t, client, "GET", srv.URL+"/sessionutils.mjs")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /sessionutils.mjs status = %d; want 200", resp.StatusCode)
	}
	if !bytes.Contains(body, []byte("export")) {
		t.Errorf("GET /sessionutils.mjs body has no export")
	}
}

func TestHandlerNotFound(t *testing.T) {
	srv, client := newTestServer(t)
	paths := []string{
		"/nope", "/index.html", "/demofoo", "/sessionutils.js.map",
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			resp, _ := fetch(t, client, "GET", srv.URL+path)
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s status = %d; want 404", path, resp.StatusCode)
			}
		})
	}
}

func TestHandlerMethodNotAllowed(t *testing.T) {
	srv, client := newTestServer(t)
	for _, path := range []string{"/", "/demo/a", "/sessionutils.js"} {
		resp, _ := fetch(t, client, "POST", srv.URL+path)
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST %s status = %d; want 405", path, resp.StatusCode)
		}
	}
}

// attributeURL matches the value of every quoted src, href and action
// attribute.
var attributeURL = regexp.MustCompile(`\s(?:src|href|action)=["']([^"']*)["']`)

func TestPageHasNoExternalResources(t *testing.T) {
	page := string(pageHTML)
	matches := attributeURL.FindAllStringSubmatch(page, -1)
	if len(matches) == 0 {
		t.Fatal("found no src or href attribute in the page")
	}
	for _, m := range matches {
		url := m[1]
		if url == "data:," {
			continue // the empty favicon, which stops a request for /favicon.ico
		}
		if !strings.HasPrefix(url, "/") || strings.HasPrefix(url, "//") {
			t.Errorf("page refers to %q; want a same-origin absolute path", url)
		}
	}
	for _, scheme := range []string{"http://", "https://", "url("} {
		if strings.Contains(page, scheme) {
			t.Errorf("page contains %q", scheme)
		}
	}
}

func TestPageStructure(t *testing.T) {
	page := string(pageHTML)
	wants := []string{
		`<script src="/sessionutils.js"></script>`,
		`id="server-view"`,
		`id="card-persisted"`, `id="card-tab"`, `id="card-page"`,
		`id="error"`, `id="result"`,
		`href="/demo/a/b"`, `href="/demo/other"`,
		"sessionUtils.ready",
	}
	calls := []string{
		"getSession", "setSession", "extendSession", "removeSession",
		"getTabSession", "setTabSession", "getPageSession", "setPageSession",
	}
	for _, call := range calls {
		wants = append(wants, `data-call="`+call+`"`)
	}
	for _, want := range wants {
		if !strings.Contains(page, want) {
			t.Errorf("page does not contain %s", want)
		}
	}
}

func TestPageURL(t *testing.T) {
	tests := []struct {
		addr string
		want string
	}{
		{"127.0.0.1:8080", "http://127.0.0.1:8080/"},
		{"0.0.0.0:9000", "http://127.0.0.1:9000/"},
		{"[::]:9000", "http://[::1]:9000/"},
		{"[::1]:80", "http://[::1]:80/"},
		{"localhost:8080", "http://localhost:8080/"},
	}
	for _, tt := range tests {
		if got := pageURL(stringAddr(tt.addr)); got != tt.want {
			t.Errorf("pageURL(%q) = %q; want %q", tt.addr, got, tt.want)
		}
	}
}

// stringAddr is a net.Addr with a fixed string form.
type stringAddr string

func (a stringAddr) Network() string { return "tcp" }
func (a stringAddr) String() string  { return string(a) }

// sessionAPIResponse is the JSON of GET /api/session.
type sessionAPIResponse struct {
	Persisted *struct {
		ID     string `json:"id"`
		Reason string `json:"reason"`
		IsNew  bool   `json:"isNew"`
	} `json:"persisted"`
	TabID  string `json:"tabId"`
	PageID string `json:"pageId"`
	Found  bool   `json:"found"`
}

func TestHandlerSessionAPI(t *testing.T) {
	srv, client := newTestServer(t)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatalf("cookiejar.New: %v", err)
	}
	client.Jar = jar
	get := func(tabID, pageID string) (*http.Response, sessionAPIResponse) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/session", nil)
		if tabID != "" {
			req.Header.Set("Session-Tab-Id", tabID)
			req.Header.Set("Session-Page-Id", pageID)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("GET /api/session: %v", err)
		}
		defer resp.Body.Close()
		var body sessionAPIResponse
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			t.Fatalf("GET /api/session: decoding the body: %v", err)
		}
		return resp, body
	}

	resp, first := get("", "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/session status = %d; want 200", resp.StatusCode)
	}
	if got := resp.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q; want application/json", got)
	}
	if got := resp.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control = %q; want no-store", got)
	}
	if !first.Found || first.Persisted == nil || !first.Persisted.IsNew ||
		first.Persisted.Reason != "new" {
		t.Fatalf("first GET /api/session = %+v; want a new session", first)
	}
	if len(resp.Header.Values("Set-Cookie")) != 1 {
		t.Errorf("first response Set-Cookie = %q; want one", resp.Header.Values("Set-Cookie"))
	}

	resp, second := get("tab-1", "page.2")
	if second.Persisted == nil || second.Persisted.ID != first.Persisted.ID {
		t.Errorf("second GET /api/session persisted = %+v; want id %s",
			second.Persisted, first.Persisted.ID)
	}
	if second.TabID != "tab-1" || second.PageID != "page.2" {
		t.Errorf("tabId, pageId = %q, %q; want tab-1, page.2", second.TabID, second.PageID)
	}
	if got := resp.Header.Values("Set-Cookie"); len(got) != 0 {
		t.Errorf("second response Set-Cookie = %q; want none", got)
	}

	_, invalid := get("tab 1", "<page>")
	if invalid.TabID != "" || invalid.PageID != "" {
		t.Errorf("invalid headers read as %q, %q; want empty", invalid.TabID, invalid.PageID)
	}

	if resp, _ := fetch(t, client, "POST", srv.URL+"/api/session"); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /api/session status = %d; want 405", resp.StatusCode)
	}
}

func TestHandlerPageStartsSession(t *testing.T) {
	srv, client := newTestServer(t)
	resp, _ := fetch(t, client, "GET", srv.URL+"/demo/a/b")
	c, err := http.ParseSetCookie(resp.Header.Get("Set-Cookie"))
	if err != nil {
		t.Fatalf("GET /demo/a/b Set-Cookie = %q: %v", resp.Header.Get("Set-Cookie"), err)
	}
	if c.Name != "__session" || c.Path != "/" {
		t.Errorf("GET /demo/a/b sets cookie %s at path %q; want __session at /", c.Name, c.Path)
	}
	if got := resp.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("GET /demo/a/b Cache-Control = %q; want no-store", got)
	}
	resp, _ = fetch(t, client, "GET", srv.URL+"/sessionutils.js")
	if got := resp.Header.Values("Vary"); slices.Contains(got, "Cookie") {
		t.Errorf("GET /sessionutils.js Vary = %q; want no Cookie, so the script stays cached", got)
	}
}
