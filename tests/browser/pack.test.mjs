// The meeting pack: units collected while searching, kept in the browser, reordered,
// copied (text + citations) and printable.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setup, until } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { if (env) await env.close(); });

const settled = (page) => page.waitForSelector('#view[aria-busy=false]');

describe('meeting pack', () => {
  test('three units added while searching survive a reload, reorder, and copy with citations', async () => {
    const page = await env.newPage();
    await page.goto(`${env.kbOrigin}/?q=DNS%20abuse`);
    await settled(page);
    const { body } = await env.api('/api/v1/search?q=DNS%20abuse&per_page=20');
    const picked = body.hits.slice(0, 2);
    for (const hit of picked) await page.locator(`.hit[data-id="${hit.id}"] .pack-toggle`).click();
    assert.equal(await page.locator('.pack-link').textContent(), 'Pack (2)');
    // A third from a unit's page.
    await page.goto(`${env.kbOrigin}/?unit=wsis20-framework/m3`);
    await settled(page);
    const third = (await env.api('/api/v1/units/wsis20-framework/m3')).body.unit;
    await page.locator('.cite-box .pack-toggle').click();
    assert.equal(await page.locator('.cite-box .pack-toggle').getAttribute('aria-pressed'), 'true');

    await page.reload();
    await settled(page);
    assert.equal(await page.locator('.pack-link').textContent(), 'Pack (3)');
    await page.locator('.pack-link').click();
    await page.waitForSelector('#pack-title');
    const ids = () => page.$$eval('.pack-list li', (els) => els.map((e) => e.dataset.id));
    assert.deepEqual(await ids(), [picked[0].id, picked[1].id, third.id]);
    // The last one up: third, then the second.
    await page.locator('.pack-list li:nth-child(3) button[aria-label="Move 3 up"]').click();
    assert.deepEqual(await ids(), [picked[0].id, third.id, picked[1].id]);

    await page.bringToFront();
    await page.locator('button', { hasText: 'Copy pack' }).click();
    const clip = await until(async () => {
      const text = await page.evaluate(() => navigator.clipboard.readText());
      return text.includes(third.text) && text;
    }, { message: 'the pack on the clipboard' });
    const order = [picked[0], third, picked[1]].map((u) => clip.indexOf(u.text));
    assert.ok(order.every((at) => at >= 0) && order[0] < order[1] && order[1] < order[2], `in pack order: ${order}`);
    for (const u of [picked[0], third, picked[1]]) assert.ok(clip.includes(`— ${u.cite}`), `citation of ${u.id}`);
    assert.match(clip, /^1\. /);

    // Printed, the pack shows no control.
    await page.emulateMedia({ media: 'print' });
    const visible = await page.$$eval('button, input', (els) => els.filter((e) => e.getClientRects().length > 0).length);
    assert.equal(visible, 0);
    await page.emulateMedia({ media: 'screen' });
    await page.locator('.pack-list li:nth-child(1) button', { hasText: 'Remove' }).click();
    assert.deepEqual(await ids(), [third.id, picked[1].id]);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
