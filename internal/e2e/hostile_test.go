//go:build !(js && wasm)

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/sessionutils/session/internal/browsertest"
)

// hostileRow is the part of a row of testdata/hostile.json that the
// browser test reads. The root package's hostile_test.go describes every
// field.
type hostileRow struct {
	Name    string `json:"name"`
	Value   string `json:"value"`
	Base64  string `json:"base64"`
	Outcome string `json:"outcome"`
	Want    *struct {
		ID string `json:"id"`
	} `json:"want"`
}

// hostileResult is what the page reports for one row: whether Chromium
// stored the value unchanged, and the id getSession returned.
type hostileResult struct {
	Stored bool   `json:"stored"`
	ID     string `json:"id"`
	IsNew  bool   `json:"isNew"`
	Error  string `json:"error"`
}

// hostileJS sets each value as the session cookie, reads it back, and
// calls getSession when Chromium stored the value unchanged.
const hostileJS = `((values) => values.map((v) => {
	document.cookie = '__session=' + v + '; path=/';
	const stored = document.cookie.split('; ').includes('__session=' + v);
	if (!stored) return {stored: false, id: '', isNew: false, error: ''};
	try {
		const s = sessionUtils.getSession();
		return {stored: true, id: s.id, isNew: s.isNew, error: ''};
	} catch (e) {
		return {stored: true, id: '', isNew: false, error: String(e)};
	}
}))(%s)`

// TestHostileTableInChromium sets the values of the shared hostile table
// that document.cookie can hold, in one page whose clock reads the
// table's instant, and checks that getSession keeps or replaces each.
func TestHostileTableInChromium(t *testing.T) {
	data, err := os.ReadFile("../../testdata/hostile.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Now   int64        `json:"now"`
		Cases []hostileRow `json:"cases"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatalf("testdata/hostile.json: %v", err)
	}

	// A ';' ends the cookie in document.cookie, control bytes make
	// Chromium drop it, and non-UTF-8 bytes cannot be written from a
	// JavaScript string, so those rows are not sent.
	var rows []hostileRow
	var values []string
	for _, row := range file.Cases {
		if row.Base64 != "" || strings.ContainsAny(row.Value, ";\x00\r\n\x7f") {
			continue
		}
		rows = append(rows, row)
		values = append(values, row.Value)
	}
	arg, err := json.Marshal(values)
	if err != nil {
		t.Fatal(err)
	}

	clock := fmt.Sprintf("<script>Date.now = () => %d;</script>\n", file.Now)
	srv := newPagesServer(t, map[string]string{"/hostile.html": clock})
	tab := browsertest.NewContext(t).NewTab()
	tab.Navigate(srv.URL + "/hostile.html")
	awaitReady(t, tab)
	var results []hostileResult
	tab.Eval(fmt.Sprintf(hostileJS, arg), &results)
	if len(results) != len(rows) {
		t.Fatalf("page returned %d results; want %d", len(results), len(rows))
	}

	checked := 0
	var changed []string
	for i, row := range rows {
		if !results[i].Stored {
			changed = append(changed, row.Name)
			continue
		}
		checked++
		checkHostileResult(t, row, results[i])
	}
	t.Logf("checked %d rows of %d sent and %d in the table; "+
		"Chromium dropped or changed %q", checked, len(rows), len(file.Cases), changed)
	if checked < len(rows)/2 {
		t.Errorf("Chromium stored %d of %d rows unchanged; want at least half", checked, len(rows))
	}
	checkNoErrors(t, tab)
}

// checkHostileResult checks what getSession returned for row.
func checkHostileResult(t *testing.T, row hostileRow, got hostileResult) {
	t.Helper()
	if got.Error != "" {
		t.Errorf("row %q: getSession threw %s", row.Name, got.Error)
		return
	}
	switch row.Outcome {
	case "kept", "repaired":
		if got.ID != row.Want.ID {
			t.Errorf("row %q: getSession().id = %q; want the row's %q", row.Name, got.ID, row.Want.ID)
		}
		if got.IsNew {
			t.Errorf("row %q: getSession().isNew = true; want false", row.Name)
		}
	case "replaced":
		if got.ID == "" || strings.Contains(row.Value, got.ID) {
			t.Errorf("row %q: getSession().id = %q; want a new id", row.Name, got.ID)
		}
		if !got.IsNew {
			t.Errorf("row %q: getSession().isNew = false; want true", row.Name)
		}
	default:
		t.Errorf("row %q: outcome %q is not kept, repaired or replaced", row.Name, row.Outcome)
	}
}
