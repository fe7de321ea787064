// kb in the meeting room (issue 19): the bundle kb-export writes, opened from file:// with
// the network off, and the search page served by kb-searchd installed as a web app that
// keeps working when the daemon is gone. The engine's answers are compared with the
// daemon's for the same index (offline-engine.test.mjs compares many more queries).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { artifact, axeViolations, run, setup, startSearchd, stopChild, until } from './harness.mjs';

const DNS_ABUSE_PROOF_POINTS = ['wsis20-framework/m1/pp4', 'wsis20-framework/m5/pp3'];

let env;
let exportBin;
before(async () => {
  env = await setup();
  exportBin = process.env.KB_EXPORT_BIN && path.resolve(process.env.KB_EXPORT_BIN);
  if (!exportBin || !fs.existsSync(exportBin)) throw new Error('offline tests need KB_EXPORT_BIN, the kb-export binary (ctest -L browser sets it)');
});
after(async () => { if (env) await env.close(); });

const hitIds = (page) => page.$$eval('#view .hit', (els) => els.map((e) => e.dataset.id));

async function search(page, q) {
  await page.fill('#q', q);
  await page.press('#q', 'Enter');
  await until(async () => new URL(page.url()).searchParams.get('q') === q, { message: `q=${q} in the URL` });
  await page.waitForSelector('#view[aria-busy=false] .hit');
}

describe('offline bundle (kb-export) from file://', () => {
  test('searches, filters, cites and briefs with the network off and no request leaving the folder', async (t) => {
    const bundle = path.join(env.tmp, 'bundle');
    const out = run(exportBin, [bundle, '--index', env.indexDir, '--ui', env.uiDir], 'kb-export');
    t.diagnostic(out.trim());
    const page = await env.newPage({ offline: true, bypassCSP: true });
    const requests = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    const started = Date.now();
    await page.goto(pathToFileURL(path.join(bundle, 'index.html')).href);
    await page.waitForSelector('#view[aria-busy=false]');
    t.diagnostic(`home page drawn ${Date.now() - started} ms after navigation (a figure, not a bound)`);
    assert.match(await page.locator('.foot').textContent(), /Offline copy exported \d{4}-\d{2}-\d{2}/);

    await search(page, 'DNS abuse');
    const api = (await env.api('/api/v1/search?q=DNS%20abuse')).body;
    const ids = await hitIds(page);
    assert.deepEqual(ids.slice(0, 2).sort(), [...DNS_ABUSE_PROOF_POINTS].sort(), `the two DNS-abuse proof points first: ${ids.slice(0, 4)}`);
    assert.match(await page.locator('#view').textContent(), new RegExp(`${api.total} results for “DNS abuse”`), 'the daemon\'s count');
    for (const id of DNS_ABUSE_PROOF_POINTS) {
      const hit = page.locator(`#view .hit[data-id="${id}"]`);
      const expected = api.hits.find((h) => h.id === id);
      assert.equal(await hit.locator('.cite-link').textContent(), expected.cite, `${id}: its citation`);
      assert.equal(await hit.locator('[data-review]').first().getAttribute('data-review'), expected.review.status, `${id}: its review state`);
      assert.ok(await hit.locator('mark').count() > 0, `${id}: the query's words marked`);
    }

    // A facet filter with the daemon's disjunctive counts.
    await page.locator('#facets input[data-facet=audience][value=policymakers]').check();
    await until(async () => new URL(page.url()).searchParams.getAll('audience').includes('policymakers'), { message: 'audience in the URL' });
    await page.waitForSelector('#view[aria-busy=false] .hit');
    const filtered = (await env.api('/api/v1/search?q=DNS%20abuse&audience=policymakers')).body;
    await until(async () => (await hitIds(page)).length === filtered.total, { message: `${filtered.total} filtered hits` });
    assert.deepEqual((await hitIds(page)).sort(), filtered.hits.map((h) => h.id).sort());
    const shown = await page.$$eval('#facets input[data-facet=kind]', (inputs) => inputs.map((i) => [i.value, Number(i.parentElement.querySelector('.fc').textContent)]));
    for (const [value, count] of shown) {
      const expected = filtered.facets.kind.find((v) => v.value === value);
      assert.equal(count, expected ? expected.count : 0, `kind ${value}: the daemon's count`);
    }

    // The brief for that audience and topic, as the daemon makes it.
    await page.locator('.brief-link').first().click();
    await page.waitForURL(/brief\.html\?/);
    await page.waitForSelector('#view[aria-busy=false] .b-message');
    const brief = (await env.api('/api/v1/brief?audience=policymakers&q=DNS%20abuse')).body;
    assert.deepEqual(await page.$$eval('.b-message', (els) => els.map((e) => e.dataset.id)), brief.messages.map((m) => m.message.id));
    const pps = await page.$$eval('.b-pps li', (els) => els.map((e) => e.dataset.id));
    assert.deepEqual(pps, brief.messages.flatMap((m) => m.proof_points.map((p) => p.id)));
    for (const id of DNS_ABUSE_PROOF_POINTS) assert.ok(pps.includes(id), `${id} in the brief`);
    assert.equal(await page.locator('.b-sources li').count(), brief.sources.length);
    assert.equal(await page.locator('.b-why').first().textContent(), `Why ${brief.messages[0].why.summary}`);
    const errorsBeforeAxe = page.errors.length;
    assert.deepEqual(await axeViolations(page), []);
    // axe reads the stylesheets with XMLHttpRequest, which file:// refuses; the page does not.
    const axeNoise = /XMLHttpRequest at 'file:[^']*\.css'|Failed to load resource: net::ERR_FAILED/;
    page.errors.splice(errorsBeforeAxe, Infinity, ...page.errors.slice(errorsBeforeAxe).filter((e) => !axeNoise.test(e)));
    await page.screenshot({ path: artifact('offline-brief.png'), fullPage: true });

    // A citation opens the source view with the cited lines marked.
    await page.goto(pathToFileURL(path.join(bundle, 'index.html')).href + '?q=DNS+abuse');
    await page.waitForSelector('#view[aria-busy=false] .hit');
    await page.locator(`#view .hit[data-id="${DNS_ABUSE_PROOF_POINTS[0]}"] .cite-link`).click();
    await page.waitForSelector('.src-line.marked');
    assert.ok((await page.locator('.src-line.marked').count()) >= 1);
    await page.screenshot({ path: artifact('offline-source.png') });

    assert.deepEqual(requests, [], 'nothing is fetched from outside the folder');
    assert.deepEqual(page.errors, [], 'no script errors');
    await page.context().close();
  });

  test('answers the first search of a fresh page, measured from navigation (a figure, not a bound)', async (t) => {
    const bundle = path.join(env.tmp, 'bundle');
    const page = await env.newPage({ offline: true });
    const started = Date.now();
    await page.goto(`${pathToFileURL(path.join(bundle, 'index.html')).href}?q=IGF+funding`);
    await page.waitForSelector('#view[aria-busy=false] .hit');
    const timing = await page.evaluate(async () => {
      const t0 = performance.now();
      const r = await self.KB_OFFLINE.api('search?q=technical+community&audience=governments');
      return { ms: performance.now() - t0, total: r.data.total, nav: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd };
    });
    t.diagnostic(`first results ${Date.now() - started} ms after navigation; a further search ${timing.ms.toFixed(1)} ms in the page`);
    assert.ok(timing.total > 0);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});

describe('installed web app (kb-searchd + service worker)', () => {
  test('caches the UI and the generation\'s data, refreshes them on a new generation, and searches offline once the daemon is gone', async () => {
    // A daemon of its own, to stop it: the other tests keep theirs.
    const indexDir = path.join(env.tmp, 'app-index');
    run(process.env.KB_INDEX_BIN, [env.corpusDir, '--out', indexDir, '-q'], 'kb-index');
    const daemon = await startSearchd(path.resolve(process.env.KB_SEARCHD_BIN), [
      '--index', indexDir, '--port', '0', '--bind', '127.0.0.1', '--ui', env.uiDir, '--access-log', 'off']);
    try {
      const origin = daemon.origin;
      const manifest = async () => (await fetch(`${origin}/offline/manifest.json`)).json();
      const first = await manifest();
      assert.ok(first.files.includes('offline/kb-data.js'));
      const app = await (await fetch(`${origin}/manifest.webmanifest`)).json();
      assert.equal(app.display, 'standalone');

      const page = await env.newPage();
      await page.goto(`${origin}/`);
      await page.waitForSelector('#view[aria-busy=false]');
      const cacheNames = () => page.evaluate(() => caches.keys());
      await until(async () => (await cacheNames()).includes(`kb-data-${first.generation}`), { timeout: 20_000, message: 'the generation\'s data cached' });
      await until(() => page.evaluate(() => !!navigator.serviceWorker.controller), { message: 'the service worker controls the page' });

      // A new generation: the next load caches its data and drops the old.
      run(process.env.KB_INDEX_BIN, [env.corpusDir, '--out', indexDir, '-q', '--full'], 'kb-index');
      const second = await until(async () => { const m = await manifest(); return m.generation !== first.generation && m; }, { message: 'a new generation served' });
      await page.reload();
      await page.waitForSelector('#view[aria-busy=false]');
      await until(async () => {
        const names = await cacheNames();
        return names.includes(`kb-data-${second.generation}`) && !names.includes(`kb-data-${first.generation}`);
      }, { timeout: 20_000, message: 'the new generation cached, the old one dropped' });

      // Offline: the daemon stopped and the network off.
      await stopChild(daemon.child);
      await page.context().setOffline(true);
      await page.reload();
      await page.waitForSelector('#view[aria-busy=false]');
      await search(page, 'DNS abuse');
      const ids = await hitIds(page);
      assert.deepEqual(ids.slice(0, 2).sort(), [...DNS_ABUSE_PROOF_POINTS].sort());
      assert.match(await page.locator('.foot').textContent(), /Offline: the search service cannot be reached/);
      await page.goto(`${origin}/brief?audience=policymakers&q=DNS+abuse`);
      await page.waitForSelector('#view[aria-busy=false] .b-message');
      const pps = await page.$$eval('.b-pps li', (els) => els.map((e) => e.dataset.id));
      for (const id of DNS_ABUSE_PROOF_POINTS) assert.ok(pps.includes(id), `${id} in the offline brief`);
      const errors = page.errors.filter((e) => !/Failed to load resource: net::ERR_(INTERNET_DISCONNECTED|CONNECTION_REFUSED)/.test(e));
      assert.deepEqual(errors, [], 'no script errors (the API calls that cannot reach the daemon aside)');
      await page.context().close();
    } finally {
      await stopChild(daemon.child);
    }
  });
});
