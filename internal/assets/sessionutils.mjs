// sessionutils ES module: the calls of @analytics/session-utils 0.2.4 as
// named exports, so that importing from this file instead of
// '@analytics/session-utils' is the whole migration.
//
// The module uses the page's window.sessionUtils. When the page has none, it
// loads the classic script sessionutils.js from beside this module's URL,
// which fetches and starts the WebAssembly module. Options go through
// window.sessionUtilsOptions, which the script reads when it runs, so set
// them in a script that runs before this module is evaluated: imports are
// evaluated before the body of the module that imports them.
//
// The top-level await below holds back every importer until the calls work,
// so importers never see the "not ready" error of the global.

const scriptURL = new URL('sessionutils.js', import.meta.url);

// loadGlobal returns a promise of window.sessionUtils, adding a script
// element for sessionutils.js when the page has not loaded it.
function loadGlobal() {
  if (window.sessionUtils && window.sessionUtils.ready) {
    return Promise.resolve(window.sessionUtils);
  }
  return new Promise(function (resolve, reject) {
    const script = document.createElement('script');
    script.src = scriptURL.href;
    script.onload = function () {
      if (window.sessionUtils && window.sessionUtils.ready) {
        resolve(window.sessionUtils);
      } else {
        reject(new Error('sessionutils: ' + scriptURL.href +
          ' loaded but did not define window.sessionUtils'));
      }
    };
    script.onerror = function () {
      reject(new Error('sessionutils: failed to load ' + scriptURL.href));
    };
    document.head.appendChild(script);
  });
}

const api = await loadGlobal();
await api.ready;

// forward calls the member name of the global with args. Calling through the
// global, instead of exporting its functions, keeps `this` the global.
function forward(name, args) {
  if (typeof api[name] !== 'function') {
    throw new Error('sessionutils: sessionUtils.' + name +
      ' is not available in the loaded sessionutils.js');
  }
  return api[name].apply(api, args);
}

/** A promise that resolves to the global object; it has resolved once the import completes. */
export const ready = api.ready;

export function getSession(...args) { return forward('getSession', args); }
export function setSession(...args) { return forward('setSession', args); }
export function extendSession(...args) { return forward('extendSession', args); }
export function removeSession(...args) { return forward('removeSession', args); }
export function getTabSession(...args) { return forward('getTabSession', args); }
export function setTabSession(...args) { return forward('setTabSession', args); }
export function getPageSession(...args) { return forward('getPageSession', args); }
export function setPageSession(...args) { return forward('setPageSession', args); }

export function peekSession(...args) { return forward('peekSession', args); }
export function peekTabSession(...args) { return forward('peekTabSession', args); }
export function peekPageSession(...args) { return forward('peekPageSession', args); }
export function onChange(...args) { return forward('onChange', args); }

export function requestHeaders(...args) { return forward('requestHeaders', args); }
export function fetch(...args) { return forward('fetch', args); }

export default api;
