// Typed use of every export of sessionutils.mjs. tsc --noEmit must accept
// this file. Each line after @ts-expect-error is a mistake that the types
// must reject; tsc fails on a directive that has no error to suppress.

import sessionUtils, {
  extendSession,
  fetch,
  getPageSession,
  getSession,
  getTabSession,
  onChange,
  peekPageSession,
  peekSession,
  peekTabSession,
  ready,
  removeSession,
  requestHeaders,
  setPageSession,
  setSession,
  setTabSession,
  type ChangeEvent,
  type Options,
  type PageSession,
  type PersistedSession,
  type Reason,
  type SessionUtils,
  type StoredSession,
  type TabSession,
  type Tier,
} from '../../sessionutils.mjs';

const api: SessionUtils = await ready;
const sameObject: boolean = api === sessionUtils && api === window.sessionUtils;

// The persisted session.
const visit: PersistedSession = getSession();
const visitFields: [string, number, string, number, string, number] = [
  visit.id,
  visit.created,
  visit.createdAt,
  visit.expires,
  visit.expiresAt,
  visit.duration,
];
const progress: [number, number, boolean, boolean] = [
  visit.elapsed,
  visit.remaining,
  visit.isExpired,
  visit.isNew,
];
const modified: number | undefined = visit.modified;
const modifiedAt: string | undefined = visit.modifiedAt;
const previousId: string | undefined = visit.previousId;
const reason: Reason | undefined = visit.reason;
const campaign: string | undefined = visit.campaign;
const storage: 'cookie' | 'memory' = visit.storage;
const persists: boolean = visit.persists;
const plan: unknown = visit['plan'];

const longer: PersistedSession = getSession(60);
const stored: StoredSession = getSession(30, true);
const either: PersistedSession | StoredSession = getSession(undefined, Math.random() > 0.5);
const set: PersistedSession = setSession();
const withExtra: PersistedSession = setSession(30, { plan: 'pro', seats: 3 });
const extended: PersistedSession = setSession(30, { plan: 'team' }, true);
const extendedAgain: PersistedSession = extendSession(45);
const shortened: PersistedSession = extendSession(5, {}, true);
const removed: void = removeSession();

// Tab and page sessions.
const tab: TabSession = getTabSession();
const newTab: TabSession = setTabSession();
const page: PageSession = getPageSession();
const newPage: PageSession = setPageSession();
const tabFields: [string, number, string, number, boolean, string, Reason] = [
  tab.id,
  tab.created,
  tab.createdAt,
  tab.elapsed,
  tab.isNew,
  tab.parentId,
  tab.reason,
];
const tabStorage: 'sessionStorage' | 'memory' = tab.storage;
const pageStorage: 'memory' = page.storage;
const pagePrevious: string | undefined = page.previousId;
const pagePersists: boolean = page.persists;

// Peeking never starts a session, so there may be none.
const peeked: PersistedSession | null = peekSession();
const peekedTab: TabSession | null = peekTabSession();
const peekedPage: PageSession | null = peekPageSession();
const peekedId: string | undefined = peekSession()?.id;

// Changes.
const unsubscribe: () => void = onChange((event: ChangeEvent) => {
  const tier: Tier = event.tier;
  const oldId: string | null = event.oldId;
  const why: Reason = event.reason;
  switch (event.tier) {
    case 'persisted': {
      const next: PersistedSession | null = event.session;
      break;
    }
    case 'tab': {
      const next: TabSession = event.session;
      break;
    }
    case 'page': {
      const next: PageSession = event.session;
      break;
    }
  }
});
unsubscribe();

// Requests to the site's own server.
const headers: { 'Session-Tab-Id': string; 'Session-Page-Id': string } =
  requestHeaders();
const plain: HeadersInit = requestHeaders();
const response: Promise<Response> = fetch('/api/event', {
  method: 'POST',
  body: JSON.stringify({ page: page.id }),
});
const fromRequest: Promise<Response> = fetch(new Request('/api'));
const fromURL: Promise<Response> = fetch(new URL('/api', location.href));
const byHand: Promise<Response> = window.fetch('/api', { headers: requestHeaders() });

// Options.
const options: Options = {
  cookieName: '__session',
  timeout: 30 * 60 * 1000,
  maxLifetime: 0,
  refreshInterval: 60 * 1000,
  domain: 'example.com',
  secure: true,
  sameSite: 'Strict',
  midnightTimeZone: 'Europe/Berlin',
  campaign: true,
  hashRoutes: false,
  queryRoutes: true,
  debug: true,
};
window.sessionUtilsOptions = options;

// Mistakes that the types reject.

// @ts-expect-error minutes is a number.
getSession('30');
// @ts-expect-error persistedOnly is a boolean.
getSession(30, 'yes');
// @ts-expect-error the stored session has no computed fields.
const storedElapsed: number = getSession(30, true).elapsed;
// @ts-expect-error extra attributes are an object.
setSession(30, 'pro');
// @ts-expect-error extend is a boolean.
setSession(30, {}, 1);
// @ts-expect-error removeSession returns nothing.
const removedId: string = removeSession();
// @ts-expect-error modified is absent before the first extension.
const modifiedNow: number = visit.modified;
// @ts-expect-error campaign is absent unless the campaign option is set.
const campaignNow: string = visit.campaign;
// @ts-expect-error an extra attribute has an unknown type.
const planName: string = visit['plan'];
// @ts-expect-error tab sessions have no extra attributes.
tab.plan;
// @ts-expect-error setTabSession takes no arguments.
setTabSession(30);
// @ts-expect-error a page session lives in memory only.
const pageInCookie: 'cookie' = page.storage;
// @ts-expect-error peeking may find no session.
peekSession().id;
// @ts-expect-error a tab change carries a tab session.
onChange((event) => { if (event.tier === 'tab') { const s: PersistedSession = event.session; } });
// @ts-expect-error the unsubscribe function takes no callback.
onChange(() => {})(() => {});
// @ts-expect-error SameSite values are capitalized.
const lowerSameSite: Options = { sameSite: 'lax' };
// @ts-expect-error durations are milliseconds as numbers.
const textTimeout: Options = { timeout: '30m' };
// @ts-expect-error unknown option.
const misspelled: Options = { cookiename: 'x' };
// @ts-expect-error not a reason.
const badReason: Reason = 'expired';
// @ts-expect-error ready resolves to the global object, not a session.
const readySession: PersistedSession = await ready;
