// The brief page (ui/brief.html at /brief, drawn by app.js): what it shows, how it is
// reached from the search page and a message's page, and how it prints (A4 PDF from
// headless Chromium, read back with poppler-utils' pdfinfo, pdftotext and pdftoppm).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { artifact, axeViolations, setup } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { if (env) await env.close(); });

async function open(path, opts) {
  const page = await env.newPage(opts);
  await page.goto(`${env.kbOrigin}${path}`);
  await page.waitForSelector('#view[aria-busy=false]');
  return page;
}

const poppler = (tool, args) => {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${tool} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

describe('brief page', () => {
  test('shows the API brief: guidance first, messages with why and proof points, sources', async () => {
    const path = '/brief?audience=policymakers&q=DNS%20abuse';
    const page = await open(path, { bypassCSP: true });  // axe is injected as a script
    const api = (await env.api('/api/v1/brief?audience=policymakers&q=DNS%20abuse')).body;
    assert.equal(await page.locator('#brief-title').textContent(), 'DNS abuse');
    const guideIds = await page.$$eval('.b-guide', (els) => els.map((e) => e.dataset.id));
    assert.deepEqual(guideIds, api.guidance.map((g) => g.id));
    const messageIds = await page.$$eval('.b-message', (els) => els.map((e) => e.dataset.id));
    assert.deepEqual(messageIds, api.messages.map((m) => m.message.id));
    const ppIds = await page.$$eval('.b-pps li', (els) => els.map((e) => e.dataset.id));
    assert.deepEqual(ppIds, api.messages.flatMap((m) => m.proof_points.map((p) => p.id)));
    assert.ok(ppIds.includes('wsis20-framework/m1/pp4') && ppIds.includes('wsis20-framework/m5/pp3'));
    assert.equal(await page.locator('.b-why').first().textContent(), `Why ${api.messages[0].why.summary}`);
    assert.ok(await page.locator('.b-pps mark').count() > 0, 'the topic words are highlighted');
    assert.equal(await page.locator('.b-sources li').count(), api.sources.length);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: artifact('brief-page.png'), fullPage: true });
    assert.deepEqual(page.errors, [], 'no script errors or CSP violations');
    await page.context().close();
  });

  test('prints to at most two A4 pages with no control, the date, highlights and sources', async () => {
    const page = await open('/brief?audience=policymakers&q=DNS%20abuse');
    await page.emulateMedia({ media: 'print' });
    const visibleControls = await page.$$eval('button, input, select, textarea, kbd', (els) =>
      els.filter((e) => e.getClientRects().length > 0).map((e) => e.outerHTML.slice(0, 80)));
    assert.deepEqual(visibleControls, [], 'no control is printed');
    const pdf = artifact('brief.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    const pages = Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', [pdf]))[1]);
    assert.ok(pages >= 1 && pages <= 2, `the brief prints on ${pages} pages`);
    const text = poppler('pdftotext', ['-layout', pdf, '-']);
    const flat = text.replace(/\s+/g, ' ');
    assert.match(flat, /Prepared \d{4}-\d{2}-\d{2}/, 'the date is printed');
    assert.match(flat, /Sources/i);
    assert.match(flat, /WSIS\+20 Messaging Framework: Reinforcing What Works, ICANN, 2025-05-28/);
    assert.match(flat, /Guidance for Policymakers/i);
    for (const control of ['Copy brief', 'Print', '← Search', 'Topic of the brief']) {
      assert.ok(!flat.includes(control), `"${control}" is not printed`);
    }
    // Highlights are kept in print: the mark background is painted.
    const markBackground = await page.$eval('.b-pps mark', (m) => getComputedStyle(m).backgroundColor);
    assert.notEqual(markBackground, 'rgba(0, 0, 0, 0)');
    // The first page of the PDF, as an image, for people to look at.
    poppler('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, artifact('brief-pdf-page1')]);
    assert.ok(fs.statSync(artifact('brief-pdf-page1.png')).size > 1000);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('is reached from a search with one audience filter and from a message page', async () => {
    const page = await open('/?q=DNS%20abuse&audience=policymakers');
    const link = page.locator('a.brief-link', { hasText: 'Brief for Policymakers' });
    assert.equal(await link.count(), 1);
    await link.click();
    await page.waitForURL(/\/brief\?audience=policymakers&q=DNS/);
    await page.waitForSelector('#view[aria-busy=false] #brief-title');
    assert.equal(await page.locator('#brief-title').textContent(), 'DNS abuse');
    // No audience filter: no brief action.
    await page.goto(`${env.kbOrigin}/?q=DNS%20abuse`);
    await page.waitForSelector('#view[aria-busy=false]');
    assert.equal(await page.locator('a.brief-link').count(), 0);
    // A message's page offers a brief for each audience it is tagged for.
    await page.goto(`${env.kbOrigin}/?unit=wsis20-framework/m4`);
    await page.waitForSelector('#view[aria-busy=false]');
    const unit = (await env.api('/api/v1/units/wsis20-framework/m4')).body.unit;
    assert.equal(await page.locator('.brief-links a.brief-link').count(), unit.audiences.length);
    await page.locator('.brief-links a.brief-link').first().click();
    await page.waitForSelector('#view[aria-busy=false] .b-message');
    assert.deepEqual(await page.$$eval('.b-message', (els) => els.map((e) => e.dataset.id)), ['wsis20-framework/m4']);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('without an audience asks for one; a bad one is a readable error', async () => {
    const page = await open('/brief?q=DNS%20abuse');
    assert.match(await page.locator('#view').textContent(), /Brief for which audience\?/);
    await page.locator('#view a', { hasText: 'Civil Society' }).click();
    await page.waitForSelector('#view[aria-busy=false] #brief-title');
    assert.match(page.url(), /audience=civil-society/);
    await page.goto(`${env.kbOrigin}/brief?audience=astronauts&q=DNS`);
    await page.waitForSelector('#view[aria-busy=false]');
    assert.match(await page.locator('[role=alert]').textContent(), /astronauts/);
    await page.context().close();
  });
});
