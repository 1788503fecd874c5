// Command sessiondemo serves a page that shows the three sessions of
// sessionutils (persisted, tab and page) live in the browser, with a button
// for each call of the JavaScript API. Beside them the page shows the
// server's view of the same sessions: GET /api/session passes through the
// sessionhttp middleware, which reads the cookie and the tab and page id
// headers that sessionUtils.fetch sends.
//
// It builds the WebAssembly module from this repository when it starts, so
// run it from inside the repository:
//
//	go run ./cmd/sessiondemo [-addr 127.0.0.1:8080]
//
// Then open the printed URL. The server stops on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/sessionutils/session/internal/assets"
	"github.com/sessionutils/session/sessionhttp"
)

// shutdownTimeout is how long open requests may take to finish once a signal
// arrives.
const shutdownTimeout = 5 * time.Second

func main() {
	addr := flag.String("addr", "127.0.0.1:8080",
		"TCP address (host:port) to listen on; port 0 picks a free port")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "sessiondemo: unexpected arguments %q\n", flag.Args())
		flag.Usage()
		os.Exit(2)
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(),
		os.Interrupt, syscall.SIGTERM)
	defer stop()

	if err := run(ctx, logger, *addr); err != nil {
		logger.Error("sessiondemo failed", "err", err)
		stop()
		os.Exit(1)
	}
}

// run builds the assets, serves the demo on addr until ctx ends, and then
// shuts the server down.
func run(ctx context.Context, logger *slog.Logger, addr string) error {
	logger.Info("building the WebAssembly module")
	start := time.Now()
	if _, err := assets.Build(ctx); err != nil {
		if ctx.Err() != nil {
			logger.Info("stopped before the build finished")
			return nil
		}
		return err
	}
	assetHandler, err := assets.HashedHandler()
	if err != nil {
		return err
	}
	logger.Info("built the WebAssembly module",
		"duration", time.Since(start).Round(time.Millisecond))

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %q: %w", addr, err)
	}
	srv := &http.Server{
		Handler: logRequests(logger, newHandler(assetHandler,
			&sessionhttp.Options{Logger: logger})),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	url := pageURL(ln.Addr())
	logger.Info("serving the demo", "url", url)
	fmt.Println(url)

	select {
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	logger.Info("shutting down", "timeout", shutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(),
		shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	logger.Info("stopped")
	return nil
}

// pageURL returns the URL of the demo page on a listener's address. An
// unspecified host (0.0.0.0 or ::) is shown as the loopback address.
func pageURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String() + "/"
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		if ip.To4() == nil {
			host = "::1"
		}
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}
