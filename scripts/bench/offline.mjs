// The offline bundle in Debian's headless chromium (scripts/bench/offline.sh runs it):
// time to first result of a fresh page opened from file:// with the network off, and the
// search latency in the page, next to the same searches sent to kb-searchd from a page it
// serves (the peer, same run). Prints one table row per bundle.
//   node scripts/bench/offline.mjs NAME BUNDLE_DIR DAEMON_ORIGIN [RUNS]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(path.resolve('tests/browser/package.json'));
const { chromium } = require('playwright-core');
const [name, bundle, origin, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 10);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]; };
const bytes = (dir) => fs.readdirSync(dir, { withFileTypes: true, recursive: true })
  .filter((e) => e.isFile()).reduce((a, e) => a + fs.statSync(path.join(e.parentPath ?? e.path, e.name)).size, 0);

// Queries a page sends: pairs of words of the corpus, half of them typed (partial).
globalThis.self = globalThis;
require(path.resolve(bundle, 'offline/kb-data.js'));
const vocabulary = Object.keys(self.KB_DATA.terms.word_stems).filter((w) => /^[a-z]{4,}$/.test(w));
let seed = 7;
const pick = () => vocabulary[(seed = (seed * 1103515245 + 12345) % 2147483648) % vocabulary.length];
const queries = Array.from({ length: 100 }, (_, i) => (i % 2 ? `q=${pick()}+${pick().slice(0, 3)}&partial=true` : `q=${pick()}+${pick()}`));

const browser = await chromium.launch({ executablePath: process.env.KB_CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const first = [];
const afterLoad = [];
for (let i = 0; i < runs; ++i) {
  const context = await browser.newContext({ offline: true });
  const page = await context.newPage();
  await page.addInitScript(() => {
    new MutationObserver(() => {
      if (!self.__first && document.querySelector('#view .hit')) self.__first = performance.now();
    }).observe(document, { subtree: true, childList: true });
  });
  await page.goto(`${pathToFileURL(path.join(bundle, 'index.html')).href}?q=${encodeURIComponent(queries[i * 2].slice(2).replace('+', ' '))}`);
  await page.waitForFunction(() => self.__first || document.querySelector('#view .empty, #view .notice'), null, { timeout: 60_000 });
  const t = await page.evaluate(() => ({ first: self.__first, dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd }));
  if (t.first) { first.push(t.first); afterLoad.push(t.first - t.dcl); }
  await context.close();
}

const latencies = (page, run) => page.evaluate(async ({ qs, code }) => {
  const f = new Function('q', code);  // eslint-disable-line no-new-func
  const ms = [];
  for (const q of qs) { const t = performance.now(); await f(q); ms.push(performance.now() - t); }
  return ms;
}, { qs: queries, code: run });
const offlinePage = await (await browser.newContext({ offline: true })).newPage();
await offlinePage.goto(pathToFileURL(path.join(bundle, 'index.html')).href);
await offlinePage.waitForFunction(() => self.KB_OFFLINE);
await offlinePage.evaluate(() => self.KB_OFFLINE.api('search?q=warm'));
const offline = await latencies(offlinePage, 'return self.KB_OFFLINE.api(`search?${q}`)');
const daemonPage = await (await browser.newContext()).newPage();
await daemonPage.goto(`${origin}/`);
const daemon = await latencies(daemonPage, 'return fetch(`api/v1/search?${q}`).then((r) => r.json())');
await browser.close();

const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
const f = (x) => x.toFixed(1);
console.log(`| ${name} | ${self.KB_DATA.units.length} | ${kib(bytes(bundle))} | ${kib(fs.statSync(path.join(bundle, 'offline/kb-data.js')).size)} | ${f(median(first))} | ${f(median(afterLoad))} | ${f(median(offline))} / ${f(p95(offline))} | ${f(median(daemon))} / ${f(p95(daemon))} |`);
