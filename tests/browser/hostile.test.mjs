// Indexed text that looks like HTML is shown as text, in the widget and on the search page:
// a small corpus whose curated framework says <img src=x onerror="window.__pwned=1">. Also
// in the source view, which shows the source's whole text line by line.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setup, until, widgetState } from './harness.mjs';

let env;
before(async () => { env = await setup({ corpus: 'hostile' }); });
after(async () => { if (env) await env.close(); });

const PAYLOAD = '<img src=x onerror="window.__pwned=1"> resilience';

describe('hostile unit text', () => {
  test('the API returns the payload as text and as an escaped snippet', async () => {
    const { body } = await env.api('/api/v1/search?q=resilience');
    assert.ok(body.total >= 2);
    const pp = body.hits.find((h) => h.id === 'hostile-framework/m1/pp1');
    assert.ok(pp.text.startsWith(PAYLOAD));
    assert.ok(pp.snippet.startsWith('&lt;img src=x'));
  });

  test('the widget shows it as text and runs nothing', async () => {
    const page = await env.newPage();
    await page.goto(`${env.demoOrigin}/demo.html`);
    await page.waitForFunction(() => customElements.get('kb-search'));
    await page.locator('#hero-search input').fill('resilience');
    const s = await until(async () => {
      const st = await widgetState(page, '#hero-search');
      return st.options.length >= 2 && st;
    }, { message: 'hostile results' });
    const msg = s.options.find((o) => o.unit === 'hostile-framework/m1');
    assert.ok(msg.text.includes('<script>window.__pwned=2</script> Network resilience'), msg.text);
    assert.ok(msg.text.includes('<img src=x onerror="window.__pwned=1"> resilience of the &amp; network </mark><mark> fake.'), msg.text);
    assert.deepEqual(msg.marks, ['resilience'], 'only the real marker became a <mark>');
    assert.equal(s.images, 0, 'no <img> element was created');
    await until(() => page.getByText('<img src=x', { exact: false }).first().isVisible(), { message: 'visible literal text' });
    // Give a would-be onerror a moment to fire.
    await page.waitForTimeout(150);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await page.context().close();
  });

  test('the search page shows it as text (results and detail view) and runs nothing', async () => {
    const page = await env.newPage();
    await page.goto(`${env.kbOrigin}/?q=resilience`);
    await page.waitForSelector('#view[aria-busy=false] .hit');
    const text = await page.locator('#view').textContent();
    assert.ok(text.includes('<img src=x onerror="window.__pwned=1"> resilience'), text);
    assert.ok(text.includes('<script>window.__pwned=2</script> Network resilience'));
    assert.ok(text.includes('Hostile <b>test</b> framework'));
    assert.equal(await page.locator('#view img, #view script, #view b').count(), 0);
    assert.ok(await page.getByText('<img src=x', { exact: false }).first().isVisible());
    await page.goto(`${env.kbOrigin}/?unit=hostile-framework/m1/pp1`);
    await page.waitForSelector('#view[aria-busy=false] #unit-title');
    assert.equal(await page.locator('.unit-text').textContent(),
      '<img src=x onerror="window.__pwned=1"> resilience proven <a href="javascript:window.__pwned=3">link</a>.');
    assert.equal(await page.locator('#view a[href^="javascript:"]').count(), 0);
    await page.waitForTimeout(150);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('the source view shows the source text as text and runs nothing', async () => {
    const page = await env.newPage();
    await page.goto(`${env.kbOrigin}/?source=hostile-framework&unit=hostile-framework/m1/pp1`);
    await page.waitForSelector('#view[aria-busy=false] #source-title');
    const { body } = await env.api('/api/v1/sources/hostile-framework?unit=hostile-framework/m1/pp1');
    assert.equal(await page.locator('#source-title').textContent(), 'Hostile <b>test</b> framework');
    const shown = await page.$$eval('.src-line .lt', (els) => els.map((e) => e.textContent));
    assert.deepEqual(shown, body.lines.map((l) => l.text));
    const all = shown.join('\n');
    assert.ok(all.includes('<img src=x onerror=') && all.includes('<script>') && all.includes('href="javascript:'), all);
    assert.deepEqual(await page.$$eval('.src-line.marked', (els) => els.map((e) => Number(e.dataset.n))),
      body.lines.map((l) => l.n).filter((n) => n >= body.marked[0] && n <= body.marked[1]));
    assert.equal(await page.locator('#view img, #view script, #view b, #view a[href^="javascript:"]').count(), 0);
    await page.waitForTimeout(150);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
