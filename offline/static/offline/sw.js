/* The portal's service worker: pages from the network while there is one; saved countries' pages
   from the offline copy when there is none, under a banner saying how old the copy is.
   Saving happens on the reader's request (offline.js); nothing is cached behind their back. */
'use strict';

var CACHE = 'trm-offline-v1';
var SAVED = 'X-Offline-Saved';
var PERSONAL = 'X-Offline-Personal';

self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function (event) { event.waitUntil(self.clients.claim()); });

function isPersonal(response) {
  return /private/.test(response.headers.get('Cache-Control') || '');
}

function stamped(response, personal) {
  return response.blob().then(function (body) {
    var headers = new Headers(response.headers);
    headers.set(SAVED, new Date().toISOString());
    if (personal) { headers.set(PERSONAL, '1'); } else { headers.delete(PERSONAL); }
    return new Response(body, { status: response.status, statusText: response.statusText, headers: headers });
  });
}

/* Back online, a saved page is replaced by the fresh one. A practitioner's page never replaces a
   public copy: on a shared device the copy stays public unless its owner chose otherwise. */
function refresh(request, response) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request, { ignoreVary: true }).then(function (cached) {
      if (!cached || !response.ok) { return null; }
      var personal = isPersonal(response);
      if (personal && !cached.headers.get(PERSONAL)) { return null; }
      return stamped(response, personal).then(function (copy) { return cache.put(request, copy); });
    });
  });
}

/* Logging out forgets the practitioners-only copies. */
function forgetPersonal() {
  return caches.open(CACHE).then(function (cache) {
    return cache.keys().then(function (requests) {
      return Promise.all(requests.map(function (request) {
        return cache.match(request).then(function (response) {
          return response && response.headers.get(PERSONAL) ? cache.delete(request) : null;
        });
      }));
    });
  });
}

function withBanner(response) {
  var saved = response.headers.get(SAVED);
  var type = response.headers.get('Content-Type') || '';
  if (!saved || type.indexOf('text/html') !== 0) { return Promise.resolve(response); }
  return response.text().then(function (html) {
    var label = (html.match(/<meta name="offline-banner" content="([^"]*)">/) || [])[1] || 'Offline copy from %(date)s';
    var language = (html.match(/<html lang="([^"]+)"/) || [])[1] || 'en';
    var date;
    try {
      date = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(saved));
    } catch (error) {
      date = saved;
    }
    var banner = '<p class="offline-banner" role="status">' + label.replace('%(date)s', date) + '</p>';
    html = html.replace('<main id="main" tabindex="-1">', '<main id="main" tabindex="-1">' + banner);
    var headers = new Headers(response.headers);
    headers.delete('Content-Length');
    return new Response(html, { status: 200, headers: headers });
  });
}

function notSaved() {
  return new Response(
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Offline</title></head>' +
    '<body><main><h1>You are offline</h1><p>This page was not saved for offline use.</p></main></body></html>',
    { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } }
  );
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf('/admin/') === 0) { return; }
  if (request.method === 'POST' && /\/logout\/$/.test(url.pathname)) {
    event.respondWith(fetch(request).then(function (response) {
      return forgetPersonal().then(function () { return response; });
    }));
    return;
  }
  if (request.method !== 'GET') { return; }
  // A page is asked of the server each time (a cheap revalidation), not of the browser's HTTP
  // cache: online the reader gets today's page, offline the dated copy, never a silent old one.
  var live = request.mode === 'navigate'
    ? fetch(request.url, { cache: 'no-cache', credentials: 'same-origin', redirect: 'manual' })
    : fetch(request);
  event.respondWith(
    live.then(function (response) {
      event.waitUntil(refresh(request, response.clone()));
      return response;
    }).catch(function () {
      return caches.open(CACHE).then(function (cache) {
        return cache.match(request, { ignoreVary: true });
      }).then(function (cached) {
        return cached ? withBanner(cached) : notSaved();
      });
    })
  );
});
