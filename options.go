package session

// ParseOptions parses the JSON options object that the JavaScript loader
// accepts (see Options for the meaning of each field) into Options and the
// browser-only settings. Durations are numbers of milliseconds. An unknown
// key, or a value of the wrong type, returns an error naming it, so that a
// misspelt option does not pass unnoticed.
func ParseOptions(text string) (Options, BrowserOptions, error) {
	var o Options
	var b BrowserOptions
	if trimSpace(text) == "" || trimSpace(text) == "null" {
		return o, b, nil
	}
	sc := scanner{data: text}
	err := sc.members(func(key string) error {
		var err error
		switch key {
		case "cookieName":
			o.CookieName, err = sc.stringValue()
		case "domain":
			o.Domain, err = sc.stringValue()
		case "sameSite":
			o.SameSite, err = sc.stringValue()
		case "midnightTimeZone":
			o.MidnightTimeZone, err = sc.stringValue()
		case "timeout":
			o.Timeout, err = sc.millis()
		case "maxLifetime":
			o.MaxLifetime, err = sc.millis()
		case "refreshInterval":
			o.RefreshInterval, err = sc.millis()
		case "secure":
			o.Secure, err = sc.boolValue()
		case "campaign":
			o.Campaign, err = sc.boolValue()
		case "queryRoutes":
			o.QueryRoutes, err = sc.boolValue()
		case "hashRoutes":
			var on bool
			on, err = sc.boolValue()
			o.NoHashRoutes = !on
		case "debug":
			b.Debug, err = sc.boolValue()
		default:
			return &optionError{"unknown option " + quote(key)}
		}
		if err != nil {
			return &optionError{"option " + quote(key) + ": " + err.Error()}
		}
		return nil
	})
	if err != nil {
		if _, ok := err.(*optionError); !ok {
			err = &optionError{"options are not a JSON object: " + err.Error()}
		}
		return Options{}, BrowserOptions{}, err
	}
	return o, b, nil
}

// BrowserOptions holds the options that only the browser uses.
type BrowserOptions struct {
	// Debug logs each session change with its reason to the console.
	Debug bool
}

func (sc *scanner) stringValue() (string, error) {
	sc.skipSpace()
	v, err := sc.str()
	if err != nil {
		return "", errWantString
	}
	return v, nil
}

func (sc *scanner) boolValue() (bool, error) {
	sc.skipSpace()
	for _, lit := range [...]string{"true", "false"} {
		if len(sc.data)-sc.pos >= len(lit) && sc.data[sc.pos:sc.pos+len(lit)] == lit {
			sc.pos += len(lit)
			return lit == "true", nil
		}
	}
	return false, errWantBool
}

func (sc *scanner) millis() (Millis, error) {
	f, err := sc.float()
	if err != nil || f < 0 || f > maxTimestamp {
		return 0, errWantMillis
	}
	return Millis(f), nil
}

type valueError string

func (e valueError) Error() string { return string(e) }

const (
	errWantString valueError = "want a string"
	errWantBool   valueError = "want true or false"
	errWantMillis valueError = "want a number of milliseconds, 0 or more"
)
