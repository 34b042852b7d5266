/* OpenJobcenter app for /{{ slug }}/: keeps the app shell and the offline page, nothing personal.
   Pages are always fetched from the network; only when that fails does the offline page appear.
   A new version does not take over open tabs (no skipWaiting): it waits until they are closed,
   so an update never breaks a form someone is filling in. */
"use strict";

const PREFIX = "ojc-{{ slug }}-";
const CACHE = PREFIX + "__VERSION__";
const SHELL = {{ shell|safe }};
const OFFLINE = {{ offline|safe }};
const LANGUAGE_KEY = "/{{ slug }}/{{ language_key }}";
const STATIC_PREFIX = "{{ static_prefix }}";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      // One request after the other: a worker installing on many phones at once stays gentle.
      return Object.keys(OFFLINE).reduce(function (previous, language) {
        return previous.then(function () {
          // Without cookies: the cached page is the same for everybody and names nobody.
          return fetch(new Request(OFFLINE[language], { credentials: "omit" })).then(function (response) {
            if (!response.ok) { throw new Error("offline page " + response.status); }
            return cache.put(OFFLINE[language], response);
          });
        });
      }, cache.addAll(SHELL));
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(PREFIX) === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function offlinePage() {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(LANGUAGE_KEY).then(function (stored) {
      return stored ? stored.text() : "{{ default_language }}";
    }).then(function (language) {
      return cache.match(OFFLINE[language] || OFFLINE["{{ default_language }}"]);
    });
  }).then(function (page) { return page || Response.error(); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(offlinePage));
    return;
  }
  if (url.pathname.indexOf(STATIC_PREFIX) === 0 || SHELL.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
  }
});

// Pages tell the worker their language, so the offline page speaks it too.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "language" && OFFLINE[data.language]) {
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return cache.put(LANGUAGE_KEY, new Response(data.language));
    }));
  }
});

// Push notifications: the payload carries a generic title and text and the page to open.
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = {}; }
  event.waitUntil(self.registration.showNotification(data.title || "{{ jobcenter_name|escapejs }}", {
    body: data.body || "",
    tag: data.tag || undefined,
    data: { url: data.url || "/{{ slug }}/" },
    icon: "/{{ slug }}/app-icon-192.png"
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = new URL((event.notification.data && event.notification.data.url) || "/{{ slug }}/", self.location.origin);
  if (url.origin !== self.location.origin) { return; }
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    for (var i = 0; i < windows.length; i += 1) {
      if (windows[i].url === url.href && "focus" in windows[i]) { return windows[i].focus(); }
    }
    return self.clients.openWindow(url.href);
  }));
});
