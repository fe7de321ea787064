/*
 * kb's service worker: the search page served by kb-searchd as an installable web app that
 * keeps working offline. It keeps the UI's files and the offline data of the generation
 * the daemon serves (GET /offline/manifest.json lists them: ui/offline.js answers from
 * them) and refreshes that data when a newer generation is published (the page asks on
 * every load). Pages and files come from the network while it answers, from the cache
 * when it does not; the API is never cached here: when it cannot be reached, app.js asks
 * the offline engine instead.
 */
'use strict';

const UI_CACHE = 'kb-ui-v1';
const DATA_PREFIX = 'kb-data-';
const UI_FILES = ['./', 'brief', 'app.js', 'app.css', 'offline.js', 'favicon.svg', 'manifest.webmanifest'];
const NETWORK_WAIT_MS = 4000;  // a network that does not answer in time is as good as none

const scoped = (path) => new URL(path, self.registration.scope).href;

// The generation's data into its own cache; the caches of older generations dropped.
async function refreshData() {
  const res = await fetch(scoped('offline/manifest.json'), { cache: 'no-store' });
  if (!res.ok) return;
  const manifest = await res.json();
  const name = DATA_PREFIX + manifest.generation;
  const have = await caches.has(name);
  if (!have) {
    const cache = await caches.open(`${name}.partial`);
    await cache.addAll(manifest.files.map(scoped));
    // Complete: only now does it replace the previous generation's data.
    const complete = await caches.open(name);
    for (const req of await cache.keys()) await complete.put(req, await cache.match(req));
    await caches.delete(`${name}.partial`);
  }
  for (const key of await caches.keys()) if (key.startsWith(DATA_PREFIX) && key !== name) await caches.delete(key);
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(UI_CACHE);
    await cache.addAll(UI_FILES.map(scoped));
    await refreshData();
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'refresh') event.waitUntil(refreshData().catch(() => {}));
});

function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
}

// The cached copy of a request: pages by path alone (their state is in the query).
async function cached(request) {
  const url = new URL(request.url);
  const page = request.mode === 'navigate';
  const key = page ? scoped(url.pathname.endsWith('/brief') || url.pathname.endsWith('/brief.html') ? 'brief' : './') : request.url;
  return caches.match(key, { ignoreSearch: page });
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.includes('/api/')) return;  // never cached: app.js falls back itself
  event.respondWith((async () => {
    try {
      const res = await withTimeout(fetch(request), NETWORK_WAIT_MS);
      if (res.ok && UI_FILES.some((f) => scoped(f) === url.href.split('?')[0]) && request.mode !== 'navigate') {
        const copy = res.clone();
        caches.open(UI_CACHE).then((c) => c.put(request, copy));
      }
      return res;
    } catch (err) {
      const hit = await cached(request);
      if (hit) return hit;
      throw err;
    }
  })());
});
