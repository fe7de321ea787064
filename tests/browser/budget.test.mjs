// Static checks of ui/ that need no browser: the widget's size budget and the rules the
// page must follow under kb-searchd's Content-Security-Policy.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { HERE } from './harness.mjs';

const UI = path.join(process.env.KB_SOURCE_DIR ? path.resolve(process.env.KB_SOURCE_DIR) : path.resolve(HERE, '..', '..'), 'ui');
const read = (name) => fs.readFileSync(path.join(UI, name), 'utf8');
const BUDGET = 15360;

describe('ui budget and hygiene', () => {
  test(`widget.js (with its CSS) is at most ${BUDGET} bytes gzipped`, (t) => {
    const size = gzipSync(fs.readFileSync(path.join(UI, 'widget.js')), { level: 9 }).length;
    t.diagnostic(`widget.js: ${fs.statSync(path.join(UI, 'widget.js')).size} bytes, ${size} bytes gzipped (budget ${BUDGET})`);
    assert.ok(size <= BUDGET, `widget.js is ${size} bytes gzipped, over the ${BUDGET}-byte budget`);
  });

  test('the offline engine is small: offline.js at most 16 kB gzipped', (t) => {
    const size = gzipSync(fs.readFileSync(path.join(UI, 'offline.js')), { level: 9 }).length;
    t.diagnostic(`offline.js: ${fs.statSync(path.join(UI, 'offline.js')).size} bytes, ${size} bytes gzipped`);
    assert.ok(size <= 16384, `offline.js is ${size} bytes gzipped`);
  });

  test('no HTML parsing of data and no eval in the scripts', () => {
    for (const name of ['widget.js', 'app.js', 'offline.js', 'sw.js']) {
      const src = read(name);
      for (const bad of [/\.innerHTML\b/, /\.outerHTML\s*=/, /insertAdjacentHTML/, /document\.write/, /\beval\s*\(/, /new Function\s*\(/, /createContextualFragment/, /DOMParser/]) {
        assert.doesNotMatch(src, bad, `${name} uses ${bad}`);
      }
    }
  });

  test('the widget needs no other request: no stylesheet or font loads', () => {
    const src = read('widget.js');
    assert.doesNotMatch(src, /@import|url\(\s*['"]?(https?:)?\/\//, 'no external CSS resources');
    assert.doesNotMatch(src, /createElement\(['"]link['"]\)/);
  });

  test('the HTML pages have no inline scripts or event-handler attributes, and no external resources', () => {
    for (const name of ['index.html', 'brief.html', 'demo.html']) {
      const html = read(name).replace(/<!--[\s\S]*?-->/g, '');
      for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
        assert.match(m[1], /\bsrc=/, `${name}: inline <script>`);
        assert.equal(m[2].trim(), '', `${name}: <script src> with a body`);
      }
      assert.doesNotMatch(html, /\son[a-z]+\s*=/i, `${name}: inline event handler`);
      assert.doesNotMatch(html, /(src|href)=["']?(https?:)?\/\//i, `${name}: external resource`);
    }
  });
});
