// Type definitions for sessionutils, the browser build of
// github.com/sessionutils/session: the global window.sessionUtils that
// sessionutils.js defines, its options and the session objects it returns.
// The ES module sessionutils.mjs is described in sessionutils.d.mts.
//
// A page that loads sessionutils.js with a script tag gets the global types
// by adding this file to its TypeScript program, for example with
// `/// <reference path="sessionutils.d.ts" />`.

/** The reason a session started. */
export type Reason =
  | 'new' // there was none
  | 'expired-idle' // the previous one saw no activity for its duration
  | 'expired-max' // the previous one reached Options.maxLifetime
  | 'midnight' // the previous one crossed local midnight
  | 'campaign' // the page arrived with new campaign parameters
  | 'removed' // the previous one was removed
  | 'set' // a set call replaced it
  | 'invalid' // the stored value could not be decoded
  | 'parent' // the enclosing session changed
  | 'navigation' // the page changed without a load
  | 'restored' // the page came back from the back/forward cache
  | 'duplicate' // the tab was duplicated
  | 'adopted'; // another tab's session was taken over

/** The three levels of the session hierarchy. */
export type Tier = 'persisted' | 'tab' | 'page';

/**
 * Extra attributes of a persisted session: any JSON-serializable values
 * under keys that do not name a session field. A reserved key makes the
 * call throw.
 */
export type ExtraAttributes = Record<string, unknown>;

/**
 * A persisted session as its cookie stores it: what
 * `getSession(minutes, true)` returns. Timestamps are Unix milliseconds and
 * durations milliseconds. The `...At` fields are the same instants in
 * ISO 8601.
 */
export interface StoredSession {
  id: string;
  created: number;
  createdAt: string;
  expires: number;
  expiresAt: string;
  duration: number;
  /** Time of the last extension, absent before the first one. */
  modified?: number;
  modifiedAt?: string;
  /** Id of the session this one replaced, absent when it replaced none. */
  previousId?: string;
  /**
   * The reason the session started. Absent on a session that
   * `@analytics/session-utils` wrote, because that package records none.
   */
  reason?: Reason;
  /**
   * The campaign parameters (utm_*, gclid) of the page that started the
   * session, when the campaign option is set.
   */
  campaign?: string;
  /** Extra attributes set with setSession or extendSession. */
  [attribute: string]: unknown;
}

/** A persisted session as getSession, setSession and extendSession return it. */
export interface PersistedSession extends StoredSession {
  /** Milliseconds since `created`. */
  elapsed: number;
  /** Milliseconds until `expires`, never negative. */
  remaining: number;
  isExpired: boolean;
  /** Whether this call started the session. */
  isNew: boolean;
  /** `"memory"` when the page cannot use cookies. */
  storage: 'cookie' | 'memory';
  /** False when the session lives only in page memory. */
  persists: boolean;
}

/** Fields common to tab and page sessions. */
export interface ScopeSession {
  id: string;
  created: number;
  createdAt: string;
  /** Milliseconds since `created`. */
  elapsed: number;
  /** Whether this call started the session. */
  isNew: boolean;
  /** Id of the enclosing session: the persisted one for a tab, the tab for a page. */
  parentId: string;
  /** Id of the session this one replaced, absent when it replaced none. */
  previousId?: string;
  reason: Reason;
  /** False when the session lives only in page memory. */
  persists: boolean;
}

/** A tab session, kept in sessionStorage until the tab closes. */
export interface TabSession extends ScopeSession {
  /** `"memory"` when the page cannot use sessionStorage. */
  storage: 'sessionStorage' | 'memory';
}

/** A page session, kept in the page's memory until the page changes. */
export interface PageSession extends ScopeSession {
  storage: 'memory';
}

/** A change of one tier's session, as onChange callbacks receive it. */
export type ChangeEvent =
  | {
      tier: 'persisted';
      /** Id of the session that ended, or null when there was none. */
      oldId: string | null;
      /** The new session, or null after removeSession. */
      session: PersistedSession | null;
      reason: Reason;
    }
  | { tier: 'tab'; oldId: string | null; session: TabSession; reason: Reason }
  | { tier: 'page'; oldId: string | null; session: PageSession; reason: Reason };

/**
 * Headers that tell the site's server which tab and page sent a request. A
 * type alias, unlike an interface, is assignable to HeadersInit.
 */
export type RequestHeaders = {
  'Session-Tab-Id': string;
  'Session-Page-Id': string;
};

/**
 * Options, set as window.sessionUtilsOptions before sessionutils.js runs or
 * as JSON in the data-options attribute of its script tag. Durations are in
 * milliseconds.
 */
export interface Options {
  /** The cookie's name. Default `"__session"`. */
  cookieName?: string;
  /** Idle timeout of a new session. Default 1800000 (30 minutes). */
  timeout?: number;
  /** Absolute cap from the session's start. Default 0, no cap. */
  maxLifetime?: number;
  /** How far the stored expiry may lag before the cookie is rewritten. Default 60000. */
  refreshInterval?: number;
  /** Cookie Domain, for sharing with subdomains. Default: host only. */
  domain?: string;
  /** Add the cookie's Secure attribute on http pages too. Pages on https always add it. Default false. */
  secure?: boolean;
  /** The cookie's SameSite attribute. Default `"Lax"`. `"None"` needs https. */
  sameSite?: 'Lax' | 'Strict' | 'None';
  /** IANA time zone in which a session ends at local midnight. Default none. */
  midnightTimeZone?: string;
  /** Start a new session when the page's utm_* or gclid parameters change. Default false. */
  campaign?: boolean;
  /** A hash change starts a new page session. Default true. */
  hashRoutes?: boolean;
  /** A change of the query string alone starts a new page session. Default false. */
  queryRoutes?: boolean;
  /** Log each change with its reason to the console. Default false. */
  debug?: boolean;
}

/**
 * The global window.sessionUtils. Every call except `ready` throws an Error
 * until `ready` resolves.
 */
export interface SessionUtils {
  /** Resolves to this object once the calls work. */
  readonly ready: Promise<SessionUtils>;

  /**
   * Returns the persisted session, starting one that lasts `minutes`
   * (default 30) when none is in force. Each call counts as activity.
   */
  getSession(minutes?: number, persistedOnly?: false): PersistedSession;
  /** Returns the stored session as it is, without counting as activity. */
  getSession(minutes: number | undefined, persistedOnly: true): StoredSession;
  getSession(
    minutes?: number,
    persistedOnly?: boolean,
  ): PersistedSession | StoredSession;

  /**
   * Starts a new persisted session lasting `minutes` (default 30) with the
   * extra attributes, or with `extend` true extends the current one.
   */
  setSession(
    minutes?: number,
    extra?: ExtraAttributes,
    extend?: boolean,
  ): PersistedSession;

  /**
   * Moves the persisted session's expiry to now plus `minutes` (default 30)
   * and merges `extra`. The expiry moves earlier only when `shorten` is true.
   */
  extendSession(
    minutes?: number,
    extra?: ExtraAttributes,
    shorten?: boolean,
  ): PersistedSession;

  /** Deletes the persisted session's cookie. */
  removeSession(): void;

  /** Returns the tab session, starting one when needed. */
  getTabSession(): TabSession;
  /** Starts a new tab session. */
  setTabSession(): TabSession;
  /** Returns the page session, starting one when needed. */
  getPageSession(): PageSession;
  /** Starts a new page session. */
  setPageSession(): PageSession;

  /** Returns the persisted session in force, or null, without changing anything. */
  peekSession(): PersistedSession | null;
  /** Returns the tab session in force, or null, without changing anything. */
  peekTabSession(): TabSession | null;
  /** Returns the page session in force, or null, without changing anything. */
  peekPageSession(): PageSession | null;

  /**
   * Calls `callback` once for each change of a session and returns a
   * function that unsubscribes it.
   */
  onChange(callback: (event: ChangeEvent) => void): () => void;

  /** Returns the headers with the current tab and page session ids. */
  requestHeaders(): RequestHeaders;
  /** window.fetch with the headers of requestHeaders added. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
}

declare global {
  interface Window {
    sessionUtils: SessionUtils;
    sessionUtilsOptions?: Options;
  }

  /** The global object, also reachable as window.sessionUtils. */
  var sessionUtils: SessionUtils;
}
