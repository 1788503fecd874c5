// Type definitions for sessionutils.mjs, the ES module of sessionutils. Its
// named exports are the members of the global window.sessionUtils, which
// sessionutils.d.ts describes, and its default export is that global.
//
// TypeScript finds this file for `import { getSession } from
// './sessionutils.mjs'` when it sits next to sessionutils.mjs.

import type { SessionUtils } from './sessionutils.js';

export type {
  ChangeEvent,
  ExtraAttributes,
  Options,
  PageSession,
  PersistedSession,
  Reason,
  RequestHeaders,
  ScopeSession,
  SessionUtils,
  StoredSession,
  TabSession,
  Tier,
} from './sessionutils.js';

/** Resolved before the import completes; it resolves to the global object. */
export declare const ready: SessionUtils['ready'];

export declare const getSession: SessionUtils['getSession'];
export declare const setSession: SessionUtils['setSession'];
export declare const extendSession: SessionUtils['extendSession'];
export declare const removeSession: SessionUtils['removeSession'];
export declare const getTabSession: SessionUtils['getTabSession'];
export declare const setTabSession: SessionUtils['setTabSession'];
export declare const getPageSession: SessionUtils['getPageSession'];
export declare const setPageSession: SessionUtils['setPageSession'];

export declare const peekSession: SessionUtils['peekSession'];
export declare const peekTabSession: SessionUtils['peekTabSession'];
export declare const peekPageSession: SessionUtils['peekPageSession'];
export declare const onChange: SessionUtils['onChange'];

export declare const requestHeaders: SessionUtils['requestHeaders'];
export declare const fetch: SessionUtils['fetch'];

declare const sessionUtils: SessionUtils;
export default sessionUtils;
