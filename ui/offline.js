/*
 * kb's offline engine: the search page's API (/api/v1/facets, search, messages, units,
 * sources, brief) answered in the browser from the data kb-export writes (offline/kb-data.js
 * and, loaded when a unit's text is needed, offline/source-N.js), in the JSON shapes the
 * daemon answers (docs/api.md). app.js asks it instead of the network when the page is an
 * exported bundle (file:// or any static host) and, in the installed web app, when the
 * daemon cannot be reached.
 *
 * The index did the language work: a query word is looked up in the index's own words and
 * searched by the stems the index gave it, so it is stemmed exactly as on the server; the
 * glossary's synonyms are expanded as the server expands them. Ranking is the server's
 * model in small: BM25 (the index's k1 and b), units holding every word first, kind factors,
 * names last. What differs from the daemon is written in docs/offline.md.
 *
 * No dependencies, no build step; runs under a CSP without eval. Also loads in node (tests).
 */
(() => {
  'use strict';

  const root = typeof self !== 'undefined' ? self : globalThis;
  const NAME_KINDS = new Set(['signatory', 'signatory-list', 'speaker', 'organiser']);
  const PEOPLE = new Set(['who', 'whom', 'whose', 'signed', 'signatory', 'signatories', 'signers',
    'endorsed', 'endorsers', 'speaker', 'speakers', 'organiser', 'organisers', 'organizer',
    'organizers', 'people', 'person', 'organisation', 'organisations', 'organization', 'organizations']);
  const MAX_COMPLETIONS = 30;  // a partial word stands for its most frequent completions, as on the daemon (QueryOptions::max_expansion)
  const SNIPPET_LENGTH = 240;
  // The brief's sizes come with the data (kb/brief.h); these are the daemon's inner ones.
  const BRIEF = { candidates: 200, share: 0.5, excerpt: 480 };
  const DUE_SOON_DAYS = 14;
  // English endings, longest first, for words the corpus does not hold (findPostings).
  const SUFFIXES = ['ational', 'ations', 'ation', 'ities', 'ingly', 'ments', 'ement', 'ness', 'ment', 'ings',
    'ated', 'ates', 'ized', 'ised', 'izes', 'ises', 'edly', 'ing', 'ity', 'ies', 'ers', 'est', 'ate', 'ize', 'ise',
    'ive', 'ed', 'es', 'er', 'ly', 'al', 's', 'y', ''];

  // ------------------------------------------------------------------ errors

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }
  const invalid = (message) => new ApiError(400, 'invalid_parameter', message);

  // ------------------------------------------------------------------ loading

  // Scripts, not fetch: a page opened from file:// may load scripts but not read files.
  function loadScript(url) {
    return new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = url;
      s.onload = () => { s.remove(); resolve(); };
      s.onerror = () => { s.remove(); reject(new Error(`cannot load ${url}`)); };
      document.head.append(s);
    });
  }

  const dataBase = () => new URL('offline/', document.baseURI).href;
  let engine = null;
  let loading = null;

  function ready() {
    if (engine) return Promise.resolve(engine);
    if (!loading) {
      loading = (root.KB_DATA ? Promise.resolve() : loadScript(`${dataBase()}kb-data.js`))
        .then(() => {
          if (!root.KB_DATA) throw new Error('the offline data did not load');
          engine = new Engine(root.KB_DATA, (n) => loadScript(`${dataBase()}source-${n}.js`));
          return engine;
        })
        .catch((err) => { loading = null; throw err; });
    }
    return loading;
  }

  // ------------------------------------------------------------------ text

  const lower = (s) => s.normalize('NFC').toLowerCase();
  // Words as the index holds them: letters and digits, joined by an inner apostrophe
  // ("2025's") or a dot between digits ("1.8"); "DNS.PT" is two words, "WSIS+20" too.
  const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+|(?<=\p{N})\.(?=\p{N})\p{N}+)*/gu;
  function words(text) {
    const out = [];
    for (const m of String(text).matchAll(WORD)) {
      const w = lower(m[0]).replace(/’/g, "'");
      out.push({ word: w, start: m.index, end: m.index + m[0].length });
    }
    return out;
  }
  const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

  function dayNumber(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86400000 : null;
  }
  function today() {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }

  // ------------------------------------------------------------------ the engine

  class Engine {
    constructor(data, loadChunk) {
      this.data = data;
      this.loadChunk = loadChunk;
      this.units = data.units;
      for (const u of this.units) if (typeof u.source === 'number') u.source = data.sources[u.source];
      this.byId = new Map(this.units.map((u, i) => [u.id, i]));
      this.texts = new Map();  // unit index -> text, as chunks arrive
      this.lines = new Map();  // chunk -> source lines
      this.chunkLoads = new Map();
      const t = data.terms;
      this.lengths = t.lengths;
      this.avgLength = t.lengths.reduce((a, b) => a + b, 0) / Math.max(1, t.lengths.length);
      this.stopwords = new Set(t.stopwords);
      this.wordStems = new Map(Object.entries(t.word_stems).map(([w, s]) => [w, Array.isArray(s) ? s : [s]]));
      this.stemPostings = new Map(Object.entries(t.stems));
      this.wordPostings = new Map(Object.entries(t.words));
      // Every word a query may name, with how many units hold it (for completions).
      this.vocabulary = [];
      for (const w of this.wordStems.keys()) this.vocabulary.push([w, t.word_units[w] || 0]);
      for (const [w, p] of this.wordPostings) this.vocabulary.push([w, p.length / 2]);
      this.vocabulary.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      this.synonyms = t.synonym_groups.map((g) => g.map((form) => words(form).map((w) => w.word)).filter((f) => f.length));
      // A form of several words matches as a phrase: the units the daemon's phrase search found.
      this.phraseUnits = new Map();
      for (const [form, units] of Object.entries(data.phrase_units || {})) this.phraseUnits.set(words(form).map((w) => w.word).join(' '), new Set(units));
      this.facetDefs = data.facets.facet_definitions;
      this.facetInfo = {};
      for (const f of this.facetDefs) this.facetInfo[f.name] = new Map((data.facets.facets[f.name] || []).map((v) => [v.value, v]));
      this.ranking = data.ranking;
      this.messageIds = this.units.filter((u) => u.kind === 'message').map((u) => u.id);
    }

    // ---------------------------------------------------------------- units

    async ensureTexts(indexes) {
      const chunks = new Set();
      for (const i of indexes) if (!this.texts.has(i)) chunks.add(this.units[i].chunk);
      await Promise.all([...chunks].map((n) => this.chunk(n)));
    }

    chunk(n) {
      if (!this.chunkLoads.has(n)) {
        const p = Promise.resolve(root.KB_CHUNKS && root.KB_CHUNKS[n] ? null : this.loadChunk(n)).then(() => {
          const c = root.KB_CHUNKS && root.KB_CHUNKS[n];
          if (!c) throw new Error(`the offline data of source ${n} did not load`);
          for (const [i, text] of Object.entries(c.texts)) this.texts.set(Number(i), text);
          this.lines.set(n, c.lines);
        });
        p.catch(() => this.chunkLoads.delete(n));
        this.chunkLoads.set(n, p);
      }
      return this.chunkLoads.get(n);
    }

    // A unit's JSON as the daemon gives it: its text back in, the bundle's own keys out,
    // the review state as of today (the export may be weeks old).
    unitJson(i) {
      const { chunk, facet_values: fv, related, ...u } = this.units[i];
      return reviewed({ ...u, text: this.texts.get(i) || '' });
    }

    facetValues(i, facet) {
      return this.units[i].facet_values[facet] || [];
    }

    // A filter value: an id, a label or an alias, any case. Unknown: the daemon's 400.
    resolve(facet, value) {
      const info = this.facetInfo[facet];
      if (!info) throw new ApiError(400, 'unknown_filter', `unknown facet "${facet}"`);
      if (info.has(value)) return value;
      const v = lower(value.trim());
      for (const [id, entry] of info) {
        if (lower(id) === v || lower(entry.label || '') === v || (entry.aliases || []).some((a) => lower(a) === v)) return id;
      }
      throw new ApiError(400, 'unknown_filter', `unknown ${facet} "${value}" (GET /api/v1/facets lists the values)`);
    }

    label(facet, id) {
      const e = this.facetInfo[facet] && this.facetInfo[facet].get(id);
      return (e && e.label) || id;
    }

    // ---------------------------------------------------------------- query reading

    // The postings of a word: by its stems when the index stemmed it, else as written.
    // A word the index does not hold is tried without an English plural ending.
    termPostings(word) {
      if (!this.postingsCache) this.postingsCache = new Map();
      if (!this.postingsCache.has(word)) this.postingsCache.set(word, this.findPostings(word));
      return this.postingsCache.get(word);
    }

    findPostings(word) {
      const lists = [];
      const stems = this.wordStems.get(word);
      if (stems) for (const s of stems) if (this.stemPostings.has(s)) lists.push(this.stemPostings.get(s));
      if (this.wordPostings.has(word)) lists.push(this.wordPostings.get(word));
      if (!lists.length) {
        const stem = this.guessStem(word);
        if (stem) return toMap(this.stemPostings.get(stem));
      }
      if (lists.length <= 1) return lists[0] ? toMap(lists[0]) : new Map();
      const merged = new Map();
      for (const l of lists) for (const [u, wdf] of toMap(l)) merged.set(u, Math.max(merged.get(u) || 0, wdf));
      return merged;
    }

    // The stem of a word no unit holds ("building" where the corpus has "build"): its
    // endings taken off until what is left is a stem the index holds. The daemon stems it
    // with Snowball; this finds the same stem for the regular endings. null for none.
    guessStem(word) {
      if (/\d/.test(word) || this.knows(word)) return null;
      for (const suffix of SUFFIXES) {
        if (word.length - suffix.length < 3 || !word.endsWith(suffix)) continue;
        const base = suffix ? word.slice(0, -suffix.length) : word;
        for (const c of [base, `${base}e`, base.replace(/y$/, 'i'), base.replace(/([^aeiou])\1$/, '$1')]) {
          if (c.length >= 3 && this.stemPostings.has(c)) return c;
        }
      }
      return null;
    }

    // The stems a query word is searched by.
    stemsOf(word) {
      if (this.wordStems.has(word)) return this.wordStems.get(word);
      const guess = this.guessStem(word);
      return guess ? [guess] : [];
    }

    // The words of the vocabulary starting with `prefix`, most frequent first.
    completions(prefix) {
      let lo = 0;
      let hi = this.vocabulary.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.vocabulary[mid][0] < prefix) lo = mid + 1; else hi = mid;
      }
      const out = [];
      for (let i = lo; i < this.vocabulary.length && this.vocabulary[i][0].startsWith(prefix); ++i) out.push(this.vocabulary[i]);
      out.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      return out.slice(0, MAX_COMPLETIONS).map((e) => e[0]);
    }

    knows(word) {
      return this.wordStems.has(word) || this.wordPostings.has(word);
    }

    // The query as slots: each slot is one thing the units should hold, with its
    // alternatives (a synonym group's forms, a partial word's completions), each
    // alternative a list of words that must all be there. `excluded`: NOT / -word.
    parse(text, partial) {
      const tokens = [];
      const raw = String(text);
      const re = /(-?)("[^"]*"?|[^\s"]+)/g;
      let m;
      let negate = false;
      let tail = '';  // what followed the last word of the previous token
      while ((m = re.exec(raw))) {
        const token = m[2];
        if (token === 'NOT') { negate = true; continue; }
        if (token === 'AND' || token === 'OR') continue;
        const quoted = token.startsWith('"');
        const ws = words(token);
        const last = re.lastIndex === raw.length && partial && !quoted && !/\s$/.test(raw);
        // `glued`: only blanks and hyphens since the word before, as a glossary form's
        // words must be to match (the daemon's expand_synonyms): "WSIS+20" is not "WSIS 20".
        ws.forEach((w, i) => {
          const gap = i === 0 ? tail + token.slice(0, w.start) : token.slice(ws[i - 1].end, w.start);
          tokens.push({ word: w.word, negate: negate || m[1] === '-', quoted, partial: last && i === ws.length - 1, glued: /^[\s-]*$/.test(gap) });
        });
        tail = ws.length ? token.slice(ws[ws.length - 1].end) : tail + token;
        negate = false;
      }
      const slots = [];
      const expansions = [];
      const excluded = [];
      for (let i = 0; i < tokens.length;) {
        const t = tokens[i];
        if (t.negate) { excluded.push(t.word); ++i; continue; }
        // The longest glossary form starting here.
        let best = null;
        if (!t.quoted && !t.partial) {
          for (const group of this.synonyms) {
            for (const form of group) {
              if (best && form.length <= best.len) continue;
              if (i + form.length > tokens.length) continue;
              if (form.every((w, k) => tokens[i + k].word === w && !tokens[i + k].negate && !tokens[i + k].partial && (k === 0 || tokens[i + k].glued))) best = { len: form.length, group };
            }
          }
        }
        if (best) {
          // The words as typed stay slots of their own; the group's forms are one more,
          // which stands for those slots when a unit holds a form instead of the words.
          const first = slots.length;
          for (const x of tokens.slice(i, i + best.len)) if (!this.stopwords.has(x.word)) slots.push({ words: [x.word], alternatives: [[x.word]] });
          const alternatives = best.group.map((form) => Object.assign(form.filter((w) => !this.stopwords.has(w)), { phrase: form.length > 1 ? form.join(' ') : null })).filter((f) => f.length);
          expansions.push({ covers: slots.slice(first).map((_, k) => first + k), alternatives });
          i += best.len;
          continue;
        }
        if (t.partial) {
          const completions = this.completions(t.word);
          if (completions.length) slots.push({ words: [t.word], alternatives: completions.map((c) => [c]), partial: true });
          else if (!this.stopwords.has(t.word)) slots.push({ words: [t.word], alternatives: [[t.word]] });
        } else if (!this.stopwords.has(t.word)) {
          slots.push({ words: [t.word], alternatives: [[t.word]] });
        }
        ++i;
      }
      return { slots, expansions, excluded, people: tokens.some((t) => PEOPLE.has(t.word)) };
    }

    // ---------------------------------------------------------------- matching

    // unit index -> {score, slots matched, matched words} for the units holding any slot.
    match(parsed, candidates, audienceFilter) {
      const N = this.units.length;
      const { k1, b } = this.ranking;
      const scores = new Map();
      // The best-scoring alternative of a slot per unit: {score, words}.
      const bestOf = (alternatives) => {
        const best = new Map();
        for (const alternative of alternatives) {
          const phrase = alternative.phrase ? this.phraseUnits.get(alternative.phrase) : null;
          let acc = null;
          for (const w of alternative) {
            const postings = this.termPostings(w);
            const n = postings.size;
            // Xapian's BM25Weight: its idf (kept above zero for common words) and length
            // normalisation (at least half the average length).
            const ratio = (N - n + 0.5) / (n + 0.5);
            const idf = Math.log(ratio < 2 ? ratio * 0.5 + 1 : ratio);
            const next = new Map();
            for (const [u, wdf] of postings) {
              if (candidates && !candidates.has(u)) continue;
              if ((acc && !acc.has(u)) || (phrase && !phrase.has(u))) continue;
              const norm = 1 - b + b * Math.max(0.5, this.lengths[u] / (this.avgLength || 1));
              const s = idf * (wdf * (k1 + 1)) / (wdf + k1 * norm);
              const prev = acc ? acc.get(u) : { score: 0, words: [] };
              next.set(u, { score: prev.score + s, words: [...prev.words, w] });
            }
            acc = next;
            if (!acc.size) break;
          }
          for (const [u, r] of acc || []) {
            const cur = best.get(u);
            if (!cur || r.score > cur.score) best.set(u, r);
          }
        }
        return best;
      };
      const add = (best, covers) => {
        for (const [u, r] of best) {
          const e = scores.get(u) || { score: 0, slots: 0, held: new Set(), words: new Set() };
          e.score += r.score;
          for (const c of covers) e.held.add(c);
          e.slots = e.held.size;
          for (const w of r.words) e.words.add(w);
          scores.set(u, e);
        }
      };
      parsed.slots.forEach((slot, k) => add(bestOf(slot.alternatives), [k]));
      for (const x of parsed.expansions || []) add(bestOf(x.alternatives), x.covers);
      for (const w of parsed.excluded) for (const u of this.termPostings(w).keys()) scores.delete(u);
      const factors = this.ranking.kind_factors || {};
      for (const [u, e] of scores) {
        const unit = this.units[u];
        e.score *= factors[unit.kind] ?? 1;
        if (audienceFilter && unit.kind === 'audience-guidance' && this.facetValues(u, 'audience').some((a) => audienceFilter.has(a))) e.score *= this.ranking.audience_guidance_boost;
      }
      return scores;
    }

    // The units passing every facet filter but `except`'s.
    passes(i, filters, except) {
      for (const [facet, values] of Object.entries(filters)) {
        if (facet === except || !values.length) continue;
        const have = this.facetValues(i, facet);
        if (!values.some((v) => have.includes(v))) return false;
      }
      return true;
    }

    // The core search: {order: [unit index], scores, total, facets, words}.
    run({ q = '', filters = {}, partial = false, sortByDate = false, facets = true, parsed = null }) {
      parsed = parsed || this.parse(q, partial);
      const hasWords = parsed.slots.length > 0;
      const audience = filters.audience && filters.audience.length ? new Set(filters.audience) : null;
      let matched;
      if (hasWords) {
        matched = this.match(parsed, null, audience);
      } else if (String(q).trim() && !hasWords) {
        matched = new Map();  // only stopwords or punctuation: nothing to search for
      } else {
        matched = new Map(this.units.map((_, i) => [i, { score: 0, slots: 0, words: new Set() }]));
      }
      const all = [...matched.keys()];
      const order = all.filter((i) => this.passes(i, filters, null));
      const kindRank = (k) => ({ 'audience-guidance': 0, 'proof-point': 1, message: 2, answer: 3, 'policy-question': 4, passage: 5, glossary: 6 }[k] ?? 7);
      const namesLast = hasWords && !parsed.people;
      const key = (i) => matched.get(i);
      order.sort((x, y) => {
        if (sortByDate) {
          const dx = this.units[x].source.date || '';
          const dy = this.units[y].source.date || '';
          if (dx !== dy) return dx < dy ? 1 : -1;
        }
        if (hasWords) {
          const a = key(x);
          const c = key(y);
          if (a.slots !== c.slots) return c.slots - a.slots;
          if (namesLast) {
            const nx = NAME_KINDS.has(this.units[x].kind);
            const ny = NAME_KINDS.has(this.units[y].kind);
            if (nx !== ny) return nx ? 1 : -1;
          }
          if (a.score !== c.score) return c.score - a.score;
        } else if (audience) {
          const d = kindRank(this.units[x].kind) - kindRank(this.units[y].kind);
          if (d) return d;
        }
        return x - y;
      });
      let facetResults = null;
      if (facets) {
        facetResults = {};
        for (const f of this.facetDefs) {
          const counts = new Map();
          for (const i of all) {
            if (!this.passes(i, filters, f.name)) continue;
            for (const v of this.facetValues(i, f.name)) counts.set(v, (counts.get(v) || 0) + 1);
          }
          for (const v of filters[f.name] || []) if (!counts.has(v)) counts.set(v, 0);
          facetResults[f.name] = [...counts].map(([value, count]) => ({ value, label: this.label(f.name, value), count }))
            .sort((a, c) => c.count - a.count || (a.label < c.label ? -1 : a.label > c.label ? 1 : 0));
        }
      }
      return { order, matched, total: order.length, facets: facetResults, parsed };
    }

    // ---------------------------------------------------------------- snippets

    // The words of `text` a search's words find: those with a stem or spelling of theirs.
    markers(parsed) {
      const stems = new Set();
      const plain = new Set();
      // The words typed and a glossary group's one-word forms; its phrases are not marked
      // (the daemon marks neither).
      const groups = (parsed.expansions || []).map((x) => ({ alternatives: x.alternatives.filter((a) => a.length === 1) }));
      for (const { alternatives } of [...parsed.slots, ...groups]) {
        for (const alt of alternatives) {
          for (const w of alt) {
            plain.add(w);
            for (const s of this.stemsOf(w)) stems.add(s);
          }
        }
      }
      return (w) => plain.has(w) || this.stemsOf(w).some((s) => stems.has(s));
    }

    // HTML-escaped text with the search's words in <mark>: the whole text, or the window
    // of about `length` characters holding most of them, cut at word boundaries.
    snippet(text, parsed, length = SNIPPET_LENGTH) {
      const hit = this.markers(parsed);
      // A hyphenated compound ("multi-stakeholder") is also the word it joins to, as indexed.
      const all = words(text);
      const marked = new Set();
      all.forEach((w, i) => {
        if (hit(w.word)) marked.add(i);
        const next = all[i + 1];
        if (next && text.slice(w.end, next.start) === '-' && hit(w.word + next.word)) { marked.add(i); marked.add(i + 1); }
      });
      const ws = all.filter((_, i) => marked.has(i));
      let from = 0;
      let to = text.length;
      if (text.length > length) {
        let best = { score: -1, at: 0 };
        for (let i = 0; i < ws.length; ++i) {
          const seen = new Set();
          for (let k = i; k < ws.length && ws[k].end - ws[i].start <= length; ++k) seen.add(ws[k].word);
          if (seen.size > best.score) best = { score: seen.size, at: Math.max(0, ws[i].start - 40) };
        }
        from = ws.length ? best.at : 0;
        if (from > 0) {
          const space = text.lastIndexOf(' ', from);
          from = space < 0 ? 0 : space + 1;
        }
        to = Math.min(text.length, from + length);
        if (to < text.length) {
          const space = text.lastIndexOf(' ', to);
          if (space > from) to = space;
        }
      }
      let out = from > 0 ? '…' : '';
      let at = from;
      for (const w of ws) {
        if (w.start < from || w.end > to) continue;
        out += `${escapeHtml(text.slice(at, w.start))}<mark>${escapeHtml(text.slice(w.start, w.end))}</mark>`;
        at = w.end;
      }
      out += escapeHtml(text.slice(at, to)) + (to < text.length ? '…' : '');
      return out;
    }

    async hits(order, matched, parsed, { offset = 0, limit = 10, length = SNIPPET_LENGTH } = {}) {
      const page = order.slice(offset, offset + limit);
      await this.ensureTexts(page);
      return page.map((i) => {
        const u = this.unitJson(i);
        const text = u.text || u.title || '';
        const m = matched.get(i);
        return { ...u, snippet: parsed.slots.length ? this.snippet(text, parsed, length) : escapeHtml(text.length > length ? `${text.slice(0, text.lastIndexOf(' ', length) > 0 ? text.lastIndexOf(' ', length) : length)}…` : text), score: m ? Math.round(m.score * 1000) / 1000 : 0 };
      });
    }

    // A spelling correction: each word the index does not know replaced by the closest
    // word it does (at most two edits), the more frequent winning a tie.
    correct(q) {
      let changed = false;
      const out = String(q).replace(/[\p{L}\p{N}]+/gu, (w) => {
        const lw = lower(w);
        if (this.knows(lw) || this.stopwords.has(lw) || /^\d+$/.test(lw) || lw.length < 3) return w;
        let best = null;
        for (const [v, freq] of this.vocabulary) {
          if (Math.abs(v.length - lw.length) > 2 || /^\d/.test(v)) continue;
          const d = editDistance(lw, v, 2);
          if (d <= 2 && (!best || d < best.d || (d === best.d && freq > best.freq))) best = { v, d, freq };
        }
        if (!best) return w;
        changed = true;
        return best.v;
      });
      return changed ? out : null;
    }

    // ---------------------------------------------------------------- endpoints

    async search(p) {
      const q = (p.get('q') || '');
      if (q.length > 1000) throw new ApiError(400, 'query_too_long', 'q is longer than 1000 characters');
      const filters = {};
      for (const f of this.facetDefs) {
        const values = p.getAll(f.name).filter(Boolean).map((v) => this.resolve(f.name, v));
        if (values.length) filters[f.name] = [...new Set(values)];
      }
      for (const key of p.keys()) {
        if (!['q', 'page', 'per_page', 'offset', 'limit', 'sort', 'group', 'highlight', 'partial', 'facets', 'correct'].includes(key) && !this.facetInfo[key]) {
          throw invalid(`unknown parameter "${key}"`);
        }
      }
      const num = (name, lo, hi, d) => {
        if (!p.has(name)) return d;
        const v = p.get(name);
        if (!/^\d+$/.test(v) || +v < lo || +v > hi) throw invalid(`${name} takes a whole number from ${lo} to ${hi}, not "${v}"`);
        return +v;
      };
      let offset;
      let limit;
      if (p.has('offset') || p.has('limit')) {
        offset = num('offset', 0, 1000000, 0);
        limit = num('limit', 0, 1000, 10);
      } else {
        const per = num('per_page', 1, 1000, 10);
        const pageNo = num('page', 1, 100000, 1);
        offset = (pageNo - 1) * per;
        limit = per;
      }
      const flag = (name, d) => (p.has(name) ? ['true', '1', 'yes', ''].includes(p.get(name)) : d);
      const partial = flag('partial', false);
      const correct = flag('correct', true);
      const request = { q, filters, partial, sortByDate: p.get('sort') === 'date', facets: flag('facets', true) };
      let r = this.run(request);
      let corrected = null;
      let auto = false;
      if (q.trim() && !partial) {
        corrected = this.correct(q);
        if (corrected && correct && r.total === 0) {
          const r2 = this.run({ ...request, q: corrected });
          if (r2.total) { r = r2; auto = true; }
        }
      }
      if (offset > 0 && offset >= r.total && !p.has('offset')) {
        throw new ApiError(400, 'page_out_of_range', r.total ? `page ${p.get('page')} is past the last page` : `page ${p.get('page')} is out of range: there are no results`);
      }
      const hits = await this.hits(r.order, r.matched, r.parsed, { offset, limit });
      const suggestions = [];
      if (!r.total) {
        for (const [facet, values] of Object.entries(filters)) {
          for (const value of values) {
            const rest = { ...filters, [facet]: values.filter((v) => v !== value) };
            const t = this.run({ ...request, filters: rest, facets: false }).total;
            if (t) suggestions.push({ action: 'drop_filter', facet, value, query: q, total: t });
          }
        }
      }
      const body = {
        query: q, total: r.total, total_exact: true, facets_exact: true, hits,
        facets: r.facets || {}, filters, corrected_query: corrected, auto_corrected: auto,
        searched_query: auto ? corrected : q, suggestions, offset, limit,
      };
      if (p.get('group') === 'message') body.groups = groups(hits);
      return body;
    }

    async facets() {
      return reviewed(this.data.facets);
    }

    async messages() {
      return reviewed(this.data.messages);
    }

    async unit(id, p) {
      const i = this.byId.get(id);
      if (i === undefined) throw new ApiError(404, 'not_found', `no unit with id "${id.slice(0, 200)}"`);
      const u = this.units[i];
      const messageId = u.kind === 'message' ? u.id : u.message && u.message.id;
      const pps = messageId ? this.units.map((x, k) => [x, k]).filter(([x]) => x.kind === 'proof-point' && x.message && x.message.id === messageId).map(([, k]) => k) : [];
      const mi = u.message && u.message.id ? this.byId.get(u.message.id) : undefined;
      const need = [i, ...pps, ...u.related, ...(mi === undefined ? [] : [mi])];
      await this.ensureTexts(need);
      const unit = this.unitJson(i);
      const q = p.get('q') || '';
      if (q.trim()) {
        const parsed = this.parse(q, p.get('partial') === 'true');
        unit.snippet = this.snippet(unit.text || unit.title, parsed, Infinity);
      }
      return {
        unit,
        message: mi === undefined ? null : this.unitJson(mi),
        proof_points: pps.map((k) => this.unitJson(k)),
        related: u.related.map((k) => this.unitJson(k)),
      };
    }

    async source(id, p) {
      const n = this.data.sources.findIndex((s) => s.id === id);
      const quoted = (s) => `"${s.slice(0, 200)}"`;
      if (n < 0) throw new ApiError(404, 'not_found', `no source with id ${quoted(id)}`);
      let marked = null;
      if (p.has('unit')) {
        const i = this.byId.get(p.get('unit'));
        if (i === undefined) throw new ApiError(404, 'not_found', `no unit with id ${quoted(p.get('unit'))}`);
        const u = this.units[i];
        if (u.source.id !== id) throw invalid(`unit ${quoted(u.id)} is from source ${quoted(u.source.id)}, not ${quoted(id)}`);
        marked = [u.location.first_line, u.location.last_line];
      }
      await this.chunk(n);
      const lines = this.lines.get(n) || [];
      if (!lines.length) throw new ApiError(404, 'not_found', `the index holds no text for source ${quoted(id)}; rebuild it with kb-index`);
      return { source: this.data.sources[n], lines, marked };
    }

    // ---------------------------------------------------------------- the brief

    // The rules of the daemon's brief (docs/briefs.md), over this engine's search.
    async brief(p) {
      const audiences = p.getAll('audience');
      if (audiences.length !== 1 || !audiences[0]) {
        throw invalid(audiences.length > 1 ? `a brief is for one audience; audience is given ${audiences.length} times`
          : 'audience is required: a brief is for one audience (GET /api/v1/facets lists them)');
      }
      const q = p.get('q') || '';
      const hasWords = !!q.trim();
      const themes = p.getAll('theme').map((t) => this.resolve('theme', t));
      const messageIds = p.getAll('message').map((m) => this.resolve('message', m));
      if (!hasWords && !themes.length && !messageIds.length) throw invalid('a brief needs a topic: q (words), theme or message');
      const audience = this.resolve('audience', audiences[0]);
      const audienceLabel = this.label('audience', audience);
      const topic = [...(hasWords ? [q] : []), ...themes.map((t) => this.label('theme', t)), ...messageIds.map((m) => this.label('message', m))].join(' · ');
      const used = new Set();
      const take = (i) => (used.has(i) ? false : (used.add(i), true));
      const tagOf = (i) => {
        const t = (this.units[i].audiences || []).find((a) => a.id === audience);
        return t ? (t.provenance === 'curated' ? 2 : 1) : 0;
      };
      const parsed = this.parse(q, false);
      const themeFilter = themes.length ? { theme: themes } : {};
      const search = (filters, query = q) => this.run({ q: query, filters: { ...themeFilter, ...filters }, facets: false, parsed: query === q ? parsed : null });

      // The audience's guidance: the units tagged for it by a curator when there are any.
      const guidanceRun = this.run({ q: '', filters: { kind: ['audience-guidance'], audience: [audience] }, facets: false });
      const curated = guidanceRun.order.some((i) => tagOf(i) === 2);
      const guidance = guidanceRun.order.filter((i) => (!curated || tagOf(i) === 2) && take(i));

      // The messages, each with its strongest proof points.
      const kinds = { kind: ['message', 'proof-point'], ...(messageIds.length ? { message: messageIds } : {}) };
      const found = search(kinds);
      const candidates = new Map();
      found.order.slice(0, BRIEF.candidates).forEach((i, rank) => {
        const u = this.units[i];
        const id = u.kind === 'message' ? u.id : u.message && u.message.id;
        if (!id) return;
        const score = (found.matched.get(i) || {}).score || 0;
        if (!candidates.has(id)) candidates.set(id, { id, best: score, first: rank, units: 0, found: new Map() });
        const c = candidates.get(id);
        c.units += 1;
        c.found.set(i, score);
      });
      const ranked = [...candidates.values()].sort((a, c) => c.best - a.best || c.units - a.units || a.first - c.first);
      const marked = (i) => hasWords && (found.matched.get(i) || { words: new Set() }).words.size > 0;
      const messages = [];
      for (const c of ranked) {
        const requested = messageIds.includes(c.id);
        if (messageIds.length ? !requested : messages.length === this.data.brief.messages || (messages.length && hasWords && c.best < BRIEF.share * ranked[0].best)) continue;
        const mi = this.byId.get(c.id);
        if (mi === undefined || !take(mi)) continue;
        const pps = this.units.map((x, k) => [x, k]).filter(([x]) => x.kind === 'proof-point' && x.message && x.message.id === c.id).map(([, k]) => k);
        const rankedPps = pps.map((k) => ({ k, matched: c.found.has(k) && (!hasWords || marked(k)), score: c.found.get(k) || 0, tag: tagOf(k) }))
          .sort((a, b) => (a.matched !== b.matched ? (a.matched ? -1 : 1) : b.score - a.score || b.tag - a.tag || a.k - b.k));
        const chosen = [];
        for (const r of rankedPps) {
          if (chosen.length === this.data.brief.proof_points || (!r.matched && chosen.length >= 2)) break;
          if (take(r.k)) chosen.push(r);
        }
        messages.push({ mi, c, requested, chosen });
      }

      // Supporting passages: answers and statements of the other documents.
      const frameworkSources = new Set(messages.map((m) => this.units[m.mi].source.id));
      let supportQuery = q;
      if (messageIds.length && !hasWords && !themes.length) supportQuery = this.label('message', messageIds[0]);
      const support = this.run({ q: supportQuery, filters: { ...themeFilter, kind: ['answer', 'passage'] }, facets: false });
      const supporting = [];
      for (const i of support.order.slice(0, BRIEF.candidates)) {
        if (supporting.length === this.data.brief.supporting) break;
        if (frameworkSources.has(this.units[i].source.id) || !take(i)) continue;
        supporting.push(i);
      }

      const all = [...guidance, ...messages.flatMap((m) => [m.mi, ...m.chosen.map((r) => r.k)]), ...supporting];
      await this.ensureTexts([...all, ...this.units.map((u, i) => (u.kind === 'glossary' ? i : -1)).filter((i) => i >= 0)]);
      const whole = (i) => ({ ...this.unitJson(i), snippet: escapeHtml(this.texts.get(i) || this.units[i].title || ''), score: 0 });
      const markedHit = (i, m, length = Infinity) => {
        const u = this.unitJson(i);
        return { ...u, snippet: hasWords && m && m.has(i) ? this.snippet(u.text || u.title, parsed, length) : escapeHtml(u.text || u.title || ''), score: (m && m.get(i)) || 0 };
      };

      const outMessages = messages.map(({ mi, c, requested, chosen }) => {
        const matchedScores = new Map([...c.found].filter(([k]) => marked(k)));
        const message = markedHit(mi, matchedScores);
        const proofPoints = chosen.map((r) => markedHit(r.k, matchedScores));
        return { message, proof_points: proofPoints, why: this.why(message, proofPoints, themes, audience, audienceLabel, requested) };
      });
      const supportingHits = supporting.map((i) => {
        const sParsed = supportQuery === q ? parsed : this.parse(supportQuery, false);
        const u = this.unitJson(i);
        return { ...u, snippet: sParsed.slots.length ? this.snippet(u.text || u.title, sParsed, BRIEF.excerpt) : escapeHtml(u.text), score: (support.matched.get(i) || {}).score || 0 };
      });

      // The acronyms the brief's units use, from the glossary.
      let text = '';
      for (const i of [...guidance, ...messages.flatMap((m) => [m.mi, ...m.chosen.map((r) => r.k)])]) text += `${this.units[i].title}\n${this.texts.get(i) || ''}\n`;
      for (const h of supportingHits) text += `${decodeHtml(h.snippet.replace(/<\/?mark>/g, ''))}\n`;
      const glossary = [];
      this.units.forEach((u, i) => {
        if (u.kind !== 'glossary') return;
        const term = acronymOf(u.title);
        if (term && usesTerm(text, term) && take(i)) glossary.push([term.toLowerCase(), i]);
      });
      glossary.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

      const body = {
        audience: { id: audience, label: audienceLabel },
        topic,
        guidance: guidance.map(whole),
        messages: outMessages,
        supporting: supportingHits,
        glossary: glossary.map(([, i]) => whole(i)),
        sources: [],
      };
      const seen = new Set();
      const cite = (h) => {
        if (seen.has(h.source.id)) return;
        seen.add(h.source.id);
        body.sources.push(this.data.sources.find((s) => s.id === h.source.id) || { id: h.source.id, title: h.source.title, publisher: null, date: null, url: null });
      };
      body.guidance.forEach(cite);
      for (const m of body.messages) { cite(m.message); m.proof_points.forEach(cite); }
      body.supporting.forEach(cite);
      body.glossary.forEach(cite);
      return body;
    }

    why(message, proofPoints, themes, audience, audienceLabel, requested) {
      const w = { words: [], themes: [], requested, audience_tagged: false, summary: '' };
      const hasMarks = (h) => h.snippet.includes('<mark>');
      const addWords = (h) => {
        for (const m of h.snippet.matchAll(/<mark>(.*?)<\/mark>/g)) {
          let word = lower(decodeHtml(m[1]));
          for (const s of ["'s", '’s']) if (word.length > s.length && word.endsWith(s)) word = word.slice(0, -s.length);
          if (word && !w.words.includes(word)) w.words.push(word);
        }
      };
      addWords(message);
      let markedPoints = 0;
      for (const pp of proofPoints) { addWords(pp); if (hasMarks(pp)) ++markedPoints; }
      const all = [message, ...proofPoints];
      w.themes = themes.filter((t) => all.some((h) => (h.themes || []).some((x) => x.id === t)));
      w.audience_tagged = all.some((h) => (h.audiences || []).some((a) => a.id === audience));
      const parts = [];
      if (requested) parts.push('asked for by name');
      if (w.words.length) {
        const inMessage = hasMarks(message);
        let where = inMessage ? 'the message' : '';
        if (markedPoints) where += `${inMessage ? ' and ' : ''}${markedPoints} ${markedPoints === 1 ? 'proof point' : 'proof points'}`;
        parts.push(`matches ${quotedList(w.words)} in ${where}`);
      }
      if (w.themes.length) parts.push(`${w.themes.length === 1 ? 'theme ' : 'themes '}${quotedList(w.themes.map((t) => this.label('theme', t)))}`);
      parts.push(`${w.audience_tagged ? 'tagged for ' : 'not tagged for '}${audienceLabel}`);
      w.summary = parts.join('; ');
      w.summary = `${w.summary.charAt(0).toUpperCase()}${w.summary.slice(1)}.`;
      return w;
    }

    // ---------------------------------------------------------------- routing

    // path: what app.js passes to its api(), relative to /api/v1/ ("search?q=…").
    async answer(path) {
      const url = new URL(path, 'http://offline/api/v1/');
      const route = decodeURIComponent(url.pathname.replace(/^\/api\/v1\//, ''));
      const p = url.searchParams;
      if (route === 'search') return this.search(p);
      if (route === 'facets') return this.facets();
      if (route === 'messages') return this.messages();
      if (route === 'brief') return this.brief(p);
      if (route.startsWith('units/')) return this.unit(route.slice(6), p);
      if (route.startsWith('sources/')) return this.source(route.slice(8), p);
      throw new ApiError(404, 'route_not_found', `the offline copy does not answer ${route.slice(0, 200)}`);
    }
  }

  // ------------------------------------------------------------------ helpers

  function toMap(flat) {
    const m = new Map();
    for (let k = 0; k + 1 < flat.length; k += 2) m.set(flat[k], flat[k + 1]);
    return m;
  }

  function editDistance(a, b, max) {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; ++i) {
      const cur = [i];
      let rowMin = i;
      for (let j = 1; j <= b.length; ++j) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], prev[j - 2] === undefined ? cur[j] : prev[j - 2] + 1);
        rowMin = Math.min(rowMin, cur[j]);
      }
      if (rowMin > max) return max + 1;
      prev = cur;
    }
    return prev[b.length];
  }

  const HTML_ENTITIES = { lt: '<', gt: '>', quot: '"', amp: '&', '#39': "'" };
  const decodeHtml = (s) => s.replace(/&(lt|gt|quot|amp|#39);/g, (_, e) => HTML_ENTITIES[e]);

  function quotedList(items) {
    return items.map((x, i) => `${i === 0 ? '' : i + 1 === items.length ? ' and ' : ', '}“${x}”`).join('');
  }

  function acronymOf(title) {
    const paren = title.indexOf(' (');
    if (paren < 0) return '';
    const term = title.slice(0, paren);
    return (term.match(/[A-Z]/g) || []).length >= 2 ? term : '';
  }

  function usesTerm(text, term) {
    const isWord = (c) => /[A-Za-z0-9]/.test(c || '');
    for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
      const end = at + term.length;
      const starts = at === 0 || !isWord(text[at - 1]);
      const ends = end >= text.length || !isWord(text[end]) || (text[end] === 's' && !isWord(text[end + 1]));
      if (starts && ends) return true;
    }
    return false;
  }

  function groups(hits) {
    const out = [];
    const at = new Map();
    for (const h of hits) {
      const id = h.kind === 'message' ? h.id : (h.message && h.message.id) || '';
      if (!at.has(id)) {
        at.set(id, out.length);
        out.push({ message: id ? { id, title: h.kind === 'message' ? h.title : h.message.title } : null, hits: [] });
      }
      out[at.get(id)].hits.push(h);
    }
    return out;
  }

  // Review states as of today, wherever a unit's JSON carries one (review.due set at export).
  function reviewed(value) {
    if (Array.isArray(value)) return value.map(reviewed);
    if (!value || typeof value !== 'object') return value;
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = reviewed(v);
    if (out.review && typeof out.review === 'object' && 'status' in out.review && 'due' in out.review) {
      const due = dayNumber(out.review.due);
      if (due !== null) {
        const left = due - dayNumber(today());
        out.review = { ...out.review, status: left < 0 ? 'stale' : left <= DUE_SOON_DAYS ? 'due' : 'fresh' };
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ the API app.js calls

  root.KB_OFFLINE = {
    // {ok, status, data, error, code}, as app.js's api() returns for the daemon.
    async api(path) {
      try {
        const e = await ready();
        return { ok: true, status: 200, data: await e.answer(path), error: null, code: null };
      } catch (err) {
        if (err instanceof ApiError) {
          return { ok: false, status: err.status, data: { error: { code: err.code, message: err.message } }, error: err.message, code: err.code };
        }
        return { ok: false, status: 0, data: null, error: `The offline copy cannot answer: ${err.message}`, code: 'offline_error' };
      }
    },
    generation: () => (root.KB_DATA ? root.KB_DATA.generation : null),
    exported: () => (root.KB_DATA ? root.KB_DATA.exported : null),
    ready,
    Engine,  // for tests
  };
})();
