// The offline engine (ui/offline.js) against the daemon on the same index, in node (no
// browser): the bundle kb-export wrote is loaded as the page loads it, and every answer is
// compared with kb-searchd's for the same request. Match sets, totals and facet counts
// must be the daemon's exactly; the order only approximately (docs/offline.md says why):
// the daemon's best hit is among the engine's first three.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { after, before, describe, test } from 'node:test';
import { run, setup } from './harness.mjs';

let env;
let engine;
let bundle;

// The bundle's scripts in a fresh global, as a page runs them (no DOM: chunks are read
// from the folder when the engine asks for them).
function loadEngine(dir) {
  const context = { URL, URLSearchParams, console, Promise, Map, Set };
  context.self = context;
  vm.createContext(context);
  for (const file of ['offline/kb-data.js', 'offline.js']) vm.runInContext(fs.readFileSync(path.join(dir, file), 'utf8'), context, { filename: file });
  const loadChunk = async (n) => vm.runInContext(fs.readFileSync(path.join(dir, 'offline', `source-${n}.js`), 'utf8'), context);
  const e = new context.KB_OFFLINE.Engine(context.KB_DATA, loadChunk);
  // Answers as plain JSON, as a page reads them (objects of the vm's realm compare unequal).
  return { answer: async (p) => JSON.parse(JSON.stringify(await e.answer(p))) };
}

before(async () => {
  env = await setup();
  const exportBin = process.env.KB_EXPORT_BIN && path.resolve(process.env.KB_EXPORT_BIN);
  if (!exportBin || !fs.existsSync(exportBin)) throw new Error('offline tests need KB_EXPORT_BIN, the kb-export binary (ctest -L browser sets it)');
  bundle = path.join(env.tmp, 'engine-bundle');
  run(exportBin, [bundle, '--index', env.indexDir, '--ui', env.uiDir, '-q'], 'kb-export');
  engine = loadEngine(bundle);
});
after(async () => { if (env) await env.close(); });

const counts = (facets) => Object.fromEntries(Object.entries(facets).map(([f, vs]) => [f, Object.fromEntries(vs.map((v) => [v.value, v.count]))]));

// Queries a meeting brings: words, phrases of the glossary (synonyms), typed prefixes,
// filters (by id, label and alias), typos, stopwords only, words no unit holds.
const SEARCHES = [
  'q=DNS+abuse', 'q=IGF+funding', 'q=fragmentation', 'q=multistakeholder', 'q=technical+community',
  'q=Internet+Governance+Forum', 'q=IGF', 'q=WSIS%2B20+review', 'q=who+signed', 'q=universal+acceptance',
  'q=multist&partial=true', 'q=DNS+ab&partial=true', 'q=gov&partial=true', 'q=root+server',
  'q=DNS+abuse&audience=policymakers', 'q=funding&audience=Governments', 'q=security&theme=dns-security-stability',
  'q=internet&kind=proof-point&kind=message', 'q=&audience=civil-society', 'q=', 'q=fragmentaton',
  'q=the+and+of', 'q=zzzyqx', 'q=NRIs', 'q=regulated+building', 'q=national+and+regional+IGF+initiatives', 'q=capacity+building&sort=date',
  'q=abuse+-DNS', 'q=stewardship&group=message', 'q=2025',
];

describe('offline engine answers as the daemon does', () => {
  for (const qs of SEARCHES) {
    test(`search?${qs}`, async () => {
      const daemon = (await env.api(`/api/v1/search?${qs}&per_page=50`)).body;
      const offline = await engine.answer(`search?${qs}&per_page=50`);
      assert.equal(offline.total, daemon.total, 'total');
      if (daemon.total <= 50) assert.deepEqual(offline.hits.map((h) => h.id).sort(), daemon.hits.map((h) => h.id).sort(), 'the same units');
      assert.deepEqual(counts(offline.facets), counts(daemon.facets), 'facet counts');
      assert.deepEqual(offline.filters, daemon.filters, 'filters resolved to ids');
      assert.equal(offline.auto_corrected, daemon.auto_corrected, 'auto-correction');
      if (daemon.auto_corrected) assert.equal(offline.corrected_query, daemon.corrected_query);
      if (daemon.hits.length) {
        assert.ok(offline.hits.slice(0, 3).some((h) => h.id === daemon.hits[0].id), `the daemon's best hit ${daemon.hits[0].id} among the first three: ${offline.hits.slice(0, 3).map((h) => h.id)}`);
      }
      for (const h of offline.hits) {
        const d = daemon.hits.find((x) => x.id === h.id);
        if (!d) continue;  // ranked within the first 50 here, not there
        const { snippet, score, ...rest } = h;
        const { snippet: ds, score: dscore, ...drest } = d;
        assert.deepEqual(rest, drest, `${h.id}: the unit's JSON`);
        if (daemon.query.trim() && /<mark>/.test(ds)) assert.match(snippet, /<mark>/, `${h.id}: words marked`);
      }
      if (qs.includes('group=message')) assert.deepEqual(offline.groups.map((g) => g.message && g.message.id).sort(), daemon.groups.map((g) => g.message && g.message.id).sort());
    });
  }

  for (const qs of ['audience=policymakers&q=DNS+abuse', 'audience=governments&q=IGF+funding', 'audience=technical-community&theme=fragmentation',
    'audience=policymakers&message=wsis20-framework/m2', 'audience=civil-society&q=multistakeholder+model']) {
    test(`brief?${qs}`, async () => {
      const daemon = (await env.api(`/api/v1/brief?${qs}`)).body;
      const offline = await engine.answer(`brief?${qs}`);
      assert.deepEqual(offline.audience, daemon.audience);
      assert.equal(offline.topic, daemon.topic);
      assert.deepEqual(offline.guidance.map((h) => h.id), daemon.guidance.map((h) => h.id), 'guidance');
      assert.deepEqual(offline.messages.map((m) => m.message.id), daemon.messages.map((m) => m.message.id), 'messages');
      offline.messages.forEach((m, i) => {
        assert.deepEqual(m.proof_points.map((p) => p.id).sort(), daemon.messages[i].proof_points.map((p) => p.id).sort(), `${m.message.id}: proof points`);
        assert.deepEqual(m.why.words.sort(), daemon.messages[i].why.words.sort(), `${m.message.id}: why words`);
        assert.equal(m.why.audience_tagged, daemon.messages[i].why.audience_tagged);
      });
      // Supporting passages are the best-ranked answers and passages of other documents, and
      // the order is where the engine only approximates the daemon: the same number, each
      // one the topic's words find, none from a message's document.
      assert.equal(offline.supporting.length, daemon.supporting.length, 'as many supporting passages');
      const topic = new URLSearchParams(qs);
      const found = topic.get('q') ? new Set((await engine.answer(`search?q=${encodeURIComponent(topic.get('q'))}&kind=answer&kind=passage&per_page=100&facets=false`)).hits.map((h) => h.id)) : null;
      const framework = new Set(offline.messages.map((m) => m.message.source.id));
      for (const h of offline.supporting) {
        assert.ok(['answer', 'passage'].includes(h.kind) && !framework.has(h.source.id), `${h.id}: an answer or passage of another document`);
        if (found) assert.ok(found.has(h.id), `${h.id}: found by the topic`);
      }
      const sameSupport = JSON.stringify(offline.supporting.map((h) => h.id).sort()) === JSON.stringify(daemon.supporting.map((h) => h.id).sort());
      if (sameSupport) {
        // The glossary is made from the brief's text: the same units, the same acronyms.
        assert.deepEqual(offline.glossary.map((h) => h.id), daemon.glossary.map((h) => h.id), 'glossary');
        assert.deepEqual(offline.sources.map((s) => s.id).sort(), daemon.sources.map((s) => s.id).sort(), 'sources');
      }
      for (const h of [...offline.guidance, ...offline.supporting, ...offline.glossary]) assert.ok(offline.sources.some((s) => s.id === h.source.id), `${h.id}: its source cited`);
    });
  }

  test('units, sources, messages and facets', async () => {
    for (const id of ['wsis20-framework/m1/pp4', 'wsis20-framework/m3', 'tccm-consultation-2025/q3', 'glossary/igf']) {
      const daemon = (await env.api(`/api/v1/units/${id}?q=IGF`)).body;
      const offline = await engine.answer(`units/${id}?q=IGF`);
      const strip = ({ snippet, ...u }) => u;
      assert.deepEqual(strip(offline.unit), strip(daemon.unit), `${id}: unit`);
      assert.deepEqual(offline.message, daemon.message, `${id}: message`);
      assert.deepEqual(offline.proof_points, daemon.proof_points, `${id}: proof points`);
      assert.deepEqual(offline.related, daemon.related, `${id}: related`);
    }
    const src = 'wsis20-framework';
    const unit = 'wsis20-framework/m5/pp3';
    assert.deepEqual(await engine.answer(`sources/${src}?unit=${unit}`), (await env.api(`/api/v1/sources/${src}?unit=${unit}`)).body);
    assert.deepEqual(await engine.answer('messages'), (await env.api('/api/v1/messages')).body);
    assert.deepEqual(await engine.answer('facets'), (await env.api('/api/v1/facets')).body);
  });

  test('bad requests get the daemon\'s error codes', async () => {
    const cases = [['search?audience=nobody', 'unknown_filter'], ['search?q=dns&page=999', 'page_out_of_range'],
      ['brief?q=dns', 'invalid_parameter'], ['units/no/such/unit', 'not_found'], ['sources/nope', 'not_found']];
    for (const [path, code] of cases) {
      const daemon = await env.api(`/api/v1/${path}`);
      assert.equal(daemon.body.error.code, code, `the daemon's code for ${path}`);
      await assert.rejects(engine.answer(path), (err) => err.code === code && err.status === daemon.status, path);
    }
  });
});
