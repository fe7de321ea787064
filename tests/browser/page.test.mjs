// The search page served by kb-searchd at / (ui/index.html, app.js, app.css), under the
// daemon's Content-Security-Policy.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { artifact, axeViolations, setup, until } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { if (env) await env.close(); });

async function open(path, opts) {
  const page = await env.newPage(opts);
  await page.goto(`${env.kbOrigin}${path}`);
  await page.waitForSelector('#view[aria-busy=false]');
  return page;
}

const facetCounts = (page, facet) => page.$$eval(`#facets input[data-facet=${facet}]`, (inputs) => inputs.map((i) => ({
  value: i.value, checked: i.checked, count: Number(i.parentElement.querySelector('.fc').textContent),
})));
const hitIds = (page) => page.$$eval('#view .hit', (els) => els.map((e) => e.dataset.id));
const resultsTitle = (page) => page.locator('#results-title').textContent();
const settled = (page) => page.waitForSelector('#view[aria-busy=false]');

describe('search page', () => {
  test('facet sidebar shows the API counts; a filter narrows results, keeps disjunctive counts, and is in the URL', async () => {
    const page = await open('/?q=igf');
    const api = (await env.api('/api/v1/search?q=igf&per_page=20')).body;
    assert.equal(await resultsTitle(page), `${api.total} results for “igf”`);
    assert.deepEqual(await hitIds(page), api.hits.map((h) => h.id));
    for (const facet of ['audience', 'kind', 'source']) {
      const shown = await facetCounts(page, facet);
      assert.deepEqual(shown.map((v) => [v.value, v.count]), api.facets[facet].slice(0, shown.length).map((v) => [v.value, v.count]), facet);
    }
    await page.locator('#facets input[data-facet=audience][value=policymakers]').check();
    await page.waitForURL(/audience=policymakers/);
    await settled(page);
    const filtered = (await env.api('/api/v1/search?q=igf&audience=policymakers&per_page=20')).body;
    await until(async () => (await resultsTitle(page)) === `${filtered.total} results for “igf”`, { message: 'filtered total' });
    assert.ok(filtered.total < api.total);
    const audience = await facetCounts(page, 'audience');
    assert.deepEqual(audience.find((v) => v.value === 'policymakers'), { value: 'policymakers', checked: true, count: filtered.total });
    assert.equal(audience.find((v) => v.value === 'technical-community').count,
      api.facets.audience.find((v) => v.value === 'technical-community').count, 'other audiences keep their counts (OR within a facet)');
    const kinds = await facetCounts(page, 'kind');
    assert.equal(kinds.reduce((a, v) => a + v.count, 0), filtered.total, 'other facets count the filtered units');
    // OR within a facet, AND across facets (repeated parameters).
    await page.locator('#facets input[data-facet=audience][value=civil-society]').check();
    await page.waitForURL(/audience=policymakers&audience=civil-society/);
    await settled(page);
    const both = (await env.api('/api/v1/search?q=igf&audience=policymakers&audience=civil-society&per_page=20')).body;
    await until(async () => (await resultsTitle(page)) === `${both.total} results for “igf”`, { message: 'OR total' });
    assert.equal(await page.locator('.active-filters .pill').count(), 2);
    await page.locator('.pill', { hasText: 'Civil Society' }).click();
    await page.waitForURL((u) => !u.search.includes('civil-society'));
    assert.deepEqual(page.errors, [], 'no script errors or CSP violations');
    await page.context().close();
  });

  test('filter values given as labels are resolved and the URL keeps the ids', async () => {
    const page = await open('/?q=igf&audience=Policymakers&message=Message+3');
    await page.waitForURL(/\?q=igf&audience=policymakers&message=wsis20-framework\/m3$/);
    assert.equal(await page.locator('#facets input[data-facet=audience][value=policymakers]').isChecked(), true);
    await page.locator('#facets input[data-facet=audience][value=policymakers]').uncheck();
    await page.waitForURL(/\?q=igf&message=wsis20-framework\/m3$/);
    await page.context().close();
  });

  test('group=message groups the hits under their messages', async () => {
    const page = await open('/?q=igf&group=message');
    const api = (await env.api('/api/v1/search?q=igf&group=message&per_page=20')).body;
    const groups = await page.$$eval('.group', (els) => els.map((g) => ({
      head: g.querySelector('.group-head h2').textContent, hits: [...g.querySelectorAll('.hit')].map((h) => h.dataset.id),
    })));
    assert.deepEqual(groups, api.groups.map((g) => ({ head: g.message ? g.message.title : 'Not tied to a message', hits: g.hits.map((h) => h.id) })));
    assert.equal(await page.locator('#group').isChecked(), true);
    await page.locator('.switch').click();
    await page.waitForURL((u) => !u.search.includes('group'));
    await settled(page);
    assert.equal(await page.locator('.group').count(), 0);
    assert.ok((await page.locator('.hit').count()) > 0);
    await page.context().close();
  });

  test('URL state round-trip: a bookmarked search restores query and filters; Back and Forward work', async () => {
    const page = await open('/?q=igf&audience=policymakers');
    assert.equal(await page.locator('#q').inputValue(), 'igf');
    assert.equal(await page.locator('#facets input[data-facet=audience][value=policymakers]').isChecked(), true);
    assert.match(await page.locator('.active-filters').textContent(), /Audience:\s*Policymakers/);
    const first = await resultsTitle(page);
    // A new search, typed: search-as-you-type, one history entry.
    await page.locator('#q').fill('fragmentation');
    await page.waitForURL(/q=fragmentation&audience=policymakers/);
    await settled(page);
    await until(async () => /for “fragmentation”/.test(await resultsTitle(page)), { message: 'new results' });
    // A filter toggle is another entry.
    await page.locator('#facets input[data-facet=kind][value=proof-point]').check();
    await page.waitForURL(/kind=proof-point/);
    await settled(page);
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes('kind='));
    await settled(page);
    assert.equal(await page.locator('#facets input[data-facet=kind][value=proof-point]').isChecked(), false);
    await page.goBack();
    await page.waitForURL(/\?q=igf&audience=policymakers$/);
    await settled(page);
    assert.equal(await page.locator('#q').inputValue(), 'igf');
    await until(async () => (await resultsTitle(page)) === first, { message: 'first results again' });
    await page.goForward();
    await page.waitForURL(/q=fragmentation/);
    await settled(page);
    assert.equal(await page.locator('#q').inputValue(), 'fragmentation');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('paging: pages from the API total, never past the last page; a stale page number falls back to page 1', async () => {
    const page = await open('/?kind=glossary');
    const total = (await env.api('/api/v1/search?kind=glossary&per_page=1')).body.total;
    const last = Math.ceil(total / 20);
    assert.ok(last >= 2, 'several pages of glossary entries');
    assert.equal(await page.locator('.res-range').textContent(), `Showing 1–20 of ${total}`);
    await page.locator('.pager a[rel=next]').click();
    await page.waitForURL(/page=2/);
    await settled(page);
    assert.equal(await page.locator('.res-range').textContent(), `Showing 21–40 of ${total}`);
    await page.locator(`.pager a[aria-label="Page ${last}"]`).click();
    await page.waitForURL(new RegExp(`page=${last}`));
    await settled(page);
    assert.equal(await page.locator('.pager a[rel=next]').count(), 0, 'no link past the last page');
    assert.equal(await page.locator('.hit').count(), total - (last - 1) * 20);
    await page.goto(`${env.kbOrigin}/?kind=glossary&page=${last + 5}`);
    await settled(page);
    await page.waitForURL((u) => !u.search.includes('page='));
    assert.equal(await page.locator('.res-range').textContent(), `Showing 1–20 of ${total}`);
    await page.context().close();
  });

  test('did you mean: a misspelt query is corrected', async () => {
    const page = await open('/?q=fragmentaton');
    const api = (await env.api('/api/v1/search?q=fragmentaton')).body;
    assert.equal(api.auto_corrected, true);
    const notice = await page.locator('.notice').first().textContent();
    assert.match(notice, new RegExp(`Showing results for ${api.corrected_query}`));
    assert.ok((await page.locator('.hit').count()) > 0);
    await page.locator('.notice a:not(.exact)').click();
    await page.waitForURL(new RegExp(`q=${api.corrected_query}`));
    await page.context().close();
  });

  test('unit detail view: the unit, its message, its sibling proof points, citation and copy', async () => {
    const page = await open('/?unit=wsis20-framework/m4/pp1');
    await page.bringToFront();
    const { body } = await env.api('/api/v1/units/wsis20-framework/m4/pp1');
    assert.match(await page.locator('#unit-title').textContent(), new RegExp(body.message.title));
    assert.equal(await page.locator('.unit-text').textContent(), body.unit.text);
    assert.equal(await page.locator('.cite-box .cite').textContent(), body.unit.cite);
    assert.equal(await page.locator('.context .message-card h3').textContent(), body.message.title);
    const siblings = await page.$$eval('.pp-list li', (lis) => lis.map((li) => ({ text: li.querySelector('.pp-body p').textContent, current: li.getAttribute('aria-current') })));
    assert.deepEqual(siblings, body.proof_points.map((pp) => ({ text: pp.text, current: pp.id === body.unit.id ? 'true' : null })));
    await page.locator('.cite-box .copy').click();
    await until(async () => (await page.locator('.cite-box .copy').textContent()) === 'Copied', { message: 'Copied' });
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${body.unit.text}\n— ${body.unit.cite}`);
    // A sibling, then the message, then back.
    await page.locator('.pp-list li:nth-child(2) .pp-actions a').click();
    await page.waitForURL(/unit=wsis20-framework\/m4\/pp2$/);
    await settled(page);
    assert.equal(await page.locator('.pp-list li[aria-current=true] .pp-body p:not(.cite)').textContent(), body.proof_points[1].text);
    await page.locator('.context .message-card h3 a').click();
    await page.waitForURL(/unit=wsis20-framework\/m4$/);
    await settled(page);
    assert.equal(await page.locator('#unit-title').textContent(), `Message 4 · ${body.message.title}`);
    assert.equal(await page.locator('.pp-list li').count(), body.proof_points.length);
    await page.goBack();
    await page.waitForURL(/pp2$/);
    await page.goto(`${env.kbOrigin}/?unit=no/such/unit`);
    await settled(page);
    assert.match(await page.locator('#view').textContent(), /Not found/);
    await page.context().close();
  });

  test('a result opens its detail view, and Back returns to the results', async () => {
    const page = await open('/?q=parallel+root');
    const id = (await hitIds(page))[0];
    await page.locator('.hit .hit-title a').first().click();
    await page.waitForURL(`${env.kbOrigin}/?unit=${id}&q=parallel+root`);
    await settled(page);
    await page.locator('.back').click();
    await page.waitForURL(/q=parallel\+root/);
    await settled(page);
    assert.deepEqual((await hitIds(page))[0], id);
    await page.context().close();
  });

  test('home: the framework overview lists messages with their proof points and audience guidance', async () => {
    const page = await open('/');
    const api = (await env.api('/api/v1/messages')).body;
    const cards = await page.$$eval('.message-card', (els) => els.map((e) => ({ title: e.querySelector('h3').textContent, pps: e.querySelectorAll('.pps li').length })));
    assert.deepEqual(cards, api.messages.map((m) => ({ title: m.title, pps: m.proof_points.length })));
    assert.equal(await page.locator('.guide').count(), api.audience_guidance.length);
    await page.locator('#q').fill('multistakeholder');
    await page.locator('#q').press('Enter');
    await page.waitForURL(/q=multistakeholder/);
    await settled(page);
    assert.ok((await page.locator('.hit').count()) > 0);
    await page.context().close();
  });

  test('axe: no serious or critical violations on the search page (results, groups, detail, home), light and dark', async () => {
    // axe is injected as a script, which the page's CSP (script-src 'self') would refuse.
    const page = await env.newPage({ bypassCSP: true });
    for (const path of ['/?q=dns+abuse', '/?q=igf&group=message&audience=policymakers', '/?unit=wsis20-framework/m4/pp1', '/']) {
      await page.goto(`${env.kbOrigin}${path}`);
      await settled(page);
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme });
        const v = await axeViolations(page);
        assert.deepEqual(v, [], `${path} ${colorScheme}: ${JSON.stringify(v, null, 2)}`);
      }
    }
    await page.context().close();
  });

  test('responsive down to 360 px, and screenshots of the page, light and dark', async () => {
    let page = await env.newPage({ viewport: { width: 1280, height: 900 } });
    for (const [name, path] of [['results', '/?q=dns+abuse'], ['grouped', '/?q=igf&group=message'], ['detail', '/?unit=wsis20-framework/m4/pp1'], ['home', '/']]) {
      await page.goto(`${env.kbOrigin}${path}`);
      await settled(page);
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme });
        await page.screenshot({ path: artifact(`page-${name}-${colorScheme}.png`) });
      }
      await page.emulateMedia({ colorScheme: 'light' });
    }
    await page.context().close();
    page = await env.newPage({ viewport: { width: 360, height: 740 } });
    for (const path of ['/?q=dns+abuse&audience=policymakers', '/?unit=wsis20-framework/m4/pp1', '/']) {
      await page.goto(`${env.kbOrigin}${path}`);
      await settled(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path}: no horizontal scrolling at 360 px (${overflow} px too wide)`);
      if (path === '/?q=dns+abuse&audience=policymakers') {
        assert.equal(await page.locator('#facets').isVisible(), false, 'filters fold away on small screens');
        await page.locator('#filters-toggle').click();
        assert.equal(await page.locator('#facets').isVisible(), true);
        await page.screenshot({ path: artifact('page-mobile-filters.png') });
        await page.locator('#filters-toggle').click();
        await page.screenshot({ path: artifact('page-mobile-results.png') });
      }
    }
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: artifact('page-mobile-home-dark.png') });
    await page.context().close();
  });
});
