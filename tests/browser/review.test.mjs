// Review states on the page, the brief and the widget: a fact that is not fresh carries a
// badge (stale: past its review date; due; unreviewed), worded as the API's status says.
// The bundled framework was reviewed on 2025-05-28 and must be re-checked every 12 months,
// so from 2026-05-29 on its units are stale whatever day the suite runs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setup, until, widgetState } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { if (env) await env.close(); });

const settled = (page) => page.waitForSelector('#view[aria-busy=false]');
const BADGE = { stale: 'Stale', due: 'Review due', unreviewed: 'Unreviewed' };

describe('review states', () => {
  test('page: every result that is not fresh has its badge, and a stale proof point says so', async () => {
    const page = await env.newPage();
    await page.goto(`${env.kbOrigin}/?q=DNS+abuse&per_page=20`);
    await settled(page);
    const { body } = await env.api('/api/v1/search?q=DNS+abuse&per_page=20');
    const shown = await page.$$eval('.hit', (els) => els.map((e) => {
      const b = e.querySelector('.hit-meta .review');
      return { id: e.dataset.id, badge: b ? b.textContent : null, status: b ? b.dataset.review : null };
    }));
    assert.equal(shown.length, body.hits.length);
    for (const hit of body.hits) {
      const card = shown.find((s) => s.id === hit.id);
      assert.ok(card, hit.id);
      assert.equal(card.badge, BADGE[hit.review.status] || null, `${hit.id}: ${hit.review.status}`);
    }
    const framework = body.hits.find((h) => h.source.id === 'wsis20-framework' && h.kind === 'proof-point');
    assert.ok(framework, 'a framework proof point among the hits');
    assert.equal(framework.review.status, 'stale');
    assert.equal(shown.find((s) => s.id === framework.id).badge, 'Stale');

    // A unit that states a figure shows its source's date with its citation.
    const figure = body.hits.find((h) => h.figures_as_of);
    if (figure) {
      assert.equal(figure.figures_as_of, figure.source.date);
      assert.equal(await page.locator(`.hit[data-id="${figure.id}"] .cite .as-of`).textContent(), ` · figures as of ${figure.source.date}`);
    }
    assert.equal(await page.locator('.hit .cite .as-of').count(), body.hits.filter((h) => h.figures_as_of).length);

    // Its page says when it was reviewed and when the review was due.
    await page.goto(`${env.kbOrigin}/?unit=${framework.id}`);
    await settled(page);
    assert.equal(await page.locator('.detail .hit-meta .review').textContent(), 'Stale');
    assert.equal(await page.locator('.detail .reviewed').textContent(),
      `Reviewed ${framework.review.reviewed} · review was due ${framework.review.due}`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('brief: stale facts are flagged there too', async () => {
    const page = await env.newPage();
    await page.goto(`${env.kbOrigin}/brief?audience=policymakers&q=DNS+abuse`);
    await page.waitForSelector('.b-card');
    const { body } = await env.api('/api/v1/brief?audience=policymakers&q=DNS+abuse');
    const pp = body.messages[0].proof_points[0];
    assert.equal(pp.review.status, 'stale');
    assert.equal(await page.locator(`.b-pps li[data-id="${pp.id}"] .review`).textContent(), 'Stale');
    await page.context().close();
  });

  test('widget: a stale result carries the badge', async () => {
    const page = await env.newPage();
    await page.goto(`${env.demoOrigin}/demo.html`);
    await page.waitForFunction(() => customElements.get('kb-search') && document.querySelector('kb-search').shadowRoot);
    await page.locator('#hero-search input').fill('parallel root ');
    const { body } = await env.api('/api/v1/search?q=parallel+root');
    const stale = body.hits.find((h) => h.review.status === 'stale');
    assert.ok(stale, 'a stale hit');
    await until(async () => {
      const s = await widgetState(page, '#hero-search');
      return s && s.options.some((o) => o.unit === stale.id);
    }, { message: 'the results in the widget' });
    const badge = await page.evaluate((id) => {
      const opt = document.querySelector('#hero-search').shadowRoot.querySelector(`[role=option][data-id="${id}"]`);
      const b = opt && opt.querySelector('.rv');
      return b && { text: b.textContent, status: b.dataset.review };
    }, stale.id);
    assert.deepEqual(badge, { text: 'Stale', status: 'stale' });
    await page.context().close();
  });
});
