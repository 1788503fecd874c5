package sessionhttp

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/sessionutils/session"
)

// decision is the outcome for one request's persisted session, kept for
// its log record.
type decision struct {
	cookie  cookieInput
	passive string // the cause that makes the request passive, or ""

	action   string // "kept", "refreshed", "started" or "not started"
	id       string
	previous string
	reason   session.Reason
	err      error // the error that kept a session from starting
	writeErr error // the error that kept the cookie from being set
}

// logDecision logs d in one record. The level is Error when the random
// source failed. It is Warn when the cookie held a value that could not be
// used, when the read limit kept an active request from starting a
// session, or when the cookie could not be set. Otherwise it is Debug, and
// a request that kept a single valid cookie as it was is not logged.
func (m *middleware) logDecision(r *http.Request, d *decision) {
	in := &d.cookie
	level := slog.LevelDebug
	switch {
	case d.err != nil:
		level = slog.LevelError
	case d.writeErr != nil || in.err != nil || in.oversized > 0 ||
		in.truncated && d.action == "not started" && d.passive == "":
		level = slog.LevelWarn
	case d.action == "kept" && in.values <= 1:
		return
	}

	attrs := []slog.Attr{slog.String("cookie", statusName(in.status))}
	add := func(a slog.Attr) { attrs = append(attrs, a) }
	if d.id != "" {
		add(slog.String("session", d.id))
	}
	if d.previous != "" {
		add(slog.String("previous", d.previous))
	}
	if d.reason != "" {
		add(slog.String("reason", string(d.reason)))
	}
	if in.values > 1 {
		add(slog.Int("values", in.values))
	}
	if in.oversized > 0 {
		add(slog.Int("oversized", in.oversized))
	}
	if in.truncated {
		add(slog.Int("readLimit", MaxCookieHeaderBytes))
	}
	if in.err != nil {
		add(slog.String("error", errorText(in.err)))
	}
	if d.err != nil {
		add(slog.String("error", errorText(d.err)))
	}
	msg := "sessionhttp: session " + d.action
	if d.writeErr != nil {
		msg += ", cookie not set"
		add(slog.String("cookieError", errorText(d.writeErr)))
	}
	if d.passive != "" {
		add(slog.String("passive", d.passive))
	}

	m.log(r, level, msg, attrs...)
}

// log logs one record about r, with its method and path.
func (m *middleware) log(r *http.Request, level slog.Level, msg string, attrs ...slog.Attr) {
	ctx := r.Context()
	if !m.logger.Enabled(ctx, level) {
		return
	}
	attrs = append(attrs, slog.String("method", r.Method),
		slog.String("path", r.URL.Path))
	m.logger.LogAttrs(ctx, level, msg, attrs...)
}

// maxErrorLength bounds the error text in a log record, because a decode
// error can quote part of the cookie value.
const maxErrorLength = 200

func errorText(err error) string {
	text := err.Error()
	if len(text) > maxErrorLength {
		text = strings.ToValidUTF8(text[:maxErrorLength], "") + "…"
	}
	return text
}

func statusName(s session.Status) string {
	switch s {
	case session.StatusValid:
		return "valid"
	case session.StatusExpired:
		return "expired"
	case session.StatusInvalid:
		return "invalid"
	}
	return "none"
}
