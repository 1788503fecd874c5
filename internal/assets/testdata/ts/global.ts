// Typed use of the global window.sessionUtils, as a page that loads
// sessionutils.js with a script tag writes it. tsc --noEmit must accept this
// file. Each line after @ts-expect-error is a mistake that the types must
// reject.

/// <reference path="../../sessionutils.d.ts" />

window.sessionUtilsOptions = { cookieName: '__visit', debug: true };

window.sessionUtils.ready.then((api) => {
  const id: string = api.getSession().id;
  const tabParent: string = api.getTabSession().parentId;
  const pageParent: string = api.getPageSession().parentId;
  const expires: number = sessionUtils.setSession(30, { plan: 'pro' }).expires;
  const headers = api.requestHeaders();
  const pageId: string = headers['Session-Page-Id'];
  api.fetch('/api', { headers: { Accept: 'application/json' } });
  const stop = api.onChange((event) => console.log(event.tier, event.reason));
  stop();
});

// @ts-expect-error options are an object.
window.sessionUtilsOptions = 'debug';
// @ts-expect-error the global has no such call.
window.sessionUtils.getSessions();
