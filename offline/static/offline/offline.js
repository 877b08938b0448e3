/* "Keep <country> available offline": registers the service worker and, on request, saves the
   country's pages (the list comes from /<lang>/offline/<iso2>.json). Without JavaScript or
   service workers the button stays hidden and the portal works online as before. */
(function () {
  'use strict';
  if (!('serviceWorker' in navigator) || !window.caches || !window.fetch) { return; }
  navigator.serviceWorker.register('/sw.js');

  var CACHE = 'trm-offline-v1';

  function save(url, personal, saved) {
    return fetch(url, { credentials: personal ? 'same-origin' : 'omit' }).then(function (response) {
      if (!response.ok) { throw new Error(url + ': ' + response.status); }
      return response.blob().then(function (body) {
        var headers = new Headers(response.headers);
        headers.set('X-Offline-Saved', saved);
        if (personal) { headers.set('X-Offline-Personal', '1'); }
        return caches.open(CACHE).then(function (cache) {
          return cache.put(url, new Response(body, { status: response.status, headers: headers }));
        });
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-offline-list]'), function (box) {
    var button = box.querySelector('button');
    var status = box.querySelector('[role="status"]');
    var personalChoice = box.querySelector('input[name="personal"]');
    box.hidden = false;
    button.addEventListener('click', function () {
      var personal = Boolean(personalChoice && personalChoice.checked);
      var list = box.getAttribute('data-offline-list') + (personal ? '?personal=1' : '');
      button.disabled = true;
      status.textContent = box.getAttribute('data-saving');
      fetch(list, { credentials: personal ? 'same-origin' : 'omit' })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          var saved = new Date().toISOString();
          return Promise.all(data.urls.map(function (url) { return save(url, data.personal, saved); }))
            .then(function () { status.textContent = box.getAttribute('data-saved').replace('%(count)s', data.urls.length); });
        })
        .catch(function () { status.textContent = box.getAttribute('data-failed'); })
        .then(function () { button.disabled = false; });
    });
  });
})();
