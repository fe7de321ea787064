// Estimated counts said plainly: above kb::exact_count_limit matches the service estimates
// the total and the facet counts (total_exact, facets_exact false); the page says "About N
// results" and marks each facet count "~", the widget says "of about N". Exact counts keep
// their plain form. An archive-sized generated corpus (harness.mjs writeArchiveCorpus).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setup, until, widgetState } from './harness.mjs';

let env;
before(async () => { env = await setup({ corpus: 'archive' }); });
after(async () => { if (env) await env.close(); });

const ESTIMATED = 'registry policy';  // matches all 1,500 passages: estimated
const EXACT = 'registry -policy';     // a few hundred: counted

describe('estimated counts', () => {
  test('the service says which counts are estimated', async () => {
    const many = (await env.api(`/api/v1/search?q=${encodeURIComponent(ESTIMATED)}`)).body;
    assert.ok(many.total > 1000, `total ${many.total}`);
    assert.equal(many.total_exact, false);
    assert.equal(many.facets_exact, false);
    const few = (await env.api(`/api/v1/search?q=${encodeURIComponent(EXACT)}`)).body;
    assert.ok(few.total > 0 && few.total <= 1000, `total ${few.total}`);
    assert.equal(few.total_exact, true);
    assert.equal(few.facets_exact, true);
  });

  test('the page says "About N results" and marks estimated facet counts', async () => {
    const page = await env.newPage();
    const heading = async (q) => {
      await page.goto(`${env.kbOrigin}/?q=${encodeURIComponent(q)}`);
      await page.waitForSelector('#results-title');
      return {
        title: await page.locator('#results-title').textContent(),
        range: await page.locator('.res-range').textContent(),
        counts: await page.locator('#facets .fc').allTextContents(),
        titles: await page.locator('#facets .fc').evaluateAll((els) => els.map((e) => e.getAttribute('title'))),
      };
    };
    const many = await heading(ESTIMATED);
    assert.match(many.title, /^About [\d,]+ results for “registry policy”$/);
    assert.match(many.range, /^Showing 1–\d+ of about [\d,]+$/);
    assert.ok(many.counts.length > 0);
    for (const c of many.counts) assert.match(c, /^~[\d,]+$/);
    assert.ok(many.titles.every((t) => t === 'estimated from a sample of the matches'));

    const few = await heading(EXACT);
    assert.match(few.title, /^[\d,]+ results for “registry -policy”$/);
    assert.match(few.range, /^Showing 1–\d+ of [\d,]+$/);
    assert.ok(few.counts.length > 0);
    for (const c of few.counts) assert.match(c, /^\d+$/);
    assert.deepEqual(page.errors, []);
  });

  test('the widget says "of about N" and marks estimated chip counts', async () => {
    const page = await env.newPage();
    await page.goto(`${env.demoOrigin}/demo.html`);
    await page.waitForFunction(() => customElements.get('kb-search'));
    const input = page.locator('#hero-search input');
    const countOf = () => page.evaluate(() => document.querySelector('#hero-search').shadowRoot.querySelector('.count').textContent);

    await input.fill(`${ESTIMATED} `);
    const many = await until(async () => {
      const s = await widgetState(page, '#hero-search');
      return s && s.options.length && s.chips.length && s.live.startsWith('About') && s;
    }, { message: 'estimated results in the widget' });
    assert.match(many.live, /^About [\d,]+ results/);
    assert.match(await countOf(), /^\d+ of about \d+ · $/);
    assert.ok(many.chips.some((c) => c.facet === 'theme'), 'theme chips');
    for (const c of many.chips) assert.match(c.countText, /^~\d+$/);

    await input.fill(`${EXACT} `);
    const few = await until(async () => {
      const s = await widgetState(page, '#hero-search');
      return s && s.options.length && s.chips.length && /^\d/.test(s.live) && s;
    }, { message: 'exact results in the widget' });
    assert.match(await countOf(), /^(\d+ of \d+ · )?$/);
    for (const c of few.chips) assert.match(c.countText, /^\d+$/);
    assert.deepEqual(page.errors, []);
  });
});
