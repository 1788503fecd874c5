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
    (script && script.getAttribute('data-wasm')) || 'sessionutils.wasm',
    (script && script.src) || document.baseURI
  );

  var OP = {
    getSession: 1, setSession: 2, extendSession: 3, removeSession: 4,
    getTabSession: 5, setTabSession: 6, getPageSession: 7, setPageSession: 8
  };
  var PERSISTED_ONLY = 1, EXTEND = 2, COOKIE_ERROR = 4, ITEM_PRESENT = 8,
    ITEM_ERROR = 16;
  var TAB_KEY = '__session_tab';

  var encoder = new TextEncoder();
  var decoder = new TextDecoder();
  var exports = null;

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

  // call copies the inputs into Go's memory, runs op, applies the writes
  // Go asks for, and returns the parsed result.
  function call(op, minutes, flags, extra) {
    if (!exports) {
      throw new Error('sessionutils: not ready; await sessionUtils.ready first');
    }
    var state = { flags: flags || 0 };
    var cookie = readCookie(state);
    var item = op >= OP.getTabSession ? readItem(state) : '';
    var extraJSON = extra === undefined || extra === null ? 'null' : JSON.stringify(extra);
    // encodeInto writes at most 3 bytes per UTF-16 unit.
    var max = 3 * (cookie.length + item.length + extraJSON.length);
    var ptr = exports.sessionutils_input(max);
    var mem = new Uint8Array(exports.mem.buffer, ptr, max);
    var c = encoder.encodeInto(cookie, mem).written;
    var i = encoder.encodeInto(item, mem.subarray(c)).written;
    var x = encoder.encodeInto(extraJSON, mem.subarray(c + i)).written;
    var n = exports.sessionutils_call(op, +minutes || 0, state.flags, Date.now(), c, i, x);
    var out = exports.sessionutils_output();
    var records = decoder.decode(new Uint8Array(exports.mem.buffer, out, n)).split('\0');
    var last = records.length - 1;
    for (var k = 0; k < last; k++) {
      apply(records[k]);
    }
    var result = records[last];
    if (result.charAt(0) === 'E') {
      throw new Error(result.slice(1));
    }
    return JSON.parse(result.slice(1));
  }

  function apply(record) {
    var value = record.slice(1);
    try {
      if (record.charAt(0) === 'C') {
        document.cookie = value;
      } else if (record.charAt(0) === 'S') {
        window.sessionStorage.setItem(TAB_KEY, value);
      }
    } catch (e) {
      // Blocked storage: the module keeps the session in memory and says
      // so in the result's storage field on the next call.
    }
  }

  function minutesArg(minutes) {
    return minutes === undefined ? 30 : minutes;
  }

  var api = {
    getSession: function (minutes, persistedOnly) {
      return call(OP.getSession, minutesArg(minutes), persistedOnly ? PERSISTED_ONLY : 0);
    },
    setSession: function (minutes, extra, extend) {
      return call(OP.setSession, minutesArg(minutes), extend ? EXTEND : 0, extra);
    },
    extendSession: function (minutes, extra) {
      return call(OP.extendSession, minutesArg(minutes), 0, extra);
    },
    removeSession: function () {
      call(OP.removeSession, 0, 0);
    },
    getTabSession: function () { return call(OP.getTabSession, 0, 0); },
    setTabSession: function () { return call(OP.setTabSession, 0, 0); },
    getPageSession: function () { return call(OP.getPageSession, 0, 0); },
    setPageSession: function () { return call(OP.setPageSession, 0, 0); },

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
    }
  };

  function instantiate(go) {
    if (WebAssembly.instantiateStreaming) {
      return WebAssembly.instantiateStreaming(fetch(wasmURL), go.importObject)
        .catch(function () {
          // A server that sends the wrong Content-Type defeats streaming
          // compilation; compile from the bytes instead.
          return fetch(wasmURL)
            .then(function (r) { return r.arrayBuffer(); })
            .then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
        });
    }
    return fetch(wasmURL)
      .then(function (r) { return r.arrayBuffer(); })
      .then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
  }

  api.ready = Promise.resolve().then(function () {
    var go = new Go();
    return instantiate(go).then(function (result) {
      // run returns once the Go program's main blocks, after it has set
      // up the page's sessions.
      go.run(result.instance);
      exports = result.instance.exports;
      return api;
    });
  });

  window.sessionUtils = api;
})();
