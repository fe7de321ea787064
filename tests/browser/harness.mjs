// Test harness for the browser tests: builds an index, starts kb-searchd and two static
// servers for the demo page (one allowed by --cors-origin, one not), all on 127.0.0.1, and
// launches Debian's headless chromium through playwright-core. Nothing downloads a browser.
//
// Environment:
//   KB_INDEX_BIN    path of the kb-index binary            (required)
//   KB_SEARCHD_BIN  path of the kb-searchd binary          (required)
//   KB_SOURCE_DIR   repository root (corpus/ and ui/)      (required)
//   KB_EXPORT_BIN   path of the kb-export binary           (offline.test.mjs, offline-engine.test.mjs)
//   KB_CHROMIUM     chromium binary (default /usr/bin/chromium)

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = path.join(HERE, 'artifacts');
export const AXE_PATH = path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js');
export const NOT_ALLOWED = 'This site is not allowed to use this search service (or it is unreachable).';

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export function requireEnv() {
  const missing = ['KB_INDEX_BIN', 'KB_SEARCHD_BIN', 'KB_SOURCE_DIR'].filter((k) => !process.env[k]);
  if (missing.length) {
    throw new Error(
      `browser tests need ${missing.join(', ')} in the environment: KB_INDEX_BIN and KB_SEARCHD_BIN ` +
      'are the kb-index and kb-searchd binaries, KB_SOURCE_DIR the repository root, e.g.\n' +
      '  KB_INDEX_BIN=build/indexer/kb-index KB_SEARCHD_BIN=build/searchd/kb-searchd KB_SOURCE_DIR=$PWD ' +
      'node --test tests/browser/\n(ctest -L browser sets them)');
  }
  for (const k of ['KB_INDEX_BIN', 'KB_SEARCHD_BIN']) {
    if (!fs.existsSync(process.env[k])) throw new Error(`${k}=${process.env[k]} does not exist (build it first)`);
  }
  return {
    indexBin: path.resolve(process.env.KB_INDEX_BIN),
    searchdBin: path.resolve(process.env.KB_SEARCHD_BIN),
    sourceDir: path.resolve(process.env.KB_SOURCE_DIR),
  };
}

async function loadPlaywright() {
  try {
    return await import('playwright-core');
  } catch (err) {
    throw new Error(`playwright-core is not installed: run \`npm ci --prefix ${HERE}\` (${err.message})`);
  }
}

// The environment for the binaries: no KB_* settings of the caller leak in.
function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KB_')) env[k] = v;
  return env;
}

const children = new Set();
process.on('exit', () => {
  for (const child of children) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`));
  });
}

// A tiny static server for the demo page. The page's script tag points at the kb-searchd
// origin, as an embedding site's would.
function demoServer(uiDir, kbOrigin) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (url.pathname === '/' || url.pathname === '/demo.html') {
      const html = fs.readFileSync(path.join(uiDir, 'demo.html'), 'utf8')
        .replace('src="/widget.js"', `src="${kbOrigin()}/widget.js"`);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  });
  server.keepAliveTimeout = 1000;
  return server;
}

export function run(bin, args, what) {
  const r = spawnSync(bin, args, { env: cleanEnv(), encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) {
    throw new Error(`${what} failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''}): ${bin} ${args.join(' ')}\n${r.stderr || ''}${r.error || ''}`);
  }
  return r.stdout;
}

export function startSearchd(bin, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kb-searchd did not report its port within 15 s\nstdout: ${out}\nstderr: ${err}`));
    }, 15_000);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, origin: m[1], stderr: () => err });
      }
    });
    child.stderr.on('data', (d) => { err = (err + d).slice(-20_000); });
    child.on('exit', (code, signal) => {
      children.delete(child);
      clearTimeout(timer);
      reject(new Error(`kb-searchd exited (${code ?? signal}) before listening\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}

export function stopChild(child, ms = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, ms);
    child.once('exit', () => { clearTimeout(timer); children.delete(child); resolve(); });
    child.kill('SIGTERM');
  });
}

// Writes a small corpus whose curated framework holds text that looks like HTML.
export function writeHostileCorpus(dir, sourceDir) {
  fs.mkdirSync(path.join(dir, 'documents'), { recursive: true });
  fs.copyFileSync(path.join(sourceDir, 'corpus', 'taxonomy.xml'), path.join(dir, 'taxonomy.xml'));
  fs.writeFileSync(path.join(dir, 'glossary.xml'), '<?xml version="1.0" encoding="UTF-8"?>\n<glossary>\n</glossary>\n');
  fs.writeFileSync(path.join(dir, 'catalog.xml'), `<?xml version="1.0" encoding="UTF-8"?>
<catalog>
  <document id="hostile-framework" file="documents/hostile.xml" kind="framework" lang="en">
    <title>Hostile &lt;b&gt;test&lt;/b&gt; framework</title>
    <publisher>kb browser tests</publisher>
    <date>2026</date>
    <description>A framework whose text looks like HTML, to check that it is shown as text.</description>
  </document>
</catalog>
`);
  fs.writeFileSync(path.join(dir, 'documents', 'hostile.xml'), `<?xml version="1.0" encoding="UTF-8"?>
<framework id="hostile-framework" lang="en">
  <title>Hostile &lt;b&gt;test&lt;/b&gt; framework</title>
  <message id="m1">
    <title>&lt;script&gt;window.__pwned=2&lt;/script&gt; Network resilience</title>
    <text>&lt;img src=x onerror="window.__pwned=1"&gt; resilience of the &amp;amp; network &lt;/mark&gt;&lt;mark&gt; fake.</text>
    <audience ref="policymakers"/>
    <proof-point id="pp1">
      <text>&lt;img src=x onerror="window.__pwned=1"&gt; resilience proven &lt;a href="javascript:window.__pwned=3"&gt;link&lt;/a&gt;.</text>
    </proof-point>
  </message>
</framework>
`);
}

// Writes an archive-sized corpus: 30 notes of 50 paragraphs (1,500 passages). Paragraph p
// says "registry" unless p % 3 == 0 and "policy" unless p % 4 == 0, so `registry policy`
// matches 1,350 units, more than kb counts exactly (kb::exact_count_limit): its total and
// facet counts are estimates; `registry -policy` matches 240, counted. The bundled
// taxonomy tags themes from the words, so there are theme counts to show.
export function writeArchiveCorpus(dir, sourceDir) {
  fs.mkdirSync(path.join(dir, 'documents'), { recursive: true });
  fs.copyFileSync(path.join(sourceDir, 'corpus', 'taxonomy.xml'), path.join(dir, 'taxonomy.xml'));
  const words = ['resilience', 'routing', 'stability', 'security', 'funding', 'capacity'];
  let seed = 7;
  const next = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed >> 8; };
  for (let d = 0; d < 30; d++) {
    const paragraphs = [];
    for (let p = 0; p < 50; p++) {
      const drawn = Array.from({ length: 10 }, () => words[next() % words.length]);
      if (p % 3) drawn.push('registry');
      if (p % 4) drawn.push('policy');
      paragraphs.push(`Paragraph ${p} of note ${d}: ${drawn.join(' ')}.`);
    }
    fs.writeFileSync(path.join(dir, 'documents', `note-${String(d).padStart(2, '0')}.txt`),
      `Archive note ${d}\n\n${paragraphs.join('\n\n')}\n`);
  }
}

// Starts everything. options.corpus: 'bundled' (KB_SOURCE_DIR/corpus), 'hostile' or 'archive'.
export async function setup({ corpus = 'bundled' } = {}) {
  const { indexBin, searchdBin, sourceDir } = requireEnv();
  const { chromium } = await loadPlaywright();
  const uiDir = path.join(sourceDir, 'ui');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-browser-'));
  const env = { tmp, uiDir, sourceDir };
  const cleanups = [];
  env.close = async () => {
    for (const fn of cleanups.reverse()) {
      try { await fn(); } catch { /* keep closing the rest */ }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    let kbOrigin = '';
    const allowed = demoServer(uiDir, () => kbOrigin);
    const denied = demoServer(uiDir, () => kbOrigin);
    env.demoOrigin = await listen(allowed);
    cleanups.push(() => new Promise((r) => { allowed.closeAllConnections(); allowed.close(r); }));
    env.deniedOrigin = await listen(denied);
    cleanups.push(() => new Promise((r) => { denied.closeAllConnections(); denied.close(r); }));

    let corpusDir = path.join(sourceDir, 'corpus');
    if (corpus === 'hostile') {
      corpusDir = path.join(tmp, 'corpus');
      writeHostileCorpus(corpusDir, sourceDir);
    } else if (corpus === 'archive') {
      corpusDir = path.join(tmp, 'corpus');
      writeArchiveCorpus(corpusDir, sourceDir);
    }
    const indexDir = path.join(tmp, 'index');
    env.indexDir = indexDir;
    env.corpusDir = corpusDir;
    run(indexBin, [corpusDir, '--out', indexDir, '-q'], 'kb-index');

    const searchd = await startSearchd(searchdBin, [
      '--index', indexDir, '--port', '0', '--bind', '127.0.0.1', '--ui', uiDir,
      '--cors-origin', env.demoOrigin, '--access-log', 'off', '--threads', '8',
    ]);
    cleanups.push(() => stopChild(searchd.child));
    env.searchdStderr = searchd.stderr;
    kbOrigin = searchd.origin;
    env.kbOrigin = kbOrigin;

    const browser = await chromium.launch({
      executablePath: process.env.KB_CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 30_000,
    });
    cleanups.push(() => browser.close());
    env.browser = browser;
  } catch (err) {
    await env.close();
    throw err;
  }

  // A fresh context (own profile state) with clipboard access for the kb and demo origins.
  env.newPage = async ({ colorScheme = 'light', viewport = { width: 1280, height: 900 }, bypassCSP = false, offline = false } = {}) => {
    const context = await env.browser.newContext({ colorScheme, viewport, bypassCSP, offline, reducedMotion: 'reduce' });
    for (const origin of [env.kbOrigin, env.demoOrigin, env.deniedOrigin]) {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    }
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') page.errors.push(`console: ${m.text()}`);
    });
    return page;
  };

  env.api = async (pathAndQuery) => {
    const res = await fetch(`${env.kbOrigin}${pathAndQuery}`);
    return { status: res.status, body: await res.json() };
  };
  return env;
}

// Polls fn until it returns a truthy value; fails with the last value after timeout ms.
export async function until(fn, { timeout = 10_000, interval = 25, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${message}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

// Runs axe-core in the page and returns the serious and critical violations.
export async function axeViolations(page, context = undefined) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async (ctx) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(ctx || document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary || ''}`),
    }));
  }, context);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function artifact(name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

// Facts about the widget in the page, read through its open shadow root.
export function widgetState(page, selector = 'kb-search') {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    const root = el && el.shadowRoot;
    if (!root) return null;
    const input = root.querySelector('input');
    const options = [...root.querySelectorAll('[role=option]')];
    const msg = root.querySelector('.msg');
    return {
      expanded: input.getAttribute('aria-expanded'),
      activedescendant: input.getAttribute('aria-activedescendant'),
      focused: document.activeElement === el && root.activeElement === input,
      live: root.querySelector('[aria-live]').textContent,
      message: msg && !msg.hidden ? msg.textContent : '',
      error: !!(msg && !msg.hidden && msg.classList.contains('err')),
      panelOpen: !root.querySelector('.panel').hidden,
      options: options.map((o) => ({
        id: o.id, unit: o.dataset.id, selected: o.getAttribute('aria-selected'),
        text: o.textContent, marks: [...o.querySelectorAll('mark')].map((m) => m.textContent),
      })),
      chips: [...root.querySelectorAll('.chip')].map((c) => ({
        facet: c.dataset.facet, value: c.dataset.value, pressed: c.getAttribute('aria-pressed'),
        label: c.querySelector('b').textContent, countText: c.querySelector('i').textContent,
        count: Number(c.querySelector('i').textContent.replace(/^~/, '')),
      })),
      fullHref: root.querySelector('.full').href,
      images: root.querySelectorAll('img').length,
    };
  }, selector);
}
