// Search that never misleads, on the page and in the widget: a corrected query says so
// and offers the query as typed; a query with no match says what to try (on the page and
// in the widget); a unit's page lists related units from other documents, keeps the query
// it was reached by and marks its words; answers say which question they answer.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setup, until, widgetState } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { if (env) await env.close(); });

const settled = (page) => page.waitForSelector('#view[aria-busy=false]');

describe('search trust', () => {
  test('page: results of a correction say so, count the correction, and offer the query as typed', async () => {
    const page = await env.newPage();
    await page.goto(`${env.kbOrigin}/?q=fragmentaton`);
    await settled(page);
    const api = (await env.api('/api/v1/search?q=fragmentaton')).body;
    assert.equal(api.auto_corrected, true);
    assert.equal(await page.locator('#results-title').textContent(), `${api.total} results for “${api.searched_query}”`);
    assert.equal(await page.locator('.notice.corrected').textContent(),
      `Showing results for ${api.corrected_query}; search instead for fragmentaton.`);
    await page.locator('.notice.corrected a.exact').click();
    await page.waitForURL(/correct=false/);
    await settled(page);
    assert.equal(await page.locator('#results-title').textContent(), 'No results for “fragmentaton”');
    assert.match(await page.locator('.notice').first().textContent(), /Did you mean fragmentation\?/);
    // A new query is corrected again.
    await page.locator('#q').fill('multistakholder');
    await page.locator('#q').press('Enter');
    await page.waitForURL((u) => !u.search.includes('correct=false') && u.search.includes('multistakholder'));
    await settled(page);
    assert.equal(await page.locator('.notice.corrected').count(), 1);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('page: a real-word query is never rewritten', async () => {
    const page = await env.newPage();
    for (const q of ['what is the IGF', 'satellite broadband']) {
      await page.goto(`${env.kbOrigin}/?q=${encodeURIComponent(q)}`);
      await settled(page);
      assert.equal(await page.locator('.notice.corrected').count(), 0, q);
      assert.match(await page.locator('#results-title').textContent(), new RegExp(`for “${q}”`), q);
    }
    await page.context().close();
  });

  test('page: no match says what to try, and the suggestion works', async () => {
    const page = await env.newPage();
    await page.goto(`${env.kbOrigin}/?q=fragmentation&kind=signatory`);
    await settled(page);
    const api = (await env.api('/api/v1/search?q=fragmentation&kind=signatory')).body;
    assert.equal(api.total, 0);
    const t = api.suggestions.find((s) => s.action === 'drop_filter' && s.facet === 'kind');
    assert.ok(t, JSON.stringify(api.suggestions));
    const link = page.locator('.no-match-tries a').first();
    assert.match(await link.textContent(), /without the filter Kind/);
    await link.click();
    await page.waitForURL((u) => !u.search.includes('kind='));
    await settled(page);
    assert.equal(await page.locator('#results-title').textContent(), `${t.total} results for “fragmentation”`);
    await page.context().close();
  });

  test("page: a unit's page lists related units of other documents", async () => {
    const page = await env.newPage();
    await page.goto(`${env.kbOrigin}/?unit=wsis20-framework/m1/pp4`);
    await settled(page);
    const { body } = await env.api('/api/v1/units/wsis20-framework/m1/pp4');
    assert.ok(body.related.length > 0);
    assert.ok(body.related.every((u) => u.source.id !== body.unit.source.id), 'none from its own document');
    assert.deepEqual(await page.$$eval('.related-list li', (els) => els.map((e) => e.dataset.id)), body.related.map((u) => u.id));
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test("page: a result's page keeps the query, marks its words and names the question answered", async () => {
    const page = await env.newPage();
    await page.goto(`${env.kbOrigin}/?q=IGF+mandate&kind=answer`);
    await settled(page);
    const api = (await env.api('/api/v1/search?q=IGF+mandate&kind=answer')).body;
    assert.ok(api.hits.length > 0);
    const first = api.hits[0];
    assert.ok(first.question_number, JSON.stringify(first));
    assert.equal(await page.locator('.hit .qnum').first().textContent(), `Question ${first.question_number} · `);
    await page.locator('.hit .hit-title a').first().click();
    await page.waitForURL(`${env.kbOrigin}/?unit=${first.id}&q=IGF+mandate`);
    await settled(page);
    assert.equal(await page.locator('#q').inputValue(), 'IGF mandate', 'the query stays in the box');
    assert.match(await page.locator('#unit-title').textContent(), new RegExp(`^Question ${first.question_number} · `));
    const marks = await page.$$eval('.unit-text mark', (els) => els.map((e) => e.textContent.toLowerCase()));
    assert.ok(marks.length > 0, 'the words of the query are marked');
    for (const m of marks) assert.match(m, /^(igf|mandate)/, m);
    const { body } = await env.api(`/api/v1/units/${first.id}`);
    assert.equal(await page.locator('.unit-text').textContent(), body.unit.text, 'the whole text, nothing else');
    // The way back leads to the results of that query.
    await page.locator('.back').click();
    await page.waitForURL(/q=IGF\+mandate/);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('page: a unit opened by its address without a query is shown unmarked', async () => {
    const page = await env.newPage();
    await page.goto(`${env.kbOrigin}/?unit=tccm-consultation-2025/q3`);
    await settled(page);
    assert.equal(await page.locator('.unit-text mark').count(), 0);
    assert.match(await page.locator('#unit-title').textContent(), /^Question 3 · /);
    assert.equal(await page.locator('.back').textContent(), '← Search');
    await page.context().close();
  });

  test('widget: no match lists what to try, and a suggestion runs that search', async () => {
    const page = await env.newPage();
    await page.goto(`${env.demoOrigin}/demo.html`);
    await page.waitForFunction(() => customElements.get('kb-search') && document.querySelector('kb-search').shadowRoot);
    await page.locator('#hero-search input').fill('fragmentation AND xylophone ');
    const api = (await env.api('/api/v1/search?q=fragmentation+AND+xylophone')).body;
    const word = api.suggestions.find((t) => t.action === 'drop_word');
    assert.ok(word, JSON.stringify(api.suggestions));
    const tries = await until(async () => {
      const texts = await page.evaluate(() => [...document.querySelector('#hero-search').shadowRoot.querySelectorAll('.msg .tries li')].map((li) => li.textContent));
      return texts.length > 0 && texts;
    }, { message: 'the list of what to try' });
    assert.ok(tries.includes(`Without “${word.value}”: ${word.query} (${word.total} ${word.total === 1 ? 'result' : 'results'})`), JSON.stringify(tries));
    await page.evaluate(() => document.querySelector('#hero-search').shadowRoot.querySelector('.msg .tries button[data-action=drop_word]').click());
    const s = await until(async () => {
      const st = await widgetState(page, '#hero-search');
      return st && st.options.length > 0 && st;
    }, { message: 'the results of the suggested query' });
    assert.equal(await page.evaluate(() => document.querySelector('#hero-search').shadowRoot.querySelector('input').value), word.query);
    assert.ok(s.options.length > 0);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('widget: an answer says which question it answers', async () => {
    const page = await env.newPage();
    await page.goto(`${env.demoOrigin}/demo.html`);
    await page.waitForFunction(() => customElements.get('kb-search') && document.querySelector('kb-search').shadowRoot);
    await page.locator('#hero-search input').fill('IGF mandate ');
    const api = (await env.api('/api/v1/search?q=IGF+mandate')).body;
    const answer = api.hits.find((h) => h.kind === 'answer' && h.question_number);
    assert.ok(answer, 'an answer among the hits');
    const option = await until(async () => {
      const st = await widgetState(page, '#hero-search');
      return st && st.options.find((o) => o.unit === answer.id);
    }, { message: `the answer ${answer.id} in the widget` });
    assert.ok(option.text.includes(`Question ${answer.question_number} · ${answer.title}`), option.text);
    await page.context().close();
  });

  test('widget: a corrected query says so and can search what was typed', async () => {
    const page = await env.newPage();
    await page.goto(`${env.demoOrigin}/demo.html`);
    await page.waitForFunction(() => customElements.get('kb-search') && document.querySelector('kb-search').shadowRoot);
    await page.locator('#hero-search input').fill('fragmentaton ');
    const msg = await until(async () => {
      const text = await page.evaluate(() => document.querySelector('#hero-search').shadowRoot.querySelector('.msg').textContent);
      return /Showing results for/.test(text) && text;
    }, { message: 'the correction notice' });
    assert.equal(msg, 'Showing results for “fragmentation”; search instead for fragmentaton.');
    await page.evaluate(() => document.querySelector('#hero-search').shadowRoot.querySelector('.msg button.exact').click());
    await until(async () => {
      const s = await widgetState(page, '#hero-search');
      return s && /No results/.test(s.live) && s;
    }, { message: 'no results for the query as typed' });
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
