package session

import "strconv"

// appendRecord appends the stored form of a tab session: the fields that
// do not change while it lasts.
func (s *Scope) appendRecord(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, s.ID)
	b = append(b, `,"created":`...)
	b = strconv.AppendInt(b, s.Created, 10)
	b = append(b, `,"parentId":`...)
	b = appendString(b, s.ParentID)
	if s.PreviousID != "" {
		b = append(b, `,"previousId":`...)
		b = appendString(b, s.PreviousID)
	}
	b = append(b, `,"reason":`...)
	b = appendString(b, string(s.Reason))
	return append(b, '}')
}

// decodeScope parses what appendRecord wrote. Unknown fields are ignored.
func decodeScope(text string) (Scope, error) {
	var s Scope
	sc := scanner{data: text}
	err := sc.members(func(key string) error {
		var err error
		switch key {
		case "id", "parentId", "previousId", "reason":
			sc.skipSpace()
			var v string
			v, err = sc.str()
			switch key {
			case "id":
				s.ID = v
			case "parentId":
				s.ParentID = v
			case "previousId":
				s.PreviousID = v
			case "reason":
				s.Reason = Reason(v)
			}
		case "created":
			s.Created, err = sc.timestamp()
		default:
			_, err = sc.value(1)
		}
		return err
	})
	if err == nil && (!validID(s.ID) || s.Created == 0) {
		err = invalid("tab session without id or created")
	}
	return s, err
}

// AppendJSON appends p as the JSON object a JavaScript call returns: the
// stored fields, then elapsed, remaining, isExpired, isNew and storage.
func (p *Persisted) AppendJSON(b []byte) []byte {
	b = p.Session.AppendJSON(b)
	b = b[:len(b)-1] // reopen the object
	b = append(b, `,"elapsed":`...)
	b = strconv.AppendInt(b, p.Elapsed, 10)
	b = append(b, `,"remaining":`...)
	b = strconv.AppendInt(b, p.Remaining, 10)
	b = append(b, `,"isExpired":`...)
	b = strconv.AppendBool(b, p.IsExpired)
	b = append(b, `,"isNew":`...)
	b = strconv.AppendBool(b, p.IsNew)
	b = append(b, `,"storage":`...)
	b = appendString(b, p.Storage)
	b = append(b, `,"persists":`...)
	b = strconv.AppendBool(b, p.Persists)
	return append(b, '}')
}

// AppendJSON appends s as the JSON object a JavaScript call returns.
func (s *Scope) AppendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, s.ID)
	b = append(b, `,"created":`...)
	b = strconv.AppendInt(b, s.Created, 10)
	b = append(b, `,"createdAt":"`...)
	b = appendISO(b, s.Created)
	b = append(b, `","elapsed":`...)
	b = strconv.AppendInt(b, s.Elapsed, 10)
	b = append(b, `,"isNew":`...)
	b = strconv.AppendBool(b, s.IsNew)
	b = append(b, `,"parentId":`...)
	b = appendString(b, s.ParentID)
	if s.PreviousID != "" {
		b = append(b, `,"previousId":`...)
		b = appendString(b, s.PreviousID)
	}
	b = append(b, `,"reason":`...)
	b = appendString(b, string(s.Reason))
	b = append(b, `,"storage":`...)
	b = appendString(b, s.Storage)
	b = append(b, `,"persists":`...)
	b = strconv.AppendBool(b, s.Persists)
	return append(b, '}')
}

// AppendJSON appends c as the JSON object that onChange callbacks receive:
// tier, oldId, reason, and session, which is null after a removal.
func (c *Change) AppendJSON(b []byte) []byte {
	b = append(b, `{"tier":`...)
	b = appendString(b, string(c.Tier))
	b = append(b, `,"oldId":`...)
	if c.OldID == "" {
		b = append(b, "null"...)
	} else {
		b = appendString(b, c.OldID)
	}
	b = append(b, `,"reason":`...)
	b = appendString(b, string(c.Reason))
	b = append(b, `,"session":`...)
	switch {
	case c.Persisted != nil:
		b = c.Persisted.AppendJSON(b)
	case c.Scope != nil:
		b = c.Scope.AppendJSON(b)
	default:
		b = append(b, "null"...)
	}
	return append(b, '}')
}
