// Audience guidance in the main workflow: pinned above results filtered by an audience on
// the search page and in the widget, and shown on a message's page for its audiences.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setup, until } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { if (env) await env.close(); });

// The guidance units of an audience as the pages choose them: curated tags first.
async function guidanceOf(audience) {
  const all = (await env.api('/api/v1/messages')).body.audience_guidance;
  const tagged = (g, curated) => g.audiences.some((t) => t.id === audience && (!curated || t.provenance === 'curated'));
  const curated = all.filter((g) => tagged(g, true));
  return curated.length ? curated : all.filter((g) => tagged(g, false));
}

describe('audience guidance', () => {
  test('is pinned above search results filtered by an audience, and only then', async () => {
    const page = await env.newPage();
    await page.goto(`${env.kbOrigin}/?q=DNS%20abuse&audience=policymakers`);
    await page.waitForSelector('#view[aria-busy=false]');
    const want = await guidanceOf('policymakers');
    assert.ok(want.length > 0);
    const shown = await page.$$eval('.pinned-guidance .pg-unit', (els) => els.map((e) => ({ id: e.dataset.id, text: e.querySelector('.pg-text').textContent })));
    assert.deepEqual(shown, want.map((g) => ({ id: g.id, text: g.text })));
    // Above the first hit.
    const above = await page.evaluate(() => {
      const pin = document.querySelector('.pinned-guidance');
      const hit = document.querySelector('#view .hit');
      return !!(pin && hit && (pin.compareDocumentPosition(hit) & Node.DOCUMENT_POSITION_FOLLOWING));
    });
    assert.ok(above, 'the guidance comes before the results');
    // Two audiences: two boxes; none without an audience filter.
    await page.goto(`${env.kbOrigin}/?q=DNS%20abuse&audience=policymakers&audience=business`);
    await page.waitForSelector('#view[aria-busy=false]');
    assert.deepEqual(await page.$$eval('.pinned-guidance', (els) => els.map((e) => e.dataset.audience)), ['policymakers', 'business']);
    await page.goto(`${env.kbOrigin}/?q=DNS%20abuse`);
    await page.waitForSelector('#view[aria-busy=false]');
    assert.equal(await page.locator('.pinned-guidance').count(), 0);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test("a message's page shows the guidance of each audience it is tagged for", async () => {
    const page = await env.newPage();
    await page.goto(`${env.kbOrigin}/?unit=wsis20-framework/m4`);
    await page.waitForSelector('#view[aria-busy=false]');
    const unit = (await env.api('/api/v1/units/wsis20-framework/m4')).body.unit;
    const expected = [];
    for (const a of unit.audiences) if ((await guidanceOf(a.id)).length) expected.push(a.id);
    assert.ok(expected.length > 0);
    assert.deepEqual(await page.$$eval('.pinned-guidance', (els) => els.map((e) => e.dataset.audience)), expected);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('the widget pins the guidance of its audience filter above its results', async () => {
    const page = await env.newPage();
    await page.goto(`${env.demoOrigin}/demo.html`);
    await page.waitForFunction(() => customElements.get('kb-search') && document.querySelector('kb-search').shadowRoot);
    await page.evaluate(() => {
      const w = document.createElement('kb-search');
      w.id = 'pinned';
      w.setAttribute('audience', 'policymakers');
      document.body.prepend(w);
    });
    await page.locator('#pinned input').fill('DNS abuse');
    const want = await guidanceOf('policymakers');
    const pinned = await until(async () => {
      const texts = await page.evaluate(() => [...document.querySelector('#pinned').shadowRoot.querySelectorAll('.pinned p')].map((p) => p.textContent));
      return texts.length ? texts : null;
    }, { message: 'pinned guidance in the widget' });
    assert.deepEqual(pinned, want.map((g) => g.text));
    // Without an audience filter the widget pins nothing.
    await page.locator('#hero-search input').fill('DNS abuse');
    await until(async () => page.evaluate(() => document.querySelector('#hero-search').shadowRoot.querySelectorAll('.opt').length > 0), { message: 'hero results' });
    assert.equal(await page.evaluate(() => document.querySelector('#hero-search').shadowRoot.querySelectorAll('.pinned').length), 0);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
