// Issue 11, defect 3: the search page and the widget agree while typing. One page holds
// both (the search page with a <kb-search> added); each text is typed into the page's box
// and into the widget, and both must send the same search parameters (paging apart) and
// show the same count, the same first results and the same correction notice (or none).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setup, until, widgetState } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { if (env) await env.close(); });

const TEXTS = ['multist', 'DNS abuse', 'DNS AND', '"multistakeholder', 'fragmentaton', 'multistakholder'];
const WIDGET_PER_PAGE = '5';

// The search parameters that say what is searched: all but paging.
const searchParams = (url) => {
  const p = new URL(url).searchParams;
  p.delete('page');
  p.delete('per_page');
  return [...p.entries()].map(([k, v]) => `${k}=${v}`).sort();
};

// The notice a client shows about spelling: a correction whose results are shown, a
// "did you mean", or none.
function notice(text) {
  let m = /Showing results for “?([^”;]+)”?; search instead for (.+)\./.exec(text);
  if (m) return `corrected:${m[1]}:${m[2]}`;
  m = /Did you mean ([^?]+)\?/.exec(text);
  if (m) return `did-you-mean:${m[1]}`;
  return 'none';
}

async function pageWithWidget() {
  const page = await env.newPage();
  const searches = [];
  page.on('request', (req) => {
    if (new URL(req.url()).pathname === '/api/v1/search') searches.push(req.url());
  });
  await page.goto(`${env.kbOrigin}/`);
  await page.waitForSelector('#view[aria-busy=false]');
  await page.evaluate(() => {
    const w = document.createElement('kb-search');
    w.id = 'w';
    w.setAttribute('max-results', '5');
    w.style.cssText = 'position:fixed;left:8px;right:8px;bottom:8px;z-index:10';
    document.body.append(w);
  });
  await page.addScriptTag({ url: `${env.kbOrigin}/widget.js` });
  await page.waitForFunction(() => customElements.get('kb-search') && document.querySelector('#w').shadowRoot);
  return { page, searches };
}

// Types text into the page's box as a person would and returns what the page shows.
async function typeInPage(page, searches, text) {
  await page.locator('#q').fill('');
  await page.locator('#q').pressSequentially(text, { delay: 15 });
  const q = text.trim();
  await until(() => page.evaluate((want) => document.title.startsWith(`${want} · `), q), { message: `the page's results for ${text}` });
  await page.waitForSelector('#view[aria-busy=false]');
  const request = searches.filter((u) => {
    const p = new URL(u).searchParams;
    return p.get('q') === q && p.get('per_page') !== WIDGET_PER_PAGE;
  }).pop();
  const shown = await page.evaluate(() => ({
    heading: document.querySelector('#results-title').textContent,
    ids: [...document.querySelectorAll('#view .hit[data-id]')].map((e) => e.dataset.id),
    notices: [...document.querySelectorAll('#view .notice')].map((e) => e.textContent).join(' '),
  }));
  const m = /^(\d+|No) results?/.exec(shown.heading);
  return { request, total: m && m[1] !== 'No' ? Number(m[1]) : 0, ids: shown.ids.slice(0, 5), notice: notice(shown.notices) };
}

async function typeInWidget(page, searches, text) {
  const input = page.locator('#w input');
  await input.fill('');
  await input.pressSequentially(text, { delay: 15 });
  const q = text.trim();
  const isMine = (u) => {
    const p = new URL(u).searchParams;
    return p.get('q') === q && p.get('per_page') === WIDGET_PER_PAGE;
  };
  await until(() => searches.some(isMine), { message: `the widget's search for ${text}` });
  const s = await until(async () => {
    const st = await widgetState(page, '#w');
    return st && st.panelOpen && /results?$/.test(st.live) && new URL(st.fullHref).searchParams.get('q') === q && st;
  }, { message: `the widget's results for ${text}` });
  const m = /^(\d+|No) results?/.exec(s.live);
  const msg = await page.evaluate(() => document.querySelector('#w').shadowRoot.querySelector('.msg').textContent);
  return {
    request: searches.filter(isMine).pop(),
    total: m && m[1] !== 'No' ? Number(m[1]) : 0,
    ids: s.options.map((o) => o.unit),
    notice: notice(msg),
  };
}

describe('page and widget agree while typing (issue 11, defect 3)', () => {
  test('the same text gives the same parameters, count, first results and notice', async () => {
    const { page, searches } = await pageWithWidget();
    for (const text of TEXTS) {
      const onPage = await typeInPage(page, searches, text);
      const inWidget = await typeInWidget(page, searches, text);
      assert.ok(onPage.request, `the page searched ${text}`);
      assert.deepEqual(searchParams(onPage.request), searchParams(inWidget.request), `parameters for ${text}`);
      assert.ok(searchParams(onPage.request).includes('partial=true'), `${text} is searched as typed: ${onPage.request}`);
      assert.equal(onPage.total, inWidget.total, `count for ${text}`);
      assert.deepEqual(onPage.ids, inWidget.ids, `first results for ${text}`);
      assert.equal(onPage.notice, inWidget.notice, `notice for ${text}`);
      // What both show is what the service answers for the text being typed.
      const api = (await env.api(`/api/v1/search?${new URLSearchParams({ q: text, partial: 'true', per_page: '5' })}`)).body;
      assert.equal(onPage.total, api.total, `the service's count for ${text}`);
      assert.deepEqual(inWidget.ids, api.hits.map((hit) => hit.id), `the service's hits for ${text}`);
      if (api.auto_corrected) assert.equal(onPage.notice, `corrected:${api.corrected_query}:${text}`, text);
      await page.locator('#w input').press('Escape');
    }
    // Neither shows a parse error for half-typed syntax.
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('a blank after the last word ends it, on the page as in the widget', async () => {
    const { page, searches } = await pageWithWidget();
    const onPage = await typeInPage(page, searches, 'DNS abuse ');
    const inWidget = await typeInWidget(page, searches, 'DNS abuse ');
    assert.ok(!searchParams(onPage.request).includes('partial=true'), onPage.request);
    assert.deepEqual(searchParams(onPage.request), searchParams(inWidget.request));
    assert.equal(onPage.total, inWidget.total);
    assert.deepEqual(onPage.ids, inWidget.ids);
    await page.context().close();
  });

  test('a submitted query is searched as whole words, also after Back', async () => {
    const { page, searches } = await pageWithWidget();
    await typeInPage(page, searches, 'DNS abuse');
    await page.locator('#q').press('Enter');
    await until(() => searches.some((u) => {
      const p = new URL(u).searchParams;
      return p.get('q') === 'DNS abuse' && !p.has('partial') && p.get('per_page') !== WIDGET_PER_PAGE;
    }), { message: 'the submitted search' });
    await page.waitForSelector('#view[aria-busy=false]');
    const whole = (await env.api('/api/v1/search?q=DNS+abuse&per_page=5')).body;
    const heading = `${whole.total} results for “DNS abuse”`;
    await until(async () => (await page.locator('#results-title').textContent()) === heading, { message: heading });
    // Open a result and come back: the same results, the query still in the box.
    await page.locator('#view .hit a[data-nav]').first().click();
    await page.waitForSelector('#unit-title');
    await page.goBack();
    await until(async () => (await page.locator('#results-title').count()) && (await page.locator('#results-title').textContent()) === heading,
      { message: `${heading} after Back` });
    assert.equal(await page.locator('#q').inputValue(), 'DNS abuse');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
