// The embeddable widget (<kb-search>, ui/widget.js) on the demo host page, served from a
// second loopback origin that kb-searchd allows (and from a third one that it does not).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { NOT_ALLOWED, artifact, axeViolations, setup, until, widgetState } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { if (env) await env.close(); });

const HERO = '#hero-search';
const heroInput = (page) => page.locator(`${HERO} input`);

async function openDemo(opts) {
  const page = await env.newPage(opts);
  await page.goto(`${env.demoOrigin}/demo.html`);
  await page.waitForFunction(() => customElements.get('kb-search') && document.querySelector('kb-search').shadowRoot);
  return page;
}

async function typeAndWait(page, query, selector = HERO) {
  await page.locator(`${selector} input`).fill(query);
  return until(async () => {
    const s = await widgetState(page, selector);
    return s && s.options.length > 0 && /result/.test(s.live) && new URL(s.fullHref).searchParams.get('q') === query && s;
  }, { message: `results for "${query}"` });
}

describe('widget', () => {
  test('typing a query shows results with highlighted snippets', async () => {
    const page = await openDemo();
    const s = await typeAndWait(page, 'DNS abuse');
    const want = s.options.find((o) => o.unit === 'wsis20-framework/m1/pp4' || o.unit === 'wsis20-framework/m5/pp3');
    assert.ok(want, `a DNS-abuse proof point among ${s.options.map((o) => o.unit)}`);
    assert.ok(want.marks.length > 0, 'the snippet has <mark>ed words');
    assert.ok(want.marks.some((m) => /dns|abuse/i.test(m)), `marks: ${want.marks}`);
    assert.match(want.text, /Proof point/, 'kind shown');
    assert.match(want.text, /Supports:/, 'the message it supports is shown');
    assert.match(want.text, /WSIS\+20 Messaging Framework: Reinforcing What Works/, 'source title shown');
    assert.match(want.text, /line \d+/, 'citation shown');
    assert.equal(s.expanded, 'true');
    const { body } = await env.api('/api/v1/search?q=DNS+abuse&partial=true&per_page=5');
    assert.equal(s.live, `${body.total} results`);
    assert.ok(s.options.length <= 5, 'max-results caps the list');
    assert.equal(s.fullHref, `${env.kbOrigin}/?q=DNS+abuse`);
    // The host page's global CSS does not reach into the widget.
    const styles = await page.evaluate((sel) => {
      const root = document.querySelector(sel).shadowRoot;
      const mark = root.querySelector('mark');
      const input = root.querySelector('input');
      return {
        mark: getComputedStyle(mark).backgroundColor,
        font: getComputedStyle(input).fontFamily,
        color: getComputedStyle(root.querySelector('.title, .sup')).color,
      };
    }, HERO);
    assert.notEqual(styles.mark, 'rgb(0, 255, 0)', 'mark{background:lime} of the host does not apply');
    assert.doesNotMatch(styles.font, /^serif$/, 'font-family:serif of the host does not apply');
    assert.notEqual(styles.color, 'rgb(255, 0, 0)', 'color:red of the host does not apply');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('clicking a facet chip re-queries: total, counts and aria-pressed change', async () => {
    const page = await openDemo();
    const before = await typeAndWait(page, 'DNS abuse');
    const chip = before.chips.find((c) => c.facet === 'audience' && c.value === 'policymakers');
    assert.ok(chip, 'an audience chip for policymakers');
    assert.equal(chip.pressed, 'false');
    const themeBefore = before.chips.find((c) => c.facet === 'theme');
    await page.locator(`${HERO} .chip[data-facet=audience][data-value=policymakers]`).click();
    const afterState = await until(async () => {
      const s = await widgetState(page, HERO);
      return s.live === `${chip.count} results` && s;
    }, { message: `${chip.count} results after the chip` });
    const pressed = afterState.chips.find((c) => c.facet === 'audience' && c.value === 'policymakers');
    assert.equal(pressed.pressed, 'true', 'the active chip is aria-pressed=true');
    assert.equal(afterState.options.length, Math.min(5, chip.count));
    // Disjunctive: the other audiences keep their counts; other facets are narrowed.
    const tc = afterState.chips.find((c) => c.facet === 'audience' && c.value === 'technical-community');
    assert.equal(tc.count, before.chips.find((c) => c.value === 'technical-community').count);
    const theme = afterState.chips.find((c) => c.facet === 'theme' && c.value === themeBefore.value);
    assert.ok(!theme || theme.count < themeBefore.count, 'theme counts follow the filter');
    assert.match(afterState.fullHref, /audience=policymakers/);
    // Toggling it off restores the total.
    await page.locator(`${HERO} .chip[data-facet=audience][data-value=policymakers]`).click();
    await until(async () => (await widgetState(page, HERO)).live === before.live, { message: 'total restored' });
    await page.context().close();
  });

  test('"/" focuses the widget; arrows move the active option; Esc closes; Enter opens the unit on the search page', async () => {
    const page = await openDemo();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    assert.equal((await widgetState(page, HERO)).focused, true, '"/" focuses the first widget');
    await page.keyboard.type('fragmentation');
    const s = await until(async () => {
      const st = await widgetState(page, HERO);
      return st.options.length > 1 && /results/.test(st.live) && st.fullHref.endsWith('?q=fragmentation') && st;
    }, { message: 'results for the whole word' });
    await page.keyboard.press('ArrowDown');
    let st = await widgetState(page, HERO);
    assert.equal(st.activedescendant, s.options[0].id);
    assert.equal(st.options[0].selected, 'true');
    await page.keyboard.press('ArrowDown');
    st = await widgetState(page, HERO);
    assert.equal(st.activedescendant, s.options[1].id);
    assert.equal(st.options[0].selected, 'false');
    await page.keyboard.press('ArrowUp');
    st = await widgetState(page, HERO);
    assert.equal(st.activedescendant, s.options[0].id);
    await page.keyboard.press('Escape');
    st = await widgetState(page, HERO);
    assert.equal(st.panelOpen, false, 'Esc closes');
    assert.equal(st.expanded, 'false');
    assert.equal(st.activedescendant, null);
    await page.keyboard.press('ArrowDown');
    st = await widgetState(page, HERO);
    assert.equal(st.expanded, 'true', 'ArrowDown reopens');
    await page.keyboard.press('ArrowDown');
    st = await widgetState(page, HERO);
    const target = st.options.find((o) => o.id === st.activedescendant).unit;
    await Promise.all([page.waitForURL(`${env.kbOrigin}/?unit=**`), page.keyboard.press('Enter')]);
    assert.equal(new URL(page.url()).searchParams.get('unit'), target);
    // The search page's detail view of that unit: its message and citation.
    const { body } = await env.api(`/api/v1/units/${target}`);
    await page.waitForSelector('#unit-title');
    await until(async () => (await page.locator('.cite-box .cite').textContent()) === body.unit.cite, { message: 'citation' });
    const text = await page.locator('#view').textContent();
    const messageTitle = (body.message || body.unit).title;
    assert.ok(text.includes(messageTitle), `the detail view shows the message "${messageTitle}"`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('Ctrl+K focuses the widget unless focus is in another text field; Esc on a closed widget clears it', async () => {
    const page = await openDemo();
    await page.evaluate(() => {
      const i = document.createElement('input');
      i.id = 'host-field';
      i.setAttribute('aria-label', 'host field');
      document.body.prepend(i);
    });
    await page.locator('#host-field').focus();
    await page.keyboard.press('Control+k');
    assert.equal((await widgetState(page, HERO)).focused, false, 'not stolen from a text field');
    await page.keyboard.type('/');
    assert.equal(await page.locator('#host-field').inputValue(), '/', '"/" types into the host field');
    await page.locator('h1').click();
    await page.keyboard.press('Control+k');
    assert.equal((await widgetState(page, HERO)).focused, true, 'Ctrl+K focuses the widget');
    await page.keyboard.type('igf');
    await until(async () => {
      const st = await widgetState(page, HERO);
      return st.options.length > 0 && st.fullHref.endsWith('?q=igf');
    }, { message: 'results' });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    assert.equal(await heroInput(page).inputValue(), '', 'second Esc clears');
    await page.context().close();
  });

  test('Copy puts the text and its citation on the clipboard', async () => {
    const page = await openDemo();
    await page.bringToFront();
    const s = await typeAndWait(page, 'parallel root');
    const first = s.options[0].unit;
    const { body } = await env.api(`/api/v1/units/${first}`);
    const copy = page.locator(`${HERO} .copy`).first();
    await copy.click();
    await until(async () => (await copy.textContent()) === 'Copied', { message: '"Copied"' });
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(clip, `${body.unit.text}\n— ${body.unit.cite}`);
    await page.context().close();
  });

  test('an origin that kb-searchd does not allow gets a clear message', async () => {
    const page = await env.newPage();
    await page.goto(`${env.deniedOrigin}/demo.html`);
    await page.waitForFunction(() => customElements.get('kb-search'));
    await heroInput(page).fill('DNS abuse');
    const s = await until(async () => {
      const st = await widgetState(page, HERO);
      return st.error && st;
    }, { message: 'the error message' });
    assert.equal(s.message, NOT_ALLOWED);
    assert.equal(s.options.length, 0);
    assert.equal(await page.evaluate(() => document.querySelector('#hero-search').shadowRoot.querySelector('.msg').getAttribute('role')), 'alert');
    await page.context().close();
  });

  test('an HTTP error from the API shows its message', async () => {
    const page = await openDemo();
    await page.evaluate(() => {
      const w = document.createElement('kb-search');
      w.id = 'bad';
      w.setAttribute('audience', 'no-such-audience');
      document.body.prepend(w);
    });
    await page.locator('#bad input').fill('igf');
    const s = await until(async () => {
      const st = await widgetState(page, '#bad');
      return st.error && st;
    }, { message: 'the error' });
    assert.match(s.message, /^Search failed: .*no-such-audience/);
    await page.context().close();
  });

  test('attributes: audience preselects a chip, theme="dark" applies the dark scheme', async () => {
    const page = await openDemo();
    const s = await typeAndWait(page, 'coordination', '#policy-search');
    const chip = s.chips.find((c) => c.facet === 'audience' && c.value === 'policymakers');
    assert.equal(chip.pressed, 'true');
    assert.ok(s.options.length <= 3);
    const bg = await page.evaluate(() => getComputedStyle(document.querySelector('#policy-search').shadowRoot.querySelector('.panel')).backgroundColor);
    assert.equal(bg, 'rgb(38, 46, 51)', 'the --kb-dark-bg set by the host page');
    await page.context().close();
  });

  test('attributes: every facet of the service is a preset, also when set after the widget is on the page', async () => {
    const page = await openDemo();
    await page.evaluate(() => {
      const w = document.createElement('kb-search');
      w.id = 'presets';
      w.setAttribute('theme', 'fragmentation, dark');
      w.setAttribute('data-role', 'not a facet');
      document.body.prepend(w);
    });
    let s = await typeAndWait(page, 'fragmentation', '#presets');
    let params = new URL(s.fullHref).searchParams;
    assert.deepEqual(params.getAll('theme'), ['fragmentation'], 'dark is the appearance, not a theme');
    assert.equal(params.get('data-role'), null, 'an attribute that names no facet is not a filter');
    assert.equal(s.chips.find((c) => c.facet === 'theme' && c.value === 'fragmentation').pressed, 'true');
    const themed = (await env.api('/api/v1/search?q=fragmentation&theme=fragmentation&partial=true&per_page=5')).body;
    assert.equal(s.live, `${themed.total} results`);
    // A facet without widget chips (kind) is a preset too; set after connecting.
    const { body } = await env.api('/api/v1/search?q=fragmentation&theme=fragmentation&kind=proof-point&partial=true&per_page=5');
    assert.ok(body.total > 0 && body.total < themed.total, `${body.total} of ${themed.total}`);
    await page.evaluate(() => document.querySelector('#presets').setAttribute('kind', 'proof-point'));
    s = await until(async () => {
      const st = await widgetState(page, '#presets');
      return st && new URL(st.fullHref).searchParams.get('kind') === 'proof-point' && st.live === `${body.total} results` && st;
    }, { message: `the kind preset applied: ${body.total} results` });
    params = new URL(s.fullHref).searchParams;
    assert.deepEqual(params.getAll('theme'), ['fragmentation']);
    assert.ok(s.options.every((o) => /Proof point/.test(o.text)), 'only proof points listed');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('axe: no serious or critical violations on the demo page with the widget open, light and dark', async () => {
    const page = await openDemo();
    await typeAndWait(page, 'DNS abuse');
    await page.keyboard.press('ArrowDown');
    await typeAndWait(page, 'coordination', '#policy-search');
    await page.locator(`${HERO} input`).focus();
    await page.keyboard.press('ArrowDown');
    assert.equal((await widgetState(page, HERO)).panelOpen, true);
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      const v = await axeViolations(page);
      assert.deepEqual(v, [], `${colorScheme}: ${JSON.stringify(v, null, 2)}`);
    }
    await page.context().close();
  });

  test('screenshots of the widget, light and dark', async () => {
    let page = await openDemo({ viewport: { width: 1100, height: 860 } });
    await typeAndWait(page, 'DNS abuse');
    await page.keyboard.press('ArrowDown');
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: artifact(`widget-${colorScheme}.png`) });
    }
    await page.context().close();
    page = await openDemo({ viewport: { width: 360, height: 740 } });
    await typeAndWait(page, 'IGF');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 360 px (${overflow})`);
    await page.screenshot({ path: artifact('widget-mobile.png') });
    await page.context().close();
  });
});
