// sessionutils loader: starts the WebAssembly module and defines
// window.sessionUtils with the calls of @analytics/session-utils 0.2.4.
// It follows Go's wasm_exec.js, which defines the Go class.
(function () {
  'use strict';

  // One page has one library state: a second copy of this script joins
  // the first instead of starting its own sessions.
  if (window.sessionUtils && window.sessionUtils.ready) {
    return;
  }

  var script = document.currentScript;
  var wasmURL = new URL(
    (script && script.getAttribute('data-wasm')) ||
      self.__sessionutilsWasm || 'sessionutils.wasm',
    (script && script.src) || document.baseURI
  );

  var OP = {
    getSession: 1, setSession: 2, extendSession: 3, removeSession: 4,
    getTabSession: 5, setTabSession: 6, getPageSession: 7, setPageSession: 8,
    peekSession: 9, peekTabSession: 10, peekPageSession: 11,
    navigate: 12, restored: 13, configure: 14, campaign: 15
  };
  // Operations that read the tab session from sessionStorage.
  var READS_TAB = {5: true, 6: true, 7: true, 8: true, 10: true, 11: true};
  var PERSISTED_ONLY = 1, EXTEND = 2, COOKIE_ERROR = 4, ITEM_PRESENT = 8,
    ITEM_ERROR = 16, COOKIE_WRITE_FAILED = 32, ITEM_WRITE_FAILED = 64,
    SHORTEN = 128, DUPLICATE = 256, SECURE = 512;
  var TAB_KEY = '__session_tab';
  // LIVE_KEY marks a tab's sessionStorage while a page of the tab is live.
  // A page that finds it at start has storage copied from a live page:
  // the tab was duplicated or opened with window.open.
  var LIVE_KEY = '__session_live';

  // reuse holds, per get operation, the last result that Go marked as
  // reusable, with the storage it was computed from and the instant until
  // which it holds. While document.cookie (and, for the tab and page,
  // sessionStorage) is unchanged, a repeated get returns a copy from here with
  // elapsed and remaining brought up to date, without decoding the cookie
  // again. Every other operation clears it.
  var reuse = {};

  var encoder = new TextEncoder();
  var decoder = new TextDecoder();
  var exports = null;
  var optionsError = null;
  var options = readOptions();
  var listeners = [];
  var pendingFlags = 0;

  // readOptions returns the page's options. Invalid JSON in data-options
  // is reported through ready, which rejects, rather than thrown here,
  // where it would leave the page without window.sessionUtils.
  function readOptions() {
    var attr = script && script.getAttribute('data-options');
    if (attr) {
      try {
        return JSON.parse(attr);
      } catch (e) {
        optionsError = new Error('sessionutils: the data-options attribute is not valid JSON: ' + e.message);
        return {};
      }
    }
    return self.sessionUtilsOptions || {};
  }

  function readCookie(state) {
    try {
      return document.cookie;
    } catch (e) {
      state.flags |= COOKIE_ERROR;
      return '';
    }
  }

  function readItem(state) {
    try {
      var v = window.sessionStorage.getItem(TAB_KEY);
      if (v !== null) {
        state.flags |= ITEM_PRESENT;
        return v;
      }
    } catch (e) {
      state.flags |= ITEM_ERROR;
    }
    return '';
  }

  // reused returns a copy of the reusable result of op for the storage
  // read now, or null.
  function reused(op, state, cookie, item, now) {
    var r = reuse[op];
    // persistedOnly requests another shape of result, and a storage
    // failure must reach Go.
    var failed = PERSISTED_ONLY | COOKIE_ERROR | ITEM_ERROR |
      COOKIE_WRITE_FAILED | ITEM_WRITE_FAILED;
    if (!r || (state.flags & failed) !== 0 || now > r.until || now < r.at ||
        cookie !== r.cookie || item !== r.item) {
      return null;
    }
    var copy = {};
    for (var key in r.result) {
      copy[key] = r.result[key];
    }
    copy.elapsed = now - copy.created;
    copy.isNew = false;
    if (op === OP.getSession) {
      copy.remaining = copy.expires - now;
      copy.isExpired = false;
    }
    return copy;
  }

  // call copies the inputs into Go's memory, runs op, applies the writes
  // Go requests, delivers change events, and returns the parsed result.
  function call(op, minutes, flags, extraText) {
    if (!exports) {
      throw new Error('sessionutils: not ready; await sessionUtils.ready first');
    }
    var state = { flags: (flags || 0) | pendingFlags };
    pendingFlags = 0;
    var cookie = op === OP.configure ? '' : readCookie(state);
    var item = READS_TAB[op] ? readItem(state) : '';
    var now = Date.now();
    var copy = reused(op, state, cookie, item, now);
    if (copy) {
      return copy;
    }
    if (op !== OP.getSession && op !== OP.getTabSession && op !== OP.getPageSession) {
      reuse = {};
    }
    var extra = extraText || '';
    // encodeInto writes at most 3 bytes per UTF-16 unit.
    var max = 3 * (cookie.length + item.length + extra.length);
    var ptr = exports.sessionutils_input(max);
    var mem = new Uint8Array(exports.mem.buffer, ptr, max);
    var c = encoder.encodeInto(cookie, mem).written;
    var i = encoder.encodeInto(item, mem.subarray(c)).written;
    var x = encoder.encodeInto(extra, mem.subarray(c + i)).written;
    var n = exports.sessionutils_call(op, +minutes || 0, state.flags, now, c, i, x);
    var out = exports.sessionutils_output();
    var records = decoder.decode(new Uint8Array(exports.mem.buffer, out, n)).split('\0');
    var last = records.length - 1;
    var events = [];
    var until = 0;
    for (var k = 0; k < last; k++) {
      var kind = records[k].charAt(0);
      if (kind === 'V') {
        events.push(records[k].slice(1));
      } else if (kind === 'T') {
        until = +records[k].slice(1);
      } else {
        apply(records[k]);
      }
    }
    if (last > 0 && !until) {
      reuse = {}; // something was written or changed
    }
    for (k = 0; k < events.length; k++) {
      emit(events[k]);
    }
    var result = records[last];
    if (result.charAt(0) === 'E') {
      throw new Error(result.slice(1));
    }
    var parsed = JSON.parse(result.slice(1));
    if (until) {
      reuse[op] = {cookie: cookie, item: item, at: now, until: until, result: parsed};
      var copy = {};
      for (var key in parsed) {
        copy[key] = parsed[key];
      }
      return copy;
    }
    return parsed;
  }

  // apply performs one write that Go asked for. A write that fails is
  // reported with the next call, and Go keeps that tier in memory.
  function apply(record) {
    var value = record.slice(1);
    if (record.charAt(0) === 'C') {
      try {
        document.cookie = value;
        // A browser that blocks cookies may drop the write silently, so
        // check that the cookie exists; deletions (Max-Age=0) are not
        // checked. Only the name is looked for, because another tab may
        // have written its own value in the meantime. Reading after a
        // write costs about 0.2 ms, but a session writes about once a
        // minute.
        if (value.indexOf('Max-Age=0') < 0 &&
            ('; ' + document.cookie).indexOf('; ' + value.slice(0, value.indexOf('=') + 1)) < 0) {
          pendingFlags |= COOKIE_WRITE_FAILED;
        }
      } catch (e) {
        pendingFlags |= COOKIE_WRITE_FAILED;
      }
    } else if (record.charAt(0) === 'S') {
      try {
        window.sessionStorage.setItem(TAB_KEY, value);
      } catch (e) {
        pendingFlags |= ITEM_WRITE_FAILED;
      }
    }
  }

  function emit(json) {
    var change = JSON.parse(json);
    if (options.debug) {
      console.info('sessionutils: ' + change.tier + ' session ' +
        (change.session ? change.session.id : 'removed') + ' (' + change.reason +
        (change.oldId ? ', was ' + change.oldId : '') + ')');
    }
    var current = listeners.slice();
    for (var i = 0; i < current.length; i++) {
      try {
        current[i](change);
      } catch (e) {
        // One failing callback must not stop the others or the call.
        if (typeof reportError === 'function') {
          reportError(e);
        } else {
          setTimeout(function () { throw e; });
        }
      }
    }
  }

  function minutesArg(minutes) {
    return minutes === undefined ? 30 : minutes;
  }

  function extraArg(extra) {
    if (extra === undefined || extra === null) {
      return 'null';
    }
    if (typeof extra !== 'object' || Array.isArray(extra)) {
      throw new TypeError('sessionutils: extra attributes must be a plain object, not ' +
        (Array.isArray(extra) ? 'an array' : typeof extra));
    }
    return JSON.stringify(extra);
  }

  var api = {
    getSession: function (minutes, persistedOnly) {
      return call(OP.getSession, minutesArg(minutes), persistedOnly ? PERSISTED_ONLY : 0);
    },
    setSession: function (minutes, extra, extend) {
      return call(OP.setSession, minutesArg(minutes), extend ? EXTEND : 0, extraArg(extra));
    },
    extendSession: function (minutes, extra, shorten) {
      return call(OP.extendSession, minutesArg(minutes), shorten ? SHORTEN : 0, extraArg(extra));
    },
    removeSession: function () {
      call(OP.removeSession, 0, 0);
    },
    getTabSession: function () { return call(OP.getTabSession, 0, 0); },
    setTabSession: function () { return call(OP.setTabSession, 0, 0); },
    getPageSession: function () { return call(OP.getPageSession, 0, 0); },
    setPageSession: function () { return call(OP.setPageSession, 0, 0); },
    peekSession: function () { return call(OP.peekSession, 0, 0); },
    peekTabSession: function () { return call(OP.peekTabSession, 0, 0); },
    peekPageSession: function () { return call(OP.peekPageSession, 0, 0); },

    // onChange registers callback({tier, oldId, session, reason}) and
    // returns a function that unregisters it.
    onChange: function (callback) {
      if (typeof callback !== 'function') {
        throw new TypeError('sessionutils: onChange needs a function');
      }
      listeners.push(callback);
      return function () {
        var i = listeners.indexOf(callback);
        if (i >= 0) {
          listeners.splice(i, 1);
        }
      };
    },

    // requestHeaders returns the headers that tell a server which tab and
    // page sent a request; package sessionhttp reads them.
    requestHeaders: function () {
      var page = api.getPageSession();
      return { 'Session-Tab-Id': page.parentId, 'Session-Page-Id': page.id };
    },

    // fetch is window.fetch with the tab and page headers added. The
    // persisted session travels in its cookie, as on every request.
    fetch: function (input, init) {
      var request = new Request(input, init);
      var headers = api.requestHeaders();
      for (var name in headers) {
        request.headers.set(name, headers[name]);
      }
      return window.fetch(request);
    },

    // _emitLater delivers a change made by a call from Go. It waits for
    // a microtask, so that a callback calling back into Go does not run
    // while Go is still inside its call.
    _emitLater: function (json) {
      queueMicrotask(function () { emit(json); });
    }
  };

  // markLive detects a copied sessionStorage and marks this one live. Only
  // the top-level page does it: a same-origin iframe shares the tab's
  // storage with its parent and would take the parent for a duplicate.
  // It also reports a sessionStorage that cannot be written, so that the
  // first tab session already lives in memory.
  function markLive() {
    var flags = 0;
    try {
      var storage = window.sessionStorage;
      if (window !== window.top) {
        storage.setItem(LIVE_KEY + '_probe', '1');
        storage.removeItem(LIVE_KEY + '_probe');
        return 0;
      }
      if (storage.getItem(LIVE_KEY) !== null) {
        flags = DUPLICATE;
      }
      storage.setItem(LIVE_KEY, '1');
      window.addEventListener('pagehide', function () {
        try { storage.removeItem(LIVE_KEY); } catch (e) { /* blocked */ }
      });
    } catch (e) {
      // Without sessionStorage the tab session lives in page memory and
      // cannot be copied.
      flags |= ITEM_WRITE_FAILED;
    }
    return flags;
  }

  function campaignKey() {
    var params = new URLSearchParams(location.search);
    var keys = [];
    params.forEach(function (value, key) {
      if (key.indexOf('utm_') === 0 || key === 'gclid') {
        keys.push(encodeURIComponent(key) + '=' + encodeURIComponent(value));
      }
    });
    return keys.sort().join('&');
  }

  function routeKey() {
    return location.pathname +
      (options.queryRoutes ? location.search : '') +
      (options.hashRoutes === false ? '' : location.hash);
  }

  // watchNavigation starts a new page session when a single-page app
  // changes the route, and when the back/forward cache restores the page.
  function watchNavigation() {
    var route = routeKey();
    function changed() {
      var next = routeKey();
      if (next !== route) {
        route = next;
        if (options.campaign) {
          call(OP.campaign, 0, 0, campaignKey());
        }
        call(OP.navigate, 0, 0);
      }
    }
    ['pushState', 'replaceState'].forEach(function (name) {
      var original = history[name];
      history[name] = function () {
        var result = original.apply(this, arguments);
        changed();
        return result;
      };
    });
    window.addEventListener('popstate', changed);
    window.addEventListener('hashchange', changed);
    window.addEventListener('pageshow', function (event) {
      if (event.persisted) {
        try {
          if (window === window.top) {
            window.sessionStorage.setItem(LIVE_KEY, '1');
          }
        } catch (e) { /* blocked */ }
        call(OP.restored, 0, 0);
      }
    });
  }

  function instantiate(go) {
    function fromBytes() {
      return fetch(wasmURL)
        .then(function (r) {
          if (!r.ok) {
            throw new Error('sessionutils: fetching ' + wasmURL + ' failed: HTTP ' + r.status);
          }
          return r.arrayBuffer();
        })
        .then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
    }
    if (!WebAssembly.instantiateStreaming) {
      return fromBytes();
    }
    // A server that sends the wrong Content-Type defeats streaming
    // compilation; compile from the bytes instead.
    return WebAssembly.instantiateStreaming(fetch(wasmURL), go.importObject)
      .catch(fromBytes);
  }

  var startFlags = markLive() | (location.protocol === 'https:' ? SECURE : 0);

  // NOTE: on a 2-core machine ready resolves about 350 ms after the script
  // starts with an empty cache and 180 ms with a warm one, most of it the
  // download and Go's own start; BENCHMARKS.md has the breakdown.
  api.ready = Promise.resolve().then(function () {
    if (optionsError) {
      throw optionsError;
    }
    var go = new Go();
    return instantiate(go).then(function (result) {
      // run returns once the Go program's main blocks.
      go.run(result.instance);
      exports = result.instance.exports;
      try {
        call(OP.configure, 0, startFlags, JSON.stringify(options));
      } catch (e) {
        exports = null; // calls keep throwing rather than use defaults
        throw e;
      }
      if (options.campaign) {
        call(OP.campaign, 0, 0, campaignKey());
      }
      watchNavigation();
      return api;
    });
  });
  // A page that never awaits ready must not see an unhandled rejection;
  // awaiting it still throws.
  api.ready.catch(function () {});

  window.sessionUtils = api;
})();
