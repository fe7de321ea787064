/*
 * kb search page. No framework, no build step; runs under a CSP without inline scripts.
 *
 * The whole state lives in the URL (q, audience, theme, message, kind, source, page,
 * per_page, group, sort, unit), so every view can be bookmarked and shared:
 *   /?q=dns+abuse&audience=policymakers&group=message
 *   /?unit=wsis20-framework/m4/pp1
 *   /?unit=tccm-consultation-2025/q3&q=IGF+mandate   (reached from results: the query stays
 *                                                      in the box, its words marked)
 *   /?source=wsis20-framework&unit=wsis20-framework/m3  (the source view: the source's text
 *                                                      with the unit's cited lines marked;
 *                                                      every citation links to it. `source`
 *                                                      without `unit` is the source filter.)
 * The brief page (brief.html, served at /brief) runs this script too and shows the brief
 * its URL names: /brief?audience=policymakers&q=DNS+abuse (also theme=, message=).
 *
 * Indexed text is never parsed as HTML: titles and text go through text nodes, and the
 * API's HTML-escaped snippet is split on its <mark> markers into text nodes and <mark>s.
 */
(() => {
  'use strict';

  const API = new URL('api/v1/', document.baseURI);
  // An exported bundle (kb-export) carries its data and the offline engine (offline.js):
  // they answer instead of a server, and the pages are files (index.html, brief.html).
  const BUNDLE = !!(self.KB_DATA && self.KB_OFFLINE);
  const HOME = BUNDLE ? 'index.html' : './';
  const BRIEF_PAGE = BUNDLE ? 'brief.html' : 'brief';
  // The facets ([name, label] in display order), how many values of each the sidebar shows
  // before "Show all", and the kinds' labels all come from /api/v1/facets (the index's
  // schema), filled in by labels() before the first render.
  const FACETS = [];
  const FACET_PREVIEW = {};
  const KINDS = {};
  const PER_PAGE = 20;
  const EXAMPLES = ['DNS abuse', 'IGF funding', 'fragmentation', 'multistakeholder', 'technical community'];

  const $ = (sel) => document.querySelector(sel);
  const PAGE = document.body.dataset.page || 'search';
  const view = $('#view');
  const input = $('#q');
  const facetsBox = $('#facets');
  const sidebar = $('#sidebar');
  const layout = $('#layout');
  const live = $('#live');
  const clearFilters = $('#clear-filters');
  const filtersToggle = $('#filters-toggle');

  // ---------------------------------------------------------------- helpers

  const ENTITIES = { lt: '<', gt: '>', quot: '"', amp: '&', '#39': "'", '#x27': "'" };
  const decode = (s) => s.replace(/&(lt|gt|quot|amp|#39|#x27);/g, (_, e) => ENTITIES[e]);

  function appendSnippet(parent, snippet) {
    String(snippet || '').split('<mark>').forEach((chunk, i) => {
      let rest = chunk;
      if (i > 0) {
        const end = chunk.indexOf('</mark>');
        const mark = document.createElement('mark');
        mark.textContent = decode(end < 0 ? chunk : chunk.slice(0, end));
        parent.append(mark);
        rest = end < 0 ? '' : chunk.slice(end + 7);
      }
      if (rest) parent.append(decode(rest.split('</mark>').join('')));
    });
    return parent;
  }

  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) if (c != null && c !== false) el.append(c);
    return el;
  }

  const fill = (el, ...kids) => el.replaceChildren(...kids.flat().filter((k) => k != null && k !== false));
  const plural = (n, one, many) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
  // Above 1,000 matches the service estimates the total and the facet counts (total_exact,
  // facets_exact false): shown as "About 12,000 results" and "~420".
  const countText = (n, exact) => (exact === false ? `~${n.toLocaleString('en')}` : String(n));
  // A unit's page; with the query the unit was found by (kept in the box, its words marked).
  const unitHref = (id, q = '') => `?unit=${encodeURIComponent(id).replace(/%2F/gi, '/')}${q ? `&q=${encodeURIComponent(q).replace(/%20/g, '+')}` : ''}`;
  // The source view: the cited unit's source, its lines marked. Relative to the page's folder
  // ("./"), so it leads there from the brief page too.
  const sourceHref = (sourceId, unitId) => `${HOME}?source=${encodeURIComponent(sourceId)}&unit=${encodeURIComponent(unitId).replace(/%2F/gi, '/')}`;
  // "Question 3" for a unit that answers or asks a numbered question of its source.
  const questionLabel = (unit) => (unit && unit.question_number ? `Question ${unit.question_number}` : '');
  const messageNumber = (unit) => {
    const m = /Message (\d+)/.exec((unit.location && unit.location.section) || '');
    return m ? `Message ${m[1]}` : 'Message';
  };
  const msgNo = (id) => {
    const m = /\/m(\d+)$/.exec(id);
    return m ? Number(m[1]) : 0;
  };
  const ppNumber = (unit) => {
    const m = /proof point (\d+)/i.exec((unit.location && unit.location.section) || '');
    return m ? `Proof point ${m[1]}` : 'Proof point';
  };

  function announce(text) {
    live.textContent = '';
    setTimeout(() => { live.textContent = text; }, 40);
  }

  // ---------------------------------------------------------------- state <-> URL

  function readState() {
    const p = new URLSearchParams(location.search);
    const int = (v, d) => (/^\d+$/.test(v || '') ? parseInt(v, 10) : d);
    const s = {
      q: (p.get('q') || '').trim(),
      f: {},
      page: Math.max(1, int(p.get('page'), 1)),
      per: Math.min(100, Math.max(1, int(p.get('per_page'), PER_PAGE))),
      group: p.get('group') === 'message',
      sort: p.get('sort') === 'date' ? 'date' : 'relevance',
      unit: p.get('unit') || '',
      // With a unit, one `source` is the source view (?source=…&unit=…), not a filter.
      sourceView: p.get('unit') && p.getAll('source').length === 1 ? p.get('source') : '',
      pack: p.has('pack'),
      exact: p.get('correct') === 'false', // search what was typed, no spelling correction
      // Typed, not submitted: the last word may be incomplete (partial=true, as the widget
      // sends). Kept in the history entry, not the URL: a link or bookmark is a submitted query.
      partial: !!(history.state && history.state.partial),
    };
    for (const [facet] of FACETS) s.f[facet] = [...new Set(p.getAll(facet).filter(Boolean))];
    if (s.sourceView && s.f.source) s.f.source = [];
    return s;
  }

  function stateQuery(s) {
    const p = new URLSearchParams();
    if (s.pack) {
      p.set('pack', '');
    } else if (s.unit && s.sourceView) {
      p.set('source', s.sourceView);
      p.set('unit', s.unit);
    } else if (s.unit) {
      p.set('unit', s.unit);
      if (s.q) p.set('q', s.q); // the query it was found by stays in the box
    } else {
      if (s.q) p.set('q', s.q);
      for (const [facet] of FACETS) for (const v of s.f[facet]) p.append(facet, v);
      if (s.group) p.set('group', 'message');
      if (s.sort !== 'relevance') p.set('sort', s.sort);
      if (s.exact && s.q) p.set('correct', 'false');
      if (s.page > 1) p.set('page', String(s.page));
      if (s.per !== PER_PAGE) p.set('per_page', String(s.per));
    }
    const qs = p.toString().replace(/%2F/gi, '/');
    return qs ? `?${qs}` : location.pathname;
  }

  const hasFilters = (s) => FACETS.some(([facet]) => s.f[facet].length > 0);

  // `partial`: the query is being typed (readState); filters, sorting and paging keep it.
  function go(s, { replace = false, partial = !!s.partial } = {}) {
    const url = stateQuery(s);
    const current = location.search || location.pathname;
    if (url === current) {
      history.replaceState({ ...(history.state || {}), partial }, '');
      render();
      return;
    }
    // Remember where we were, to restore the scroll position on Back.
    history.replaceState({ ...(history.state || {}), scroll: window.scrollY }, '');
    if (replace) history.replaceState({ ...(history.state || {}), partial }, '', url);
    else history.pushState({ back: location.href, partial }, '', url);
    render({ scrollTop: !replace });
  }

  // ---------------------------------------------------------------- API

  let controller = null;

  // Offline: the bundle always; the installed web app while the daemon cannot be reached
  // (its service worker, sw.js, keeps the engine and this generation's data).
  let offline = BUNDLE;
  window.addEventListener('online', () => { if (!BUNDLE) offline = false; });

  async function offlineEngine() {
    if (self.KB_OFFLINE) return true;
    if (!navigator.serviceWorker || !navigator.serviceWorker.controller) return false;
    return new Promise((resolve) => {
      const script = h('script', { src: 'offline.js' });
      script.onload = () => resolve(!!self.KB_OFFLINE);
      script.onerror = () => resolve(false);
      document.head.append(script);
    });
  }

  function showOffline() {
    const foot = document.querySelector('.foot p');
    if (!foot || foot.dataset.offline) return;
    foot.dataset.offline = 'true';
    const when = self.KB_OFFLINE.exported();
    fill(foot, BUNDLE
      ? `Offline copy exported ${when || ''}: it searches with no server. Every result carries its source and citation (document, section, lines).`
      : `Offline: the search service cannot be reached, so these answers come from the copy saved on this device${when ? ` (exported ${when})` : ''}.`);
  }

  async function api(path, signal) {
    if (offline) {
      const r = await self.KB_OFFLINE.api(path);
      showOffline();
      if (signal && signal.aborted) throw new DOMException('aborted', 'AbortError');
      return r;
    }
    let res;
    try {
      res = await fetch(new URL(path, API), { signal, headers: { Accept: 'application/json' } });
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      if (await offlineEngine()) {
        offline = true;
        return api(path, signal);
      }
      return { ok: false, status: 0, data: null, error: 'The search service cannot be reached. Check your connection and try again.' };
    }
    const data = await res.json().catch(() => null);
    const error = res.ok ? null : (data && data.error && data.error.message) || `The search service answered HTTP ${res.status}.`;
    return { ok: res.ok, status: res.status, data, error, code: data && data.error && data.error.code };
  }

  let labelsPromise = null;
  function labels() {
    if (!labelsPromise) {
      labelsPromise = api('facets').then((r) => {
        const map = {};
        const facets = (r.data && r.data.facets) || {};
        FACETS.length = 0;
        for (const f of (r.data && r.data.facet_definitions) || []) {
          FACETS.push([f.name, f.label]);
          FACET_PREVIEW[f.name] = f.page_preview;
        }
        for (const v of facets.kind || []) KINDS[v.value] = v.label;
        for (const [facet] of FACETS) map[facet] = new Map((facets[facet] || []).map((v) => [v.value, v.label]));
        map.total = (r.data && r.data.total) || 0;
        return map;
      }).catch(() => ({ total: 0 }));
    }
    return labelsPromise;
  }
  const labelOf = (L, facet, id) => (L[facet] && L[facet].get(id)) || id;
  const facetLabel = (facet) => (FACETS.find(([name]) => name === facet) || [facet, facet])[1];

  // ---------------------------------------------------------------- shared pieces

  async function copyText(text, button) {
    let ok = false;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch {
      const ta = h('textarea', { class: 'sr', 'aria-hidden': 'true', tabindex: '-1' });
      ta.value = text;
      document.body.append(ta);
      ta.select();
      try { ok = document.execCommand('copy'); } catch { ok = false; }
      ta.remove();
      button.focus();
    }
    const label = button.dataset.label || button.textContent;
    button.dataset.label = label;
    button.textContent = ok ? 'Copied' : 'Copy failed';
    button.classList.toggle('done', ok);
    clearTimeout(button._t);
    button._t = setTimeout(() => { button.textContent = label; button.classList.remove('done'); }, 1800);
    announce(ok ? 'Copied text and citation to the clipboard' : 'Copy failed');
  }

  // A unit as staff paste it: the text, then the citation (source, publisher, date,
  // section, lines) and the source's address when the catalog gives one.
  const citation = (unit) => `${unit.text}\n— ${unit.cite}${unit.source && unit.source.url ? ` <${unit.source.url}>` : ''}`;

  // A unit's citation (class "cite"), its text a link to the cited lines in the source view
  // when the source is known: a unit's `source.id`, or a pack entry's `source_id`.
  function citeLine(u, ...extra) {
    const sourceId = (u.source && u.source.id) || u.source_id;
    return h('p', { class: 'cite' }, sourceId && u.id
      ? h('a', { class: 'cite-link', href: sourceHref(sourceId, u.id), 'data-nav': PAGE === 'brief' ? null : '', title: 'Show the cited lines in the source' }, u.cite)
      : u.cite, ...extra);
  }

  function copyButton(unit, what) {
    return h('button', {
      type: 'button', class: 'copy', 'aria-label': `Copy ${what} with its citation`,
      onclick: (e) => copyText(citation(unit), e.currentTarget),
    }, copyIcon(), 'Copy');
  }

  function copyIcon() {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    p.setAttribute('fill', 'currentColor');
    p.setAttribute('d', 'M8 7V4a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2h-3v3a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V9a2 2 0 0 1 2-2h3Zm2 0h4a2 2 0 0 1 2 2v6h3V4h-9v3ZM5 9v11h9V9H5Z');
    svg.append(p);
    return svg;
  }

  const kindBadge = (kind) => h('span', { class: `kind kind-${kind}`, text: KINDS[kind] || kind });

  // A unit carries its tags of a facet under the facet's name plus "s" (audiences, themes):
  // those of the first such facet are all shown, those of each later one up to `max`.
  function tagList(unit, L, { max = 3 } = {}) {
    const tags = [];
    let extra = 0;
    const tagFacets = FACETS.map(([facet]) => facet).filter((facet) => Array.isArray(unit[`${facet}s`]));
    tagFacets.forEach((facet, i) => {
      const all = unit[`${facet}s`];
      const shown = i === 0 ? all : all.slice(0, max);
      extra += all.length - shown.length;
      for (const t of shown) tags.push([facet, t]);
    });
    if (!tags.length) return null;
    return h('ul', { class: 'tags', 'aria-label': 'Tags' },
      tags.map(([facet, t]) => h('li', null, h('a', {
        class: `tag tag-${facet}${t.provenance === 'inferred' ? ' inferred' : ''}`,
        href: stateQuery({ ...emptyState(), f: { ...emptyState().f, [facet]: [t.id] } }),
        'data-nav': '',
        title: `${facetLabel(facet)}${t.provenance === 'inferred' ? ' (inferred)' : ' (curated)'}: show everything tagged so`,
      }, labelOf(L, facet, t.id)))),
      extra > 0 ? h('li', { class: 'tag-more', text: `+${extra} more` }) : null);
  }

  function emptyState() {
    const f = {};
    for (const [facet] of FACETS) f[facet] = [];
    return { q: '', f, page: 1, per: PER_PAGE, group: false, sort: 'relevance', unit: '', sourceView: '', pack: false, exact: false };
  }

  // A fact's review state (unit.review, as of the server's date): a badge on what is not
  // fresh, so nobody quotes a stale figure unawares; the unit's page also says when.
  const REVIEW_TEXT = { stale: 'Stale', due: 'Review due', unreviewed: 'Unreviewed' };
  function reviewBadge(unit) {
    const r = unit && unit.review;
    if (!r || !REVIEW_TEXT[r.status]) return null;
    const when = r.status === 'unreviewed' ? `never reviewed; to be reviewed every ${r.every}`
      : `reviewed ${r.reviewed}${r.by ? ` by ${r.by}` : ''}; ${r.status === 'stale' ? 'was due' : 'due'} ${r.due}`;
    return h('span', { class: `review review-${r.status}`, 'data-review': r.status, title: when }, REVIEW_TEXT[r.status]);
  }
  // "Figures as of 2025-05-28": a unit stating a figure ("over 27 years") shows its source's date.
  const figuresAsOf = (unit) => (unit && unit.figures_as_of
    ? h('span', { class: 'as-of', text: ` · figures as of ${unit.figures_as_of}` }) : null);
  function reviewedNote(unit) {
    const r = unit && unit.review;
    if (!r) return null;
    if (r.status === 'unreviewed') return h('span', { class: 'reviewed unreviewed', 'data-review': r.status }, `Never reviewed · to be reviewed every ${r.every}`);
    return h('span', { class: `reviewed review-${r.status}`, 'data-review': r.status },
      `Reviewed ${r.reviewed}${r.by ? ` by ${r.by}` : ''} · ${r.status === 'stale' ? `review was due ${r.due}` : r.status === 'due' ? `review due ${r.due}` : `next review ${r.due}`}`);
  }

  function errorBox(text) {
    return h('div', { class: 'notice error', role: 'alert' }, h('strong', null, 'Search failed. '), text);
  }

  // ---------------------------------------------------------------- facets sidebar

  function renderFacets(s, data) {
    const focused = document.activeElement;
    const refocus = focused && focused.dataset && focused.dataset.facet ? [focused.dataset.facet, focused.value] : null;
    const parts = [];
    const estimated = !!data && data.facets_exact === false;
    for (const [facet, title] of FACETS) {
      const values = (data && data.facets && data.facets[facet]) || [];
      const selected = new Set((data && data.filters && data.filters[facet]) || s.f[facet]);
      if (!values.length && !selected.size) continue;
      if (facet === 'message') {
        // Ties in message order (m1, m2, …) rather than by title.
        values.sort((a, b) => b.count - a.count || (msgNo(a.value) || 1e9) - (msgNo(b.value) || 1e9));
      }
      const expanded = facetsBox.dataset[`all${facet}`] === '1';
      const limit = FACET_PREVIEW[facet];
      const shown = expanded ? values : values.filter((v, i) => i < limit || selected.has(v.value));
      const fs = h('fieldset', { class: `facet facet-${facet}` },
        h('legend', null, title, selected.size ? h('span', { class: 'facet-n', text: ` · ${selected.size} selected` }) : null),
        h('ul', null, shown.map((v) => {
          const id = `f-${facet}-${v.value.replace(/[^a-z0-9-]/gi, '-')}`;
          return h('li', null,
            h('input', {
              type: 'checkbox', id, value: v.value, 'data-facet': facet, checked: selected.has(v.value),
              onchange: () => toggleFilter(facet, v.value),
            }),
            h('label', { for: id },
              h('span', { class: 'fl' }, facet === 'message' && msgNo(v.value) ? h('span', { class: 'fno', text: `M${msgNo(v.value)}` }) : null, v.label),
              h('span', { class: 'fc', text: countText(v.count, !estimated), title: estimated ? 'estimated from a sample of the matches' : null })));
        })));
      if (values.length > limit) {
        fs.append(h('button', {
          type: 'button', class: 'link-button more', 'aria-expanded': String(expanded),
          onclick: () => {
            facetsBox.dataset[`all${facet}`] = expanded ? '0' : '1';
            renderFacets(s, data);
            const b = facetsBox.querySelector(`.facet-${facet} .more`);
            if (b) b.focus();
          },
        }, expanded ? 'Show fewer' : `Show all ${values.length}`));
      }
      parts.push(fs);
    }
    facetsBox.replaceChildren(...parts);
    const n = FACETS.reduce((a, [facet]) => a + s.f[facet].length, 0);
    clearFilters.hidden = n === 0;
    filtersToggle.textContent = n ? `Filters (${n})` : 'Filters';
    if (refocus) {
      const el = [...facetsBox.querySelectorAll('input[type=checkbox]')].find((c) => c.dataset.facet === refocus[0] && c.value === refocus[1]);
      if (el) el.focus();
    }
  }

  function toggleFilter(facet, value) {
    const s = readState();
    const set = new Set(s.f[facet]);
    if (set.has(value)) set.delete(value);
    else set.add(value);
    s.f[facet] = [...set];
    s.page = 1;
    go(s);
  }

  clearFilters.addEventListener('click', () => {
    const s = readState();
    for (const [facet] of FACETS) s.f[facet] = [];
    s.page = 1;
    go(s);
    input.focus();
  });

  filtersToggle.addEventListener('click', () => {
    const open = filtersToggle.getAttribute('aria-expanded') !== 'true';
    filtersToggle.setAttribute('aria-expanded', String(open));
    sidebar.classList.toggle('open', open);
  });

  // ---------------------------------------------------------------- views

  function hitCard(hit, L, { inGroup = false, q = '' } = {}) {
    const isPP = hit.kind === 'proof-point' && hit.message;
    const snippet = h('p', { class: 'snip' });
    if (hit.snippet) appendSnippet(snippet, hit.snippet);
    else snippet.textContent = hit.text;
    const where = hit.location && hit.location.section ? hit.location.section.split(' › ').slice(-2).join(' › ') : '';
    return h('article', { class: `hit hit-${hit.kind}`, 'data-id': hit.id },
      h('div', { class: 'hit-meta' }, kindBadge(hit.kind), reviewBadge(hit),
        h('span', { class: 'hit-src', text: [hit.source && hit.source.title, hit.source && hit.source.date, where].filter(Boolean).join(' · ') })),
      h('h3', { class: 'hit-title' },
        isPP && !inGroup ? h('span', { class: 'supports' }, 'Supports ') : null,
        questionLabel(hit) ? h('span', { class: 'qnum' }, `${questionLabel(hit)} · `) : null,
        h('a', { href: unitHref(hit.id, q), 'data-nav': '' }, isPP && inGroup ? ppNumber(hit) : hit.title)),
      snippet,
      tagList(hit, L),
      h('div', { class: 'hit-foot' },
        citeLine(hit, figuresAsOf(hit)),
        h('div', { class: 'hit-actions' }, packButton(hit),
          copyButton(hit, KINDS[hit.kind] ? KINDS[hit.kind].toLowerCase() : 'text'))));
  }

  function pager(s, total) {
    const last = Math.max(1, Math.ceil(total / s.per));
    if (last <= 1) return null;
    const link = (page, label, extra = {}) => h('a', { href: stateQuery({ ...s, page }), 'data-nav': '', ...extra }, label);
    const items = [];
    items.push(s.page > 1 ? link(s.page - 1, '← Previous', { rel: 'prev', class: 'step' }) : h('span', { class: 'step disabled', 'aria-hidden': 'true' }, '← Previous'));
    const pages = new Set([1, last, s.page - 1, s.page, s.page + 1].filter((p) => p >= 1 && p <= last));
    let prev = 0;
    for (const p of [...pages].sort((a, b) => a - b)) {
      if (p - prev > 1) items.push(h('span', { class: 'gap', 'aria-hidden': 'true' }, '…'));
      items.push(p === s.page ? h('a', { href: stateQuery(s), 'aria-current': 'page', 'data-nav': '', 'aria-label': `Page ${p}, current page` }, String(p))
        : link(p, String(p), { 'aria-label': `Page ${p}` }));
      prev = p;
    }
    items.push(s.page < last ? link(s.page + 1, 'Next →', { rel: 'next', class: 'step' }) : h('span', { class: 'step disabled', 'aria-hidden': 'true' }, 'Next →'));
    return h('nav', { class: 'pager', 'aria-label': 'Pages' }, items);
  }

  async function renderSearch(s, signal) {
    const L = await labels();
    const p = new URLSearchParams();
    if (s.q) p.set('q', s.q);
    for (const [facet] of FACETS) for (const v of s.f[facet]) p.append(facet, v);
    p.set('page', String(s.page));
    p.set('per_page', String(s.per));
    if (s.group) p.set('group', 'message');
    if (s.sort !== 'relevance') p.set('sort', s.sort);
    // While typing, the server reads the last word as a prefix (or, when nothing starts with
    // it, as a whole word it may correct): the same parameters as the widget's.
    if (s.partial && s.q) p.set('partial', 'true');
    if (s.exact) p.set('correct', 'false');
    let r = await api(`search?${p}`, signal);
    if (!r.ok && r.code === 'page_out_of_range') {
      // A stale bookmark past the last page: show page 1 instead.
      s.page = 1;
      p.set('page', '1');
      history.replaceState(history.state, '', stateQuery(s));
      r = await api(`search?${p}`, signal);
    }
    let partial = false;
    if (r.ok && s.q && !s.partial && !r.data.total && !r.data.auto_corrected) {
      // A submitted query found nothing as whole words: maybe its last word is the start of one.
      p.set('partial', 'true');
      const r2 = await api(`search?${p}`, signal);
      if (r2.ok && r2.data.total) { r = r2; partial = true; }
    }
    if (!r.ok) {
      renderFacets(s, null);
      view.replaceChildren(errorBox(r.error));
      announce(`Search failed: ${r.error}`);
      return;
    }
    const d = r.data;
    // Filter values may be given as labels or aliases (?audience=Policymakers): keep the ids.
    let canonical = false;
    for (const [facet] of FACETS) {
      const ids = (d.filters && d.filters[facet]) || [];
      if (ids.length && ids.join('\n') !== s.f[facet].join('\n')) { s.f[facet] = ids; canonical = true; }
    }
    if (canonical) history.replaceState(history.state, '', stateQuery(s));
    renderFacets(s, d);

    const total = d.total;
    const first = total ? d.offset + 1 : 0;
    const lastShown = d.offset + d.hits.length;
    // The heading names the query whose results these are (the correction, when corrected).
    const searched = d.searched_query || s.q;
    const heading = h('h1', { class: 'res-title', id: 'results-title' },
      total ? (d.total_exact === false ? 'About ' : '') + plural(total, 'result', 'results') : 'No results',
      searched ? h('span', { class: 'res-q' }, ' for “', searched, '”') : null);
    const groupToggle = h('label', { class: 'switch' },
      h('input', { type: 'checkbox', id: 'group', checked: s.group, onchange: (e) => go({ ...readState(), group: e.target.checked, page: 1 }) }),
      h('span', { class: 'switch-ui', 'aria-hidden': 'true' }), 'Group by message');
    const sortSelect = h('select', { id: 'sort', onchange: (e) => go({ ...readState(), sort: e.target.value, page: 1 }) },
      h('option', { value: 'relevance', selected: s.sort === 'relevance' }, 'Best match'),
      h('option', { value: 'date', selected: s.sort === 'date' }, 'Newest source'));
    const audiences = (d.filters && d.filters.audience) || [];
    const pinned = (await Promise.all(audiences.map(async (a) => guidanceBox(a, await guidanceFor(a), L)))).filter(Boolean);
    if (signal.aborted) return;
    const briefLink = audiences.length === 1 && (s.q || (d.filters.theme || []).length || (d.filters.message || []).length)
      ? h('a', { class: 'brief-link', href: briefHref({ audience: audiences[0], q: s.q, themes: d.filters.theme || [], messages: d.filters.message || [] }) },
        `Brief for ${labelOf(L, 'audience', audiences[0])}`)
      : null;
    const tools = h('div', { class: 'res-tools' }, briefLink, groupToggle,
      h('label', { class: 'sort', for: 'sort' }, 'Sort'), sortSelect);

    const notes = [];
    if (d.auto_corrected && d.corrected_query) {
      notes.push(h('p', { class: 'notice corrected' }, 'Showing results for ',
        h('a', { href: stateQuery({ ...s, q: d.corrected_query, page: 1, exact: false }), 'data-nav': '' }, d.corrected_query),
        '; search instead for ',
        h('a', { href: stateQuery({ ...s, page: 1, exact: true }), 'data-nav': '', class: 'exact' }, s.q), '.'));
    } else if (d.corrected_query) {
      notes.push(h('p', { class: 'notice' }, 'Did you mean ',
        h('a', { href: stateQuery({ ...s, q: d.corrected_query, page: 1 }), 'data-nav': '', class: 'dym' }, d.corrected_query), '?'));
    }
    if (partial) notes.push(h('p', { class: 'notice subtle' }, `Showing words starting with “${s.q.split(/\s+/).pop()}”.`));

    const active = [];
    for (const [facet, title] of FACETS) {
      for (const v of (d.filters && d.filters[facet]) || []) {
        active.push(h('li', null, h('button', {
          type: 'button', class: 'pill', 'aria-label': `Remove filter ${title}: ${labelOf(L, facet, v)}`,
          onclick: () => toggleFilter(facet, v),
        }, h('span', { class: 'pill-k', text: `${title}:` }), ' ', labelOf(L, facet, v), h('span', { 'aria-hidden': 'true', class: 'pill-x' }, '×'))));
      }
    }

    let body;
    if (!total) {
      // What the service found would match: a filter or a word less.
      const tries = (d.suggestions || []).map((t) => {
        const next = { ...s, page: 1, f: { ...s.f } };
        let what;
        if (t.action === 'drop_filter') {
          // The service drops the whole facet (every value of it), so does the link.
          next.f[t.facet] = [];
          const values = (s.f[t.facet] || []).map((v) => labelOf(L, t.facet, v)).join(', ');
          what = `without the filter ${facetLabel(t.facet)}: ${values}`;
        } else {
          next.q = t.query;
          what = `without “${t.value}”: ${t.query}`;
        }
        return h('li', null, h('a', { href: stateQuery(next), 'data-nav': '' }, what), ` (${plural(t.total, 'result', 'results')})`);
      });
      body = h('div', { class: 'empty' },
        h('p', null, hasFilters(s) ? 'Nothing matches this query with these filters. Try removing a filter, or fewer words.' : 'Nothing matches. Try fewer or other words, or one of these:'),
        tries.length ? h('ul', { class: 'no-match-tries', 'aria-label': 'Try instead' }, tries) : null,
        h('ul', { class: 'examples' }, EXAMPLES.map((q) => h('li', null, h('a', { href: stateQuery({ ...emptyState(), q }), 'data-nav': '' }, q)))));
    } else if (s.group && Array.isArray(d.groups)) {
      body = h('div', { class: 'groups' }, d.groups.map((g) => h('section', { class: `group${g.message ? '' : ' group-other'}` },
        h('header', { class: 'group-head' },
          g.message ? h('span', { class: 'eyebrow', text: 'Message' }) : null,
          h('h2', null, g.message ? h('a', { href: unitHref(g.message.id), 'data-nav': '' }, g.message.title) : 'Not tied to a message'),
          h('span', { class: 'group-n', text: plural(g.hits.length, 'hit', 'hits') + (total > d.hits.length ? ' on this page' : '') })),
        h('div', { class: 'hits' }, g.hits.map((hit) => hitCard(hit, L, { inGroup: !!g.message, q: s.q }))))));
    } else {
      body = h('div', { class: 'hits' }, d.hits.map((hit) => hitCard(hit, L, { q: s.q })));
    }

    fill(view,
      h('div', { class: 'res-head' }, heading, tools),
      total > d.hits.length ? h('p', { class: 'res-range', text: `Showing ${first}–${lastShown} of ${d.total_exact === false ? 'about ' : ''}${total.toLocaleString('en')}` }) : null,
      active.length ? h('ul', { class: 'active-filters', 'aria-label': 'Active filters' }, active) : null,
      ...notes,
      ...pinned,
      total ? h('p', { class: 'tag-legend' }, 'Tags: ', h('span', { class: 'tag' }, 'curated'),
        ' set by the framework’s editors · ', h('span', { class: 'tag inferred' }, 'inferred'), ' found by kb from the words') : null,
      body,
      pager(s, total));
    document.title = `${s.q ? `${s.q} · ` : ''}${total ? plural(total, 'result', 'results') : 'No results'} · kb`;
    announce(total ? plural(total, 'result', 'results') : 'No results');
  }

  async function renderHome(s, signal) {
    const [L, searched, messages] = await Promise.all([
      labels(), api('search?per_page=1', signal), api('messages', signal)]);
    renderFacets(s, searched.ok ? searched.data : null);
    if (!messages.ok) {
      view.replaceChildren(errorBox(messages.error));
      return;
    }
    const bySource = new Map();
    for (const m of messages.data.messages) {
      const key = m.source.id;
      if (!bySource.has(key)) bySource.set(key, { title: m.source.title, messages: [], guidance: [] });
      bySource.get(key).messages.push(m);
    }
    for (const g of messages.data.audience_guidance) {
      const key = g.source.id;
      if (!bySource.has(key)) bySource.set(key, { title: g.source.title, messages: [], guidance: [] });
      bySource.get(key).guidance.push(g);
    }
    const sections = [];
    for (const [sourceId, src] of bySource) {
      sections.push(h('section', { class: 'framework', 'aria-labelledby': `fw-${sourceId}` },
        h('div', { class: 'fw-head' },
          h('h2', { id: `fw-${sourceId}`, text: src.title }),
          h('a', { class: 'fw-all', href: stateQuery({ ...emptyState(), f: { ...emptyState().f, source: [sourceId] } }), 'data-nav': '' }, 'Browse everything in it →')),
        src.messages.length ? h('ol', { class: 'messages' }, src.messages.map((m) => h('li', { class: 'message-card' },
          h('div', { class: 'm-head' },
            h('span', { class: 'm-num', text: messageNumber(m).replace('Message ', '') , 'aria-hidden': 'true' }),
            h('div', { class: 'm-title' },
              h('span', { class: 'eyebrow', text: messageNumber(m) }),
              h('h3', null, h('a', { href: unitHref(m.id), 'data-nav': '' }, m.title))),
            copyButton(m, `message “${m.title}”`)),
          h('p', { class: 'm-text', text: m.text }),
          m.proof_points.length ? h('details', { class: 'pps', open: true },
            h('summary', null, plural(m.proof_points.length, 'proof point', 'proof points')),
            h('ol', null, m.proof_points.map((pp) => h('li', null, h('div', { class: 'pp-row' },
              h('p', { text: pp.text }),
              h('div', { class: 'pp-actions' },
                h('a', { href: unitHref(pp.id), 'data-nav': '', 'aria-label': `Details of ${ppNumber(pp).toLowerCase()} of ${messageNumber(m)}` }, 'Details'),
                copyButton(pp, ppNumber(pp).toLowerCase()))))))) : null))) : null,
        src.guidance.length ? h('div', { class: 'guidance' },
          h('h3', null, 'Audience guidance'),
          h('ul', { class: 'guidance-grid' }, src.guidance.map((g) => h('li', { class: 'guide' },
            h('h4', null, h('a', { href: unitHref(g.id), 'data-nav': '' }, g.title)),
            h('p', { text: g.text }),
            copyButton(g, `guidance for ${g.title}`))))) : null));
    }
    view.replaceChildren(
      h('section', { class: 'hero' },
        h('h1', null, 'Find the right message before your meeting'),
        h('p', null, 'Search strategic messages, the proof points behind them and how to pitch them to each audience. ',
          L.total ? `${plural(L.total, 'unit', 'units')} from the framework, statements, consultation answers and the glossary; ` : '',
          'every result comes with its citation.'),
        h('p', { class: 'try' }, h('span', null, 'Try: '), EXAMPLES.map((q) => h('a', { href: stateQuery({ ...emptyState(), q }), 'data-nav': '' }, q)))),
      ...sections);
    document.title = 'kb · messaging framework search';
  }

  async function renderUnit(s, signal) {
    // With the query it was reached by, the service marks that query's words in the text
    // (read as the search read it: typed, corrected, or its last word a prefix).
    const p = new URLSearchParams();
    if (s.q) {
      p.set('q', s.q);
      if (s.partial) p.set('partial', 'true');
    }
    const path = `units/${encodeURIComponent(s.unit).replace(/%2F/gi, '/')}${s.q ? `?${p}` : ''}`;
    const [L, r] = await Promise.all([labels(), api(path, signal)]);
    const back = history.state && history.state.back
      ? h('a', { href: history.state.back, class: 'back', onclick: (e) => { e.preventDefault(); history.back(); } }, '← Back')
      : h('a', { href: s.q ? stateQuery({ ...emptyState(), q: s.q }) : HOME, class: 'back', 'data-nav': '' }, s.q ? `← Results for “${s.q}”` : '← Search');
    if (!r.ok) {
      view.replaceChildren(back, r.status === 404
        ? h('div', { class: 'notice error', role: 'alert' }, h('h1', null, 'Not found'), h('p', null, 'No unit has the id “', s.unit, '”. It may have been renamed when the corpus was re-indexed.'))
        : errorBox(r.error));
      document.title = 'Not found · kb';
      return;
    }
    const { unit, message, proof_points: pps, related = [] } = r.data;
    const isPP = unit.kind === 'proof-point';
    const isMsg = unit.kind === 'message';
    const lead = h('article', { class: `detail detail-${unit.kind}`, 'aria-labelledby': 'unit-title' },
      h('div', { class: 'hit-meta' }, kindBadge(unit.kind), reviewBadge(unit),
        h('span', { class: 'hit-src' }, [unit.source.title, unit.source.publisher, unit.source.date].filter(Boolean).join(' · '),
          unit.source.url ? h('span', null, ' · ', h('a', { href: unit.source.url, rel: 'noopener noreferrer', class: 'src-link' }, 'source')) : null),
        reviewedNote(unit)),
      h('h1', { id: 'unit-title', tabindex: '-1' },
        isPP ? h('span', { class: 'supports' }, `${ppNumber(unit)} · supports `) : (isMsg ? h('span', { class: 'supports' }, `${messageNumber(unit)} · `) : null),
        questionLabel(unit) ? h('span', { class: 'supports qnum' }, `${questionLabel(unit)} · `) : null,
        isPP && message ? message.title : unit.title),
      unit.snippet ? appendSnippet(h('blockquote', { class: 'unit-text' }), unit.snippet) : h('blockquote', { class: 'unit-text', text: unit.text }),
      h('div', { class: 'cite-box' },
        h('div', null, h('span', { class: 'eyebrow', text: 'Citation' }), citeLine(unit, figuresAsOf(unit))),
        h('div', { class: 'hit-actions' }, packButton(unit),
          copyButton(unit, isPP ? 'this proof point' : `this ${(KINDS[unit.kind] || 'unit').toLowerCase()}`))),
      tagList(unit, L, { max: 20 }),
      h('p', { class: 'unit-id' }, 'Id ', h('code', { text: unit.id })));

    const parts = [back, lead];
    if (isMsg && Array.isArray(unit.audiences) && unit.audiences.length) {
      const boxes = await Promise.all(unit.audiences.map(async (a) => guidanceBox(a.id, await guidanceFor(a.id), L)));
      if (signal.aborted) return;
      parts.push(h('section', { class: 'context', 'aria-labelledby': 'briefs-h' },
        h('h2', { id: 'briefs-h' }, 'Its audiences'),
        h('ul', { class: 'brief-links' }, unit.audiences.map((a) => h('li', null,
          h('a', { class: 'brief-link', href: briefHref({ audience: a.id, messages: [unit.id] }) }, `Brief for ${labelOf(L, 'audience', a.id)}`)))),
        ...boxes.filter(Boolean)));
    }
    if (isPP && message) {
      parts.push(h('section', { class: 'context', 'aria-labelledby': 'msg-h' },
        h('h2', { id: 'msg-h' }, 'The message it supports'),
        h('div', { class: 'message-card compact' },
          h('span', { class: 'eyebrow', text: messageNumber(message) }),
          h('h3', null, h('a', { href: unitHref(message.id, s.q), 'data-nav': '' }, message.title)),
          h('p', { class: 'm-text', text: message.text }),
          h('div', { class: 'hit-foot' }, citeLine(message), copyButton(message, 'the message')))));
    }
    if (pps && pps.length) {
      parts.push(h('section', { class: 'context', 'aria-labelledby': 'pps-h' },
        h('h2', { id: 'pps-h' }, isPP ? `All proof points of ${messageNumber(message || unit)}` : 'Its proof points',
          h('span', { class: 'count', text: ` (${pps.length})` })),
        h('ol', { class: 'pp-list' }, pps.map((pp) => {
          const current = pp.id === unit.id;
          return h('li', { class: current ? 'current' : null, 'aria-current': current ? 'true' : null },
            h('div', { class: 'pp-body' },
              h('span', { class: 'eyebrow' }, ppNumber(pp), current ? h('span', { class: 'here' }, ' · this one') : null),
              h('p', { text: pp.text }),
              citeLine(pp)),
            h('div', { class: 'pp-actions' },
              current ? null : h('a', { href: unitHref(pp.id, s.q), 'data-nav': '', 'aria-label': `Open ${ppNumber(pp).toLowerCase()}` }, 'Open'),
              copyButton(pp, ppNumber(pp).toLowerCase())));
        }))));
    }
    if (related.length) {
      parts.push(h('section', { class: 'context', 'aria-labelledby': 'related-h' },
        h('h2', { id: 'related-h' }, 'Related, from other documents'),
        h('ul', { class: 'related-list' }, related.map((u) => h('li', { 'data-id': u.id },
          h('div', { class: 'hit-meta' }, kindBadge(u.kind), reviewBadge(u), h('span', { class: 'hit-src', text: [u.source && u.source.title, u.source && u.source.date].filter(Boolean).join(' · ') })),
          h('a', { href: unitHref(u.id, s.q), 'data-nav': '' }, [questionLabel(u), u.title || u.id].filter(Boolean).join(' · ')),
          citeLine(u))))));
    }
    view.replaceChildren(...parts);
    document.title = `${isPP && message ? `${ppNumber(unit)}: ${message.title}` : [questionLabel(unit), unit.title].filter(Boolean).join(': ')} · kb`;
  }

  // ---------------------------------------------------------------- the source view

  const showMarked = () => {
    const first = view.querySelector('.src-line.marked');
    if (first) first.scrollIntoView({ block: 'center' });
  };

  // A source's cleaned text as numbered lines (the numbers citations give), the lines the
  // unit cites marked and scrolled into view, under the source's catalog entry.
  async function renderSource(s, signal) {
    const [r, u] = await Promise.all([
      api(`sources/${encodeURIComponent(s.sourceView)}?unit=${encodeURIComponent(s.unit)}`, signal),
      api(`units/${encodeURIComponent(s.unit).replace(/%2F/gi, '/')}`, signal)]);
    const back = history.state && history.state.back
      ? h('a', { href: history.state.back, class: 'back', onclick: (e) => { e.preventDefault(); history.back(); } }, '← Back')
      : h('a', { href: unitHref(s.unit), class: 'back', 'data-nav': '' }, '← The cited unit');
    if (!r.ok) {
      const what = r.error ? `${r.error.charAt(0).toUpperCase()}${r.error.slice(1)}.` : '';
      view.replaceChildren(back, r.status === 404 || r.status === 400
        ? h('div', { class: 'notice error src-error', role: 'alert' }, h('h1', null, r.status === 404 ? 'Source not found' : 'Cannot show this source'),
          h('p', null, what, ' The address names source “', s.sourceView, '” and unit “', s.unit, '”; either may have been renamed when the corpus was re-indexed.'))
        : errorBox(r.error));
      document.title = 'Source not found · kb';
      announce('Source not found');
      return;
    }
    const { source: src, lines = [], marked } = r.data;
    const unit = u.ok ? u.data.unit : null;
    const [first, last] = marked || [0, -1];
    const range = marked ? (first === last ? `line ${first}` : `lines ${first}–${last}`) : '';
    const meta = [];
    const field = (name, cls, value) => meta.push(h('dt', { text: name }), h('dd', { class: cls }, value));
    if (src.publisher) field('Publisher', 'src-publisher', src.publisher);
    if (src.date) field('Date', 'src-date', src.date);
    if (src.url) {
      field('Address', 'src-url', /^https?:\/\//i.test(src.url)
        ? h('a', { href: src.url, rel: 'noopener noreferrer' }, src.url) : src.url);
    }
    field('Id', 'src-id', h('code', { text: src.id }));
    let prev = 0;
    const text = h('ol', { class: 'src-lines', 'aria-label': `Text of ${src.title || src.id}, numbered by line` }, lines.map((l) => {
      const on = !!marked && l.n >= first && l.n <= last;
      // Numbers jump where the cleaner dropped lines (running headers, page numbers).
      const gap = prev && l.n > prev + 1;
      prev = l.n;
      return h('li', { class: `src-line${on ? ' marked' : ''}${gap ? ' gap' : ''}`, id: `L${l.n}`, 'data-n': String(l.n) },
        h('span', { class: 'ln', 'aria-hidden': 'true', text: String(l.n) }),
        h('span', { class: 'sr', text: `Line ${l.n}: ` }),
        on ? h('mark', { class: 'lt', text: l.text }) : h('span', { class: 'lt', text: l.text }));
    }));
    const unitName = unit ? ([questionLabel(unit), unit.title].filter(Boolean).join(' · ') || unit.id) : s.unit;
    const cited = marked ? h('div', { class: 'cite-box src-cited' },
      h('div', null,
        h('span', { class: 'eyebrow', text: `Cited: ${range}` }),
        h('p', null, h('a', { href: unitHref(s.unit), 'data-nav': '' }, unitName)),
        unit ? h('p', { class: 'cite', text: unit.cite }) : null),
      h('button', { type: 'button', class: 'copy', onclick: showMarked }, `Go to ${range}`)) : null;
    fill(view,
      back,
      h('article', { class: 'detail src-view', 'aria-labelledby': 'source-title' },
        h('header', { class: 'src-head' },
          h('span', { class: 'eyebrow', text: 'Source' }),
          h('h1', { id: 'source-title', tabindex: '-1', text: src.title || src.id }),
          h('dl', { class: 'src-meta' }, meta)),
        cited,
        lines.length ? text : h('p', { class: 'muted' }, 'The index holds no text for this source.')));
    document.title = `${src.title || src.id}${range ? ` (${range})` : ''} · kb`;
    announce(`Source ${src.title || src.id}${range ? `, ${range} marked` : ''}`);
  }

  // ---------------------------------------------------------------- the meeting pack

  // Units collected for a meeting, in the browser (localStorage), in the order chosen:
  // each kept with what copying and printing it needs, so the pack works without the index.
  // The format (docs/briefs.md, "The meeting pack") is version 1, named by the key: a JSON
  // array of packEntry() objects. Fields may be added (readers ignore unknown ones and do
  // without missing optional ones, e.g. source_id in entries written before it existed); an
  // incompatible change takes a new key. widget.js writes the same entries (its own copy of
  // PACK_KEY and packEntry: keep the two identical).
  const PACK_KEY = 'kb-pack-v1';
  function packUnits() {
    try {
      const list = JSON.parse(localStorage.getItem(PACK_KEY) || '[]');
      return Array.isArray(list) ? list.filter((u) => u && typeof u.id === 'string') : [];
    } catch { return []; }
  }
  function savePack(list) {
    try { localStorage.setItem(PACK_KEY, JSON.stringify(list)); } catch { /* storage full or off */ }
    updatePackLink();
  }
  const inPack = (id) => packUnits().some((u) => u.id === id);
  const packEntry = (u) => ({ id: u.id, kind: u.kind, title: u.title, text: u.text, cite: u.cite,
    message: u.message ? u.message.title : null, url: (u.source && u.source.url) || null,
    source_id: (u.source && u.source.id) || null });

  function packButton(unit) {
    const b = h('button', { type: 'button', class: 'pack-toggle', 'data-id': unit.id });
    const draw = () => {
      const on = inPack(unit.id);
      b.textContent = on ? 'In pack ✓' : '+ Pack';
      b.setAttribute('aria-pressed', String(on));
      b.setAttribute('aria-label', on ? 'Remove from the meeting pack' : 'Add to the meeting pack');
    };
    b.onclick = () => {
      const list = packUnits();
      savePack(inPack(unit.id) ? list.filter((u) => u.id !== unit.id) : [...list, packEntry(unit)]);
      draw();
      announce(inPack(unit.id) ? 'Added to the pack' : 'Removed from the pack');
    };
    draw();
    return b;
  }

  let packLink = null;
  function updatePackLink() {
    if (!packLink) {
      packLink = h('a', { class: 'pack-link', href: `${HOME}?pack`, 'data-nav': PAGE === 'brief' ? null : '' });
      const top = document.querySelector('.top-in');
      if (top) top.append(packLink);
    }
    const n = packUnits().length;
    packLink.textContent = `Pack (${n})`;
    packLink.setAttribute('aria-label', `Meeting pack: ${plural(n, 'unit', 'units')}`);
  }

  const packText = (list) => list.map((u, i) => [`${i + 1}. ${u.message ? `${u.message}: ` : ''}${u.title && u.kind !== 'proof-point' ? u.title : ''}`.replace(/: $/, ''),
    u.text, `— ${u.cite}${u.url ? ` <${u.url}>` : ''}`].filter(Boolean).join('\n')).join('\n\n');

  function renderPack() {
    const list = packUnits();
    const move = (i, by) => {
      const next = [...list];
      const [u] = next.splice(i, 1);
      next.splice(i + by, 0, u);
      savePack(next);
      renderPack();
    };
    const copy = h('button', { type: 'button', class: 'copy', disabled: !list.length, onclick: (e) => copyText(packText(packUnits()), e.currentTarget) }, copyIcon(), 'Copy pack');
    const print = h('button', { type: 'button', class: 'copy', disabled: !list.length, onclick: () => window.print() }, 'Print');
    const clear = h('button', { type: 'button', class: 'copy', disabled: !list.length, onclick: () => { savePack([]); renderPack(); } }, 'Empty');
    fill(view,
      h('div', { class: 'b-actions' }, h('a', { href: HOME, class: 'back', 'data-nav': '' }, '← Search'), h('span', { class: 'b-spacer' }), copy, print, clear),
      h('header', { class: 'b-head' }, h('span', { class: 'eyebrow', text: 'Meeting pack' }),
        h('h1', { id: 'pack-title', tabindex: '-1' }, plural(list.length, 'unit', 'units')),
        h('p', { class: 'b-meta', text: `Prepared ${new Date().toISOString().slice(0, 10)} · kept in this browser` })),
      list.length ? h('ol', { class: 'pack-list' }, list.map((u, i) => h('li', { class: 'b-card', 'data-id': u.id },
        h('div', { class: 'hit-meta' }, kindBadge(u.kind), u.message ? h('span', { class: 'hit-src', text: u.message }) : null),
        u.kind !== 'proof-point' && u.title ? h('h3', { class: 'b-title' }, h('a', { href: unitHref(u.id), 'data-nav': '' }, u.title)) : null,
        h('p', { class: 'b-text', text: u.text }),
        citeLine(u),
        h('div', { class: 'pack-actions' },
          h('button', { type: 'button', class: 'copy', disabled: i === 0, 'aria-label': `Move ${i + 1} up`, onclick: () => move(i, -1) }, '↑'),
          h('button', { type: 'button', class: 'copy', disabled: i === list.length - 1, 'aria-label': `Move ${i + 1} down`, onclick: () => move(i, 1) }, '↓'),
          h('button', { type: 'button', class: 'copy', 'aria-label': `Remove ${i + 1}`, onclick: () => { savePack(list.filter((x) => x.id !== u.id)); renderPack(); } }, 'Remove')))))
        : h('p', { class: 'muted' }, 'The pack is empty. Add messages, proof points and answers with “+ Pack” as you search.'));
    document.title = `Meeting pack (${list.length}) · kb`;
  }

  // ---------------------------------------------------------------- audience guidance

  // The guidance units of each audience (those its curators tagged for it, else any tagged
  // for it), fetched once: /api/v1/messages lists them.
  let guidancePromise = null;
  function guidanceFor(audience) {
    if (!guidancePromise) guidancePromise = api('messages').then((r) => (r.ok ? r.data.audience_guidance : []));
    return guidancePromise.then((all) => {
      const tagged = (g, curated) => (g.audiences || []).some((t) => t.id === audience && (!curated || t.provenance === 'curated'));
      const curated = all.filter((g) => tagged(g, true));
      return curated.length ? curated : all.filter((g) => tagged(g, false));
    });
  }

  // Pinned above results and on a message's page: what to stress with this audience.
  function guidanceBox(audience, units, L) {
    if (!units.length) return null;
    const label = labelOf(L, 'audience', audience);
    return h('aside', { class: 'pinned-guidance', 'aria-label': `Guidance for ${label}`, 'data-audience': audience },
      h('div', { class: 'pg-head' }, h('span', { class: 'eyebrow', text: `Guidance for ${label}` })),
      units.map((g) => h('div', { class: 'pg-unit', 'data-id': g.id },
        h('p', { class: 'pg-text', text: g.text }),
        h('div', { class: 'hit-foot' }, citeLine(g), copyButton(g, `guidance for ${label}`)))));
  }

  // ---------------------------------------------------------------- the brief

  // The brief page's address for an audience and a topic (words, themes, messages).
  function briefHref({ audience, q = '', themes = [], messages = [] }) {
    const p = new URLSearchParams();
    p.set('audience', audience);
    if (q) p.set('q', q);
    for (const t of themes) p.append('theme', t);
    for (const m of messages) p.append('message', m);
    return `${BRIEF_PAGE}?${p.toString().replace(/%2F/gi, '/')}`;
  }

  // The units of a brief as text to paste, each with its citation.
  function briefText(b) {
    const lines = [`Brief for ${b.audience.label}: ${b.topic}`, ''];
    const unit = (u, prefix = '') => lines.push(`${prefix}${u.text}`, `${' '.repeat(prefix.length)}— ${u.cite}`);
    lines.push(`Guidance for ${b.audience.label}`);
    for (const g of b.guidance) unit(g);
    b.messages.forEach((m, i) => {
      lines.push('', `${i + 1}. ${m.message.title}`);
      if (m.message.text) unit(m.message);
      for (const pp of m.proof_points) unit(pp, '• ');
    });
    if (b.supporting.length) lines.push('', 'Supporting passages');
    for (const sp of b.supporting) unit({ ...sp, text: decode(sp.snippet.replace(/<\/?mark>/g, '')) }, '• ');
    if (b.glossary.length) lines.push('', 'Acronyms');
    for (const g of b.glossary) lines.push(`${g.title}: ${g.text}`);
    lines.push('', 'Sources');
    b.sources.forEach((src, i) => lines.push(`${i + 1}. ${[src.title, src.publisher, src.date].filter(Boolean).join(', ')}${src.url ? ` <${src.url}>` : ''}`));
    return lines.join('\n');
  }

  function briefUnit(u, { cls = '', title = null, dated = null } = {}) {
    return h('article', { class: `b-card ${cls}`, 'data-id': u.id },
      title ? h('h3', { class: 'b-title' }, h('a', { href: `${HOME}${unitHref(u.id)}` }, title), reviewBadge(u) ? ' ' : null, reviewBadge(u)) : reviewBadge(u),
      appendSnippet(h('p', { class: 'b-text' }), u.snippet || u.text),
      citeLine(u, dated ? h('span', { class: 'b-date', text: ` · ${dated}` }) : null));
  }

  async function renderBrief(s, signal) {
    const L = await labels();
    const audience = s.f.audience && s.f.audience[0];
    const p = new URLSearchParams();
    if (audience) p.set('audience', audience);
    if (s.q) p.set('q', s.q);
    for (const t of (s.f.theme || [])) p.append('theme', t);
    for (const m of (s.f.message || [])) p.append('message', m);
    const searchQs = stateQuery({ ...s, unit: '' });
    const back = h('a', { href: searchQs.startsWith('?') ? `${HOME}${searchQs}` : HOME, class: 'back' }, '← Search');
    if (!audience) {
      view.replaceChildren(back, h('div', { class: 'notice' }, h('h1', null, 'Brief for which audience?'),
        h('p', null, 'A brief is for one audience: ',
          ...[...(L.audience || new Map()).entries()].flatMap(([id, label], i) => [i ? ' · ' : '',
            h('a', { href: briefHref({ audience: id, q: s.q, themes: s.f.theme || [], messages: s.f.message || [] }) }, label)]))));
      document.title = 'Brief · kb';
      return;
    }
    const r = await api(`brief?${p}`, signal);
    if (!r.ok) {
      view.replaceChildren(back, errorBox(r.error));
      document.title = 'Brief · kb';
      return;
    }
    const b = r.data;
    const dateOf = (u) => (u.source && u.source.date) || null;
    const printed = new Date().toISOString().slice(0, 10);
    const copy = h('button', { type: 'button', class: 'copy', onclick: (e) => copyText(briefText(b), e.currentTarget) }, copyIcon(), 'Copy brief');
    const print = h('button', { type: 'button', class: 'copy', onclick: () => window.print() }, 'Print');
    const sections = [];
    sections.push(h('section', { class: 'b-section', 'aria-labelledby': 'b-guidance' },
      h('h2', { id: 'b-guidance' }, `Guidance for ${b.audience.label}`),
      b.guidance.length ? b.guidance.map((g) => briefUnit(g, { cls: 'b-guide' }))
        : h('p', { class: 'muted' }, 'The corpus has no guidance for this audience.')));
    sections.push(h('section', { class: 'b-section', 'aria-labelledby': 'b-messages' },
      h('h2', { id: 'b-messages' }, b.messages.length === 1 ? 'Message' : 'Messages'),
      b.messages.length ? b.messages.map((m, i) => h('article', { class: 'b-card b-message', 'data-id': m.message.id },
        h('h3', { class: 'b-title' }, h('span', { class: 'm-num', text: String(i + 1), 'aria-hidden': 'true' }),
          h('a', { href: `${HOME}${unitHref(m.message.id)}` }, m.message.title), reviewBadge(m.message) ? ' ' : null, reviewBadge(m.message)),
        m.message.text ? appendSnippet(h('p', { class: 'b-text' }), m.message.snippet || m.message.text) : null,
        h('p', { class: 'b-why' }, h('span', { class: 'eyebrow', text: 'Why ' }), m.why.summary),
        h('ul', { class: 'b-pps' }, m.proof_points.map((pp) => h('li', { 'data-id': pp.id },
          appendSnippet(h('p', { class: 'b-text' }, reviewBadge(pp), reviewBadge(pp) ? ' ' : null), pp.snippet || pp.text),
          citeLine(pp, figuresAsOf(pp))))),
        citeLine(m.message)))
        : h('p', { class: 'muted' }, 'No message matches this topic. Try other words, or a theme.')));
    if (b.supporting.length) {
      sections.push(h('section', { class: 'b-section', 'aria-labelledby': 'b-supporting' },
        h('h2', { id: 'b-supporting' }, 'Supporting passages'),
        b.supporting.map((sp) => briefUnit(sp, { title: sp.title, dated: dateOf(sp) }))));
    }
    if (b.glossary.length) {
      sections.push(h('section', { class: 'b-section b-glossary', 'aria-labelledby': 'b-acronyms' },
        h('h2', { id: 'b-acronyms' }, 'Acronyms'),
        h('dl', null, b.glossary.flatMap((g) => [h('dt', { text: g.title }), h('dd', { text: g.text })]))));
    }
    sections.push(h('section', { class: 'b-section b-sources', 'aria-labelledby': 'b-sources' },
      h('h2', { id: 'b-sources' }, 'Sources'),
      h('ol', null, b.sources.map((src) => h('li', null, [src.title, src.publisher, src.date].filter(Boolean).join(', '),
        src.url ? h('span', null, ' · ', h('a', { href: src.url, rel: 'noopener noreferrer' }, src.url)) : null)))));
    fill(view,
      h('div', { class: 'b-actions' }, back, h('span', { class: 'b-spacer' }), copy, print),
      h('header', { class: 'b-head' },
        h('span', { class: 'eyebrow', text: `Brief · ${b.audience.label}` }),
        h('h1', { id: 'brief-title', tabindex: '-1' }, b.topic),
        h('p', { class: 'b-meta', text: `Prepared ${printed} · ${plural(b.messages.length, 'message', 'messages')} · ${plural(b.sources.length, 'source', 'sources')}` })),
      sections);
    document.title = `Brief for ${b.audience.label}: ${b.topic} · kb`;
    announce(`Brief for ${b.audience.label}: ${plural(b.messages.length, 'message', 'messages')}`);
  }

  // ---------------------------------------------------------------- render loop

  let renderSeq = 0;

  async function render({ scrollTop = false, restoreScroll = null } = {}) {
    const s = readState();
    const seq = ++renderSeq;
    if (controller) controller.abort();
    controller = new AbortController();
    const { signal } = controller;
    if (document.activeElement !== input) input.value = s.q;
    const mode = PAGE === 'brief' ? 'brief' : s.pack ? 'pack'
      : (s.unit ? (s.sourceView ? 'source' : 'unit') : (s.q || hasFilters(s) ? 'search' : 'home'));
    layout.dataset.mode = mode;
    sidebar.hidden = mode === 'unit' || mode === 'source' || mode === 'brief' || mode === 'pack';
    view.setAttribute('aria-busy', 'true');
    try {
      if (mode === 'brief') await renderBrief(s, signal);
      else if (mode === 'pack') renderPack();
      else if (mode === 'unit') await renderUnit(s, signal);
      else if (mode === 'source') await renderSource(s, signal);
      else if (mode === 'search') await renderSearch(s, signal);
      else await renderHome(s, signal);
    } catch (err) {
      if (err.name === 'AbortError') return;
      if (seq === renderSeq) view.replaceChildren(errorBox(String(err.message || err)));
      console.error(err);
    }
    if (seq !== renderSeq) return;
    view.setAttribute('aria-busy', 'false');
    if (restoreScroll != null) window.scrollTo(0, restoreScroll);
    else if (scrollTop) window.scrollTo(0, 0);
    if (mode === 'unit' && scrollTop) {
      const t = $('#unit-title');
      if (t) t.focus({ preventScroll: true });
    }
    if (mode === 'source') {
      const t = $('#source-title');
      if (t && scrollTop) t.focus({ preventScroll: true });
      // The cited lines in view, unless Back restores where the reader was.
      if (restoreScroll == null) showMarked();
    }
  }

  // ---------------------------------------------------------------- events

  let typing = 0;
  let typedSince = false;

  input.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      const s = readState();
      const q = input.value.trim();
      // A blank after the last word ends it (no longer a prefix).
      const partial = !/\s$/.test(input.value);
      if (q === s.q && !s.unit && (partial === s.partial || !q)) return;
      // The first keystroke of a new query adds a history entry; the next ones replace it.
      const replace = typedSince && !!s.q && !s.unit;
      typedSince = true;
      go({ ...s, q, page: 1, unit: '', exact: false }, { replace, partial });
    }, 300);
  });

  $('#search').addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(typing);
    typedSince = false;
    const s = readState();
    go({ ...s, q: input.value.trim(), page: 1, unit: '', exact: false }, { partial: false });
  });

  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest('a[data-nav]');
    if (!a || a.origin !== location.origin) return;
    e.preventDefault();
    typedSince = false;
    const url = new URL(a.href);
    if (url.search === location.search && url.pathname === location.pathname) return;
    // Another page or filter of the query being typed, or a unit found by it, is still that typed query.
    const s = readState();
    const partial = s.partial && !!s.q && url.searchParams.get('q') === s.q;
    history.replaceState({ ...(history.state || {}), scroll: window.scrollY }, '');
    history.pushState({ back: location.href, partial }, '', url.search || url.pathname);
    render({ scrollTop: true });
  });

  window.addEventListener('popstate', (e) => {
    typedSince = false;
    input.value = readState().q;
    render({ restoreScroll: (e.state && e.state.scroll) || 0 });
  });

  document.addEventListener('keydown', (e) => {
    const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey;
    const modK = (e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'k' || e.key === 'K');
    if (!slash && !modK) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    input.focus();
    input.select();
  });

  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
  if (BUNDLE) {
    // The pages are files here: "./" would open the folder, not the page.
    for (const a of document.querySelectorAll('a[href="./"]')) a.setAttribute('href', HOME);
    const form = $('#search');
    form.setAttribute('action', PAGE === 'brief' ? BRIEF_PAGE : HOME);
    for (const a of document.querySelectorAll('.foot a')) a.remove();
    showOffline();
  } else if ('serviceWorker' in navigator && /^https?:$/.test(location.protocol)) {
    // The installable web app: sw.js caches the UI and this generation's offline data, and
    // refreshes them when the daemon serves a newer generation.
    navigator.serviceWorker.register('sw.js').then((reg) => {
      const worker = navigator.serviceWorker.controller || reg.active;
      if (worker && navigator.onLine) worker.postMessage({ type: 'refresh' });
    }).catch(() => { /* no offline copy; the page works online as before */ });
  }
  // The URL's filters can only be read once the facets are known.
  updatePackLink();
  window.addEventListener('storage', (e) => { if (e.key === PACK_KEY) updatePackLink(); });
  labels().then(() => render());
})();
