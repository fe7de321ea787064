// The source view (/?source=<id>&unit=<unit id>): a citation opens the source's cleaned text,
// numbered by line, with the unit's cited lines marked and scrolled into view. Every
// citation (results, a unit's page, the brief, the pack) links there. And the widget's
// "+ Pack", same-origin, adds to the search page's meeting pack.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { artifact, axeViolations, setup, until } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { if (env) await env.close(); });

const settled = (page) => page.waitForSelector('#view[aria-busy=false]');
const norm = (t) => t.replace(/\s+/g, ' ').trim();
const sourceHref = (sourceId, unitId) => `/?source=${encodeURIComponent(sourceId)}&unit=${encodeURIComponent(unitId).replace(/%2F/gi, '/')}`;

// Where the first marked line is, relative to the window.
const markedBox = (page) => page.evaluate(() => {
  const el = document.querySelector('.src-line.marked');
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return { top: r.top, bottom: r.bottom, docTop: r.top + window.scrollY, innerHeight: window.innerHeight, scrollY: window.scrollY };
});

describe('source view', () => {
  test('a result\'s citation opens its source, the cited lines marked and in view', async () => {
    const page = await env.newPage();
    await page.goto(`${env.kbOrigin}/?q=DNS%20abuse`);
    await settled(page);
    const { body } = await env.api('/api/v1/search?q=DNS%20abuse&per_page=20');
    // The hit cited furthest down its source with a publisher and a date in the catalog, so
    // its lines are below the first screen and must be scrolled to.
    const hit = body.hits.filter((x) => x.source.publisher && x.source.date)
      .sort((a, b) => b.location.first_line - a.location.first_line)[0];
    assert.ok(hit, 'a hit whose source has a publisher and a date');
    const link = page.locator(`.hit[data-id="${hit.id}"] .cite a.cite-link`);
    assert.equal(await link.textContent(), hit.cite, 'the citation keeps its text');
    assert.equal(await link.getAttribute('href'), `.${sourceHref(hit.source.id, hit.id)}`);
    await link.click();
    await page.waitForSelector('#source-title');
    await settled(page);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('source'), hit.source.id);
    assert.equal(url.searchParams.get('unit'), hit.id);

    const src = (await env.api(`/api/v1/sources/${hit.source.id}?unit=${encodeURIComponent(hit.id)}`)).body;
    assert.equal(await page.locator('#source-title').textContent(), src.source.title);
    assert.equal(await page.locator('.src-meta .src-publisher').textContent(), src.source.publisher);
    assert.equal(await page.locator('.src-meta .src-date').textContent(), src.source.date);
    assert.equal(await page.locator('.src-meta .src-url').count(), src.source.url ? 1 : 0);

    // Every line, numbered as the API numbers it, its text as text.
    const lines = await page.$$eval('.src-line', (els) => els.map((e) => ({
      n: Number(e.dataset.n), num: e.querySelector('.ln').textContent, text: e.querySelector('.lt').textContent,
      marked: e.classList.contains('marked'), marks: e.querySelectorAll('mark').length,
    })));
    assert.equal(lines.length, src.lines.length);
    assert.deepEqual(lines.map((l) => [l.n, l.text]), src.lines.map((l) => [l.n, l.text]));
    assert.ok(lines.every((l) => l.num === String(l.n)), 'each line shows its number');

    // The cited lines, and only they, are marked.
    const [first, last] = src.marked;
    assert.equal(first, hit.location.first_line);
    assert.equal(last, hit.location.last_line);
    const marked = lines.filter((l) => l.marked);
    assert.ok(marked.length > 0, 'some lines are marked');
    assert.deepEqual(marked.map((l) => l.n), src.lines.filter((l) => l.n >= first && l.n <= last).map((l) => l.n));
    assert.ok(marked.every((l) => l.marks === 1) && lines.filter((l) => !l.marked).every((l) => l.marks === 0), 'a <mark> per marked line');
    // They hold the unit's words: its first sentence is in them.
    const sentence = norm(hit.text).split(/(?<=[.!?])\s/)[0];
    assert.ok(sentence.split(' ').length >= 5, `a sentence to look for: ${sentence}`);
    assert.ok(norm(marked.map((l) => l.text).join(' ')).includes(sentence), `"${sentence}" in the marked lines`);

    // Scrolled to: the first marked line, below the first screen, is in the window.
    const box = await until(async () => {
      const b = await markedBox(page);
      return b && b.top >= 0 && b.bottom <= b.innerHeight && b;
    }, { message: 'the first marked line in the viewport' });
    assert.ok(box.docTop > box.innerHeight, `the marked line (at ${box.docTop}px) is below the first screen`);
    assert.ok(box.scrollY > 0, 'the page was scrolled');
    await page.screenshot({ path: artifact('source-view.png') });

    // Back returns to the results.
    await page.goBack();
    await page.waitForSelector(`.hit[data-id="${hit.id}"]`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('citations on a unit\'s page, the brief and the pack link to the source view', async () => {
    const page = await env.newPage();
    await page.goto(`${env.kbOrigin}/?unit=wsis20-framework/m3`);
    await settled(page);
    const unit = (await env.api('/api/v1/units/wsis20-framework/m3')).body;
    const links = () => page.$$eval('.cite', (els) => els.map((e) => {
      const a = e.querySelector('a.cite-link');
      return { text: e.textContent, href: a && a.getAttribute('href') };
    }));
    const onUnit = await links();
    const want = [unit.unit, ...unit.proof_points, ...unit.related];
    for (const u of want) {
      assert.ok(onUnit.some((c) => c.text === u.cite && c.href === `.${sourceHref(u.source.id, u.id)}`), `a linked citation of ${u.id}`);
    }
    assert.ok(onUnit.every((c) => c.href), 'every citation on the page is a link');
    await page.locator('.cite-box .pack-toggle').click();
    await page.locator('.cite-box .cite-link').click();
    await page.waitForSelector('#source-title');
    const { first_line: from, last_line: to } = unit.unit.location;
    const m3 = (await env.api('/api/v1/sources/wsis20-framework')).body;
    assert.deepEqual(await page.$$eval('.src-line.marked', (els) => els.map((e) => Number(e.dataset.n))),
      m3.lines.map((l) => l.n).filter((n) => n >= from && n <= to));

    // The brief page: another page, so its links load the search page.
    await page.goto(`${env.kbOrigin}/brief?audience=policymakers&q=DNS%20abuse`);
    await settled(page);
    const brief = (await env.api('/api/v1/brief?audience=policymakers&q=DNS%20abuse')).body;
    const onBrief = await links();
    assert.ok(onBrief.length >= brief.guidance.length + brief.messages.length);
    assert.ok(onBrief.every((c) => c.href && c.href.startsWith('./?source=')), 'every citation of the brief is a link');
    const pp = brief.messages[0].proof_points[0];
    await page.locator(`.b-pps li[data-id="${pp.id}"] .cite-link`).click();
    await page.waitForSelector('#source-title');
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(new URL(page.url()).searchParams.get('unit'), pp.id);
    assert.ok(await page.locator('.src-line.marked').count() > 0);

    // The pack.
    await page.goto(`${env.kbOrigin}/?pack`);
    await page.waitForSelector('#pack-title');
    const packed = page.locator('.pack-list li[data-id="wsis20-framework/m3"] .cite-link');
    assert.equal(await packed.textContent(), unit.unit.cite);
    assert.equal(await packed.getAttribute('href'), `.${sourceHref('wsis20-framework', 'wsis20-framework/m3')}`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('an unknown source or unit shows a clear error', async () => {
    const page = await env.newPage();
    await page.goto(`${env.kbOrigin}/?source=no-such-source&unit=wsis20-framework/m3`);
    await settled(page);
    const alert = page.locator('#view [role=alert]');
    assert.match(await alert.textContent(), /Source not found/);
    assert.match(await alert.textContent(), /no-such-source/);
    assert.equal(await page.locator('.src-line').count(), 0);
    await page.goto(`${env.kbOrigin}/?source=wsis20-framework&unit=wsis20-framework/m99`);
    await settled(page);
    assert.match(await alert.textContent(), /wsis20-framework\/m99/);
    assert.equal(await page.locator('.src-line').count(), 0);
    assert.deepEqual(page.errors.filter((e) => !/status of 404/.test(e)), []);
    await page.context().close();
  });

  test('the source view has no serious accessibility violation (light and dark)', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const page = await env.newPage({ colorScheme, bypassCSP: true }); // axe is injected as a script
      await page.goto(`${env.kbOrigin}/?source=tccm-consultation-2025&unit=tccm-consultation-2025/q3`);
      await settled(page);
      assert.ok(await page.locator('.src-line.marked').count() > 0);
      assert.equal(await page.locator('.src-meta .src-url a').getAttribute('href'), 'https://www.tccm.global/');
      assert.deepEqual(await axeViolations(page), [], colorScheme);
      await page.context().close();
    }
  });

  test('`source` without `unit` is still the source filter', async () => {
    const page = await env.newPage();
    await page.goto(`${env.kbOrigin}/?source=tccm-statement-2024`);
    await settled(page);
    const { body } = await env.api('/api/v1/search?source=tccm-statement-2024&per_page=20');
    assert.match(await page.locator('#results-title').textContent(), new RegExp(`^${body.total} results`));
    assert.equal(await page.locator('.src-line').count(), 0);
    await page.context().close();
  });
});

describe('widget + Pack', () => {
  const HERO = '#hero-search';

  async function widgetHits(page, query) {
    await page.locator(`${HERO} input`).fill(query);
    return until(async () => {
      const ids = await page.$$eval(`${HERO} [role=option]`, (els) => els.map((e) => e.dataset.id));
      const live = await page.locator(`${HERO} [aria-live]`).textContent();
      return ids.length > 0 && /result/.test(live) && ids;
    }, { message: `widget results for "${query}"` });
  }

  test('served by kb-searchd, "+ Pack" adds a result to the search page\'s pack, once', async () => {
    const page = await env.newPage();
    await page.goto(`${env.kbOrigin}/demo.html`);
    await page.waitForFunction(() => customElements.get('kb-search') && document.querySelector('kb-search').shadowRoot);
    const ids = await widgetHits(page, 'DNS abuse');
    const id = ids[0];
    const unit = (await env.api(`/api/v1/units/${id}`)).body.unit;
    const button = page.locator(`${HERO} .pk[data-id="${id}"]`);
    assert.equal(await button.textContent(), '+ Pack');
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
    await button.click();
    assert.equal(await button.textContent(), 'In pack');
    assert.equal(await button.getAttribute('aria-pressed'), 'true');
    // Searched again, it is still in, and there once.
    await widgetHits(page, 'DNS');
    await widgetHits(page, 'DNS abuse');
    assert.equal(await page.locator(`${HERO} .pk[data-id="${id}"]`).textContent(), 'In pack');
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('kb-pack-v1')));
    assert.equal(stored.length, 1);
    const fromWidget = stored[0];
    assert.equal(fromWidget.id, id);

    // The search page's pack has it, with its citation linked to the source view.
    await page.goto(`${env.kbOrigin}/`);
    await settled(page);
    assert.equal(await page.locator('.pack-link').textContent(), 'Pack (1)');
    await page.locator('.pack-link').click();
    await page.waitForSelector('#pack-title');
    const item = page.locator(`.pack-list li[data-id="${id}"]`);
    assert.equal(await page.locator('.pack-list li').count(), 1);
    assert.equal(await item.locator('.b-text').textContent(), unit.text);
    assert.equal(await item.locator('.cite').textContent(), unit.cite);
    assert.equal(await item.locator('.cite-link').getAttribute('href'), `.${sourceHref(unit.source.id, id)}`);

    // The page's "+ Pack" writes the very same entry.
    await page.locator(`.pack-list li[data-id="${id}"] button`, { hasText: 'Remove' }).click();
    await page.goto(`${env.kbOrigin}/?unit=${id}`);
    await settled(page);
    await page.locator('.cite-box .pack-toggle').click();
    const fromPage = await page.evaluate(() => JSON.parse(localStorage.getItem('kb-pack-v1')));
    assert.deepEqual(fromPage, [fromWidget]);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('on another origin the widget has no "+ Pack"', async () => {
    const page = await env.newPage();
    await page.goto(`${env.demoOrigin}/demo.html`);
    await page.waitForFunction(() => customElements.get('kb-search') && document.querySelector('kb-search').shadowRoot);
    await widgetHits(page, 'DNS abuse');
    assert.equal(await page.locator(`${HERO} .copy:not(.pk)`).count() > 0, true);
    assert.equal(await page.locator(`${HERO} .pk`).count(), 0);
    await page.context().close();
  });
});
