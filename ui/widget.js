/*
 * kb search widget.
 *
 *   <script src="https://KB-HOST/widget.js" defer></script>
 *   <kb-search placeholder="Search our messages" audience="policymakers" max-results="5"></kb-search>
 *
 * Attributes: endpoint (default: where this script was loaded from), placeholder, label
 * (accessible name of the input), max-results (1-20, default 5), color-scheme or
 * theme="dark|light" (appearance; default follows prefers-color-scheme), and one attribute
 * per facet of the service (audience, theme, ...: initial filters; comma-separated ids,
 * labels or aliases; the names are those of /api/v1/facets).
 * Styling: CSS custom properties on the element, e.g. kb-search { --kb-accent: #b00020 }:
 * --kb-accent, --kb-bg, --kb-fg, --kb-muted, --kb-border, --kb-surface, --kb-mark,
 * --kb-radius, --kb-font, --kb-font-size, --kb-z, and --kb-dark-* for dark mode.
 * Events: "kb-select" (cancelable, detail {id, url, hit}) before a result is opened.
 * Served from the page's own origin (the kb-searchd site), each result also has "+ Pack",
 * which adds it to the search page's meeting pack (localStorage, as app.js keeps it).
 *
 * Indexed text is never parsed as HTML: titles and text go through textContent, and the
 * API's HTML-escaped snippet is split on its <mark> markers into text nodes and <mark>s.
 */
(() => {
  'use strict';
  if (!window.customElements || customElements.get('kb-search')) return;

  const script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  const DEFAULT_ENDPOINT = (() => {
    try {
      return new URL('.', script.src).href.replace(/\/$/, '');
    } catch {
      return location.origin;
    }
  })();

  // Which facets the chips show ([name, label, how many values]) and the kinds' labels come
  // from the service's /api/v1/facets (the index's schema), fetched once per endpoint.
  const schemas = new Map();
  function schemaOf(endpoint) {
    if (!schemas.has(endpoint)) {
      schemas.set(endpoint, fetch(`${endpoint}/api/v1/facets`, { credentials: 'omit', mode: 'cors' })
        .then((res) => (res.ok ? res.json() : null))
        .then((d) => ({
          facets: ((d && d.facet_definitions) || []).filter((f) => f.widget_preview > 0)
            .map((f) => [f.name, f.label, f.widget_preview]),
          names: ((d && d.facet_definitions) || []).map((f) => f.name),
          kinds: Object.fromEntries(((d && d.facets && d.facets.kind) || []).map((v) => [v.value, v.label])),
        }))
        .catch(() => {
          schemas.delete(endpoint); // try again with the next search
          return { facets: [], names: [], kinds: {} };
        }));
    }
    return schemas.get(endpoint);
  }
  // Each audience's guidance units, from /api/v1/messages, fetched once per endpoint: the
  // widget pins them above results filtered by that audience.
  const guidance = new Map();
  function guidanceOf(endpoint) {
    if (!guidance.has(endpoint)) {
      guidance.set(endpoint, fetch(`${endpoint}/api/v1/messages`, { credentials: 'omit', mode: 'cors' })
        .then((res) => (res.ok ? res.json() : null))
        .then((d) => (d && d.audience_guidance) || [])
        .catch(() => {
          guidance.delete(endpoint);
          return [];
        }));
    }
    return guidance.get(endpoint);
  }
  function guidanceFor(all, audience) {
    const tagged = (g, curated) => (g.audiences || []).some((t) => t.id === audience && (!curated || t.provenance === 'curated'));
    const curated = all.filter((g) => tagged(g, true));
    return curated.length ? curated : all.filter((g) => tagged(g, false));
  }
  // The review badges, worded as on the search page (app.js REVIEW_TEXT).
  const REVIEW_TEXT = { stale: 'Stale', due: 'Review due', unreviewed: 'Unreviewed' };
  const NOT_ALLOWED = 'This site is not allowed to use this search service (or it is unreachable).';
  const ENTITIES = { lt: '<', gt: '>', quot: '"', amp: '&', '#39': "'", '#x27': "'" };
  const decode = (s) => s.replace(/&(lt|gt|quot|amp|#39|#x27);/g, (_, e) => ENTITIES[e]);

  // Appends the API's snippet (HTML-escaped text with <mark>…</mark> markers) to parent
  // as text nodes and <mark> elements.
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
  }

  // Element builder: strings and nodes as children (strings become text nodes).
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c != null && c !== false) el.append(c);
    return el;
  }

  // The search page's meeting pack (docs/briefs.md, "The meeting pack"): a copy of app.js's
  // PACK_KEY and packEntry, since this script stands alone; keep the two identical. Only
  // same-origin (the page's storage is the kb-searchd origin's); no storage, no button.
  const PACK_KEY = 'kb-pack-v1';
  const packEntry = (u) => ({ id: u.id, kind: u.kind, title: u.title, text: u.text, cite: u.cite,
    message: u.message ? u.message.title : null, url: (u.source && u.source.url) || null,
    source_id: (u.source && u.source.id) || null });
  const pack = {
    read() {
      const raw = localStorage.getItem(PACK_KEY); // throws where storage is off
      let list = [];
      try { list = JSON.parse(raw || '[]'); } catch { /* unreadable: an empty pack, as app.js reads it */ }
      return Array.isArray(list) ? list.filter((u) => u && typeof u.id === 'string') : [];
    },
    has(id) {
      try { return pack.read().some((u) => u.id === id); } catch { return false; }
    },
    // Adds the hit, or removes it when it is in; false when storage is unavailable.
    toggle(hit) {
      try {
        const list = pack.read();
        const next = list.some((u) => u.id === hit.id) ? list.filter((u) => u.id !== hit.id) : [...list, packEntry(hit)];
        localStorage.setItem(PACK_KEY, JSON.stringify(next));
        return true;
      } catch { return false; }
    },
  };

  const unitPath = (id) => encodeURIComponent(id).replace(/%2F/gi, '/');
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  const isTextField = (el) =>
    !!el && (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' ||
      (el.tagName === 'INPUT' && !/^(button|checkbox|radio|submit|reset|range|color|file|image)$/i.test(el.type)));

  const CSS = `
:host{display:block;position:relative}
:host([hidden]){display:none}
.kb{all:initial;display:block;position:relative;box-sizing:border-box;container:kb/inline-size;
 --_accent:var(--kb-accent,#0a58ca);--_on-accent:var(--kb-on-accent,#fff);--_bg:var(--kb-bg,#fff);
 --_fg:var(--kb-fg,#1b1f27);--_muted:var(--kb-muted,#576071);--_border:var(--kb-border,#cdd3dc);
 --_surface:var(--kb-surface,#f3f5f9);--_active:var(--kb-active,#e6effd);--_mark:var(--kb-mark,#ffe98a);
 --_mark-fg:var(--kb-mark-fg,#1b1f27);--_pp:#146c43;--_pp-bg:#e2f3ea;--_msg-bg:#e6effd;--_err:#a4161a;--_err-bg:#fdecec;
 --_shadow:0 12px 32px rgba(16,24,40,.16),0 2px 6px rgba(16,24,40,.08);
 font-family:var(--kb-font,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif);
 font-size:var(--kb-font-size,15px);line-height:1.45;color:var(--_fg);text-align:left;
 -webkit-font-smoothing:antialiased}
.kb[data-scheme=dark]{--_accent:var(--kb-dark-accent,#8ab4ff);--_on-accent:var(--kb-dark-on-accent,#0b1424);
 --_bg:var(--kb-dark-bg,#171a21);--_fg:var(--kb-dark-fg,#e7eaf0);--_muted:var(--kb-dark-muted,#a5adbb);
 --_border:var(--kb-dark-border,#3a414e);--_surface:var(--kb-dark-surface,#21252e);--_active:var(--kb-dark-active,#253352);
 --_mark:var(--kb-dark-mark,#6b5800);--_mark-fg:var(--kb-dark-mark-fg,#fff6cc);--_pp:#7fd6a4;--_pp-bg:#183a2a;
 --_msg-bg:#1f3157;--_err:#ffb3b3;--_err-bg:#3d1d20;--_shadow:0 12px 32px rgba(0,0,0,.55)}
@media (prefers-color-scheme:dark){.kb:not([data-scheme=light]){--_accent:var(--kb-dark-accent,#8ab4ff);
 --_on-accent:var(--kb-dark-on-accent,#0b1424);--_bg:var(--kb-dark-bg,#171a21);--_fg:var(--kb-dark-fg,#e7eaf0);
 --_muted:var(--kb-dark-muted,#a5adbb);--_border:var(--kb-dark-border,#3a414e);--_surface:var(--kb-dark-surface,#21252e);
 --_active:var(--kb-dark-active,#253352);--_mark:var(--kb-dark-mark,#6b5800);--_mark-fg:var(--kb-dark-mark-fg,#fff6cc);
 --_pp:#7fd6a4;--_pp-bg:#183a2a;--_msg-bg:#1f3157;--_err:#ffb3b3;--_err-bg:#3d1d20;--_shadow:0 12px 32px rgba(0,0,0,.55)}}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.bar{display:flex;align-items:center;gap:8px;padding:0 6px 0 12px;height:46px;background:var(--_bg);color:var(--_fg);
 border:1px solid var(--_border);border-radius:var(--kb-radius,10px);transition:border-color .15s,box-shadow .15s}
.bar:focus-within{border-color:var(--_accent);box-shadow:0 0 0 3px color-mix(in srgb,var(--_accent) 30%,transparent)}
.icon{flex:none;width:18px;height:18px;color:var(--_muted)}
input{all:unset;flex:1;min-width:0;height:100%;font:inherit;color:var(--_fg);cursor:text}
input::placeholder{color:var(--_muted);opacity:1}
kbd{font:600 12px/1 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--_muted);border:1px solid var(--_border);
 border-bottom-width:2px;border-radius:5px;padding:3px 6px;background:var(--_surface)}
button{font:inherit;color:inherit;cursor:pointer}
.clear{all:unset;display:grid;place-items:center;width:32px;height:32px;border-radius:8px;color:var(--_muted);cursor:pointer;font-size:20px;line-height:1}
.clear:hover{background:var(--_surface);color:var(--_fg)}
:focus-visible{outline:2px solid var(--_accent);outline-offset:2px}
input:focus-visible{outline:none}
.clear:focus-visible{outline-offset:-2px}
.panel{position:absolute;left:0;right:0;top:calc(100% + 6px);z-index:var(--kb-z,2147483000);min-width:min(320px,calc(100vw - 16px));
 display:flex;flex-direction:column;max-height:min(var(--kb-max-height,620px),var(--_avail,72vh));background:var(--_bg);color:var(--_fg);
 border:1px solid var(--_border);border-radius:var(--kb-radius,10px);box-shadow:var(--_shadow);overflow:hidden}
.filters{padding:10px 12px 8px;border-bottom:1px solid var(--_border);display:grid;gap:6px}
.filters:empty{display:none}
.row{display:grid;grid-template-columns:76px minmax(0,1fr);align-items:start;gap:6px}
.row>span{font-size:11px;font-weight:650;letter-spacing:.04em;text-transform:uppercase;color:var(--_muted);padding-top:5px}
.chips{display:flex;flex-wrap:wrap;gap:6px;min-width:0}
.chip{display:inline-flex;align-items:center;gap:6px;max-width:260px;padding:3px 10px;border-radius:999px;font-size:13px;
 border:1px solid var(--_border);background:var(--_surface);color:var(--_fg)}
.chip b{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-weight:500}
.chip i{font-style:normal;font-size:12px;color:var(--_muted);font-variant-numeric:tabular-nums}
.chip:hover{border-color:var(--_accent)}
.chip[aria-pressed=true]{background:var(--_accent);border-color:var(--_accent);color:var(--_on-accent)}
.chip[aria-pressed=true] i{color:inherit}
.chip[aria-pressed=true]::before{content:"✓";font-size:12px}
.msg{margin:0;padding:14px 14px;color:var(--_muted)}
.pinned{margin:8px 12px 4px;padding:8px 12px;border:1px solid var(--_accent);border-left-width:4px;border-radius:8px;font-size:13px;line-height:1.45}
.pinned b{display:block;font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--_accent);margin-bottom:2px}
.pinned p{margin:0 0 4px}
.msg.err{color:var(--_err);background:var(--_err-bg);font-weight:500}
.msg button{all:unset;color:var(--_accent);text-decoration:underline;cursor:pointer}
.msg button:focus-visible{outline:2px solid var(--_accent);outline-offset:2px}
.msg .tries{margin:8px 0 0;padding:0 0 0 18px}
.msg .tries li{margin:2px 0}
.results{overflow:auto;overscroll-behavior:contain;display:grid;grid-template-columns:minmax(0,1fr);padding:4px 0}
.lb,.copies,.packs{display:contents}
.opt{grid-column:1;padding:10px 76px 10px 14px;cursor:pointer;border-left:3px solid transparent;min-width:0}
.opt+.opt,.opt:not(:first-child){border-top:1px solid color-mix(in srgb,var(--_border) 55%,transparent)}
.opt:hover{background:var(--_surface)}
.opt[aria-selected=true]{background:var(--_active);border-left-color:var(--_accent)}
.meta{display:flex;align-items:center;gap:8px;font-size:12px;color:var(--_muted);min-width:0}
.meta span:last-child{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.kind{flex:none;font-weight:650;font-size:11px;letter-spacing:.03em;text-transform:uppercase;padding:1px 7px;border-radius:4px;
 background:var(--_surface);color:var(--_fg)}
.kind.message{background:var(--_msg-bg);color:var(--_accent)}
.rv{flex:none;font-size:11px;font-weight:650;padding:0 6px;border-radius:999px;border:1px solid currentColor;color:var(--_muted)}
.rv.stale{color:var(--_err);background:var(--_err-bg);border-color:transparent}
.kind.proof-point{background:var(--_pp-bg);color:var(--_pp)}
.title{margin-top:3px;font-weight:650;font-size:15px;line-height:1.3}
.title .qnum{color:var(--_muted);font-weight:600;white-space:nowrap}
.sup{margin-top:3px;font-size:13px;color:var(--_muted)}
.sup b{color:var(--_fg);font-weight:600}
.snip{margin-top:4px;font-size:14px;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden;white-space:pre-line}
mark{background:var(--_mark);color:var(--_mark-fg);border-radius:2px;padding:0 1px}
.cite{margin-top:5px;font-size:12px;color:var(--_muted)}
.copy{grid-column:1;justify-self:end;align-self:start;margin:10px 12px 0 0;padding:4px 10px;font-size:12px;font-weight:600;
 border-radius:6px;border:1px solid var(--_border);background:var(--_bg);color:var(--_fg)}
.copy:hover{border-color:var(--_accent);color:var(--_accent)}
.copy.done{background:var(--_pp-bg);color:var(--_pp);border-color:var(--_pp)}
.pk{margin-top:40px}.pk[aria-pressed=true]{color:var(--_pp);border-color:var(--_pp)}
.results.pks .opt{padding-right:92px}
.foot{display:flex;align-items:center;justify-content:space-between;gap:12px;padding:8px 14px;border-top:1px solid var(--_border);
 font-size:12px;color:var(--_muted);background:var(--_surface)}
.foot a{color:var(--_accent);font-weight:600;text-decoration:none;font-size:13px}
.foot a:hover{text-decoration:underline}
.sr{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@container kb (max-width:540px){.row{grid-template-columns:minmax(0,1fr);gap:3px}.row>span{padding:0}
 .chips{flex-wrap:nowrap;overflow-x:auto;scrollbar-width:none;padding-bottom:2px}.chips::-webkit-scrollbar{display:none}
 .chip{flex:none;max-width:220px}.hint,kbd{display:none}.opt{padding-right:70px}}
@media (prefers-reduced-motion:reduce){.bar{transition:none}}
`;

  let instances = 0;
  // theme="dark|light" sets the appearance (as color-scheme does); its other values are
  // filters when the service has a facet of that name.
  const APPEARANCE = 'theme';
  const OWN_ATTRIBUTES = ['endpoint', 'placeholder', 'label', APPEARANCE, 'color-scheme', 'max-results'];

  class KbSearch extends HTMLElement {
    // The widget's own attributes. Every other attribute named like one of the service's
    // facets is an initial filter; those are watched with a MutationObserver because the
    // facet names are known only once /api/v1/facets has answered.
    static get observedAttributes() {
      return OWN_ATTRIBUTES;
    }

    constructor() {
      super();
      const id = `kb${++instances}`;
      this._q = '';
      this._sel = {}; // facet name -> Set of selected values
      this._schema = { facets: [], names: [], kinds: {} };
      this._hits = [];
      this._active = -1;
      this._timer = 0;
      this._ctl = null;
      this._seq = 0;
      this._data = null;
      this._filtersTouched = false;
      this._exact = false; // true: search what was typed (correct=false)

      const root = this.attachShadow({ mode: 'open' });
      const icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      icon.setAttribute('viewBox', '0 0 24 24');
      icon.setAttribute('class', 'icon');
      icon.setAttribute('aria-hidden', 'true');
      const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
      path.setAttribute('d', 'M10.5 3a7.5 7.5 0 0 1 5.96 12.05l4.24 4.25-1.4 1.4-4.25-4.24A7.5 7.5 0 1 1 10.5 3Zm0 2a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11Z');
      path.setAttribute('fill', 'currentColor');
      icon.append(path);

      this.$input = h('input', {
        type: 'text', id: `${id}-q`, role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
        'aria-controls': `${id}-list`, autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false',
        enterkeyhint: 'search',
        oninput: () => this._onInput(), onkeydown: (e) => this._onKey(e), onfocus: () => this._reopen(),
      });
      this.$clear = h('button', { type: 'button', class: 'clear', 'aria-label': 'Clear search', hidden: true,
        onclick: () => { this._clear(); this.$input.focus(); } }, '×');
      this.$kbd = h('kbd', { 'aria-hidden': 'true', title: 'Press / to search' }, '/');
      this.$filters = h('div', { class: 'filters', role: 'group', 'aria-label': 'Filters' });
      this.$msg = h('p', { class: 'msg', hidden: true });
      this.$pinned = h('div', { class: 'pinned-list' });
      this.$list = h('div', { class: 'lb', role: 'listbox', id: `${id}-list`, 'aria-label': 'Search results' });
      this.$copies = h('div', { class: 'copies' });
      this.$packs = h('div', { class: 'packs' });
      this.$results = h('div', { class: 'results' }, this.$list, this.$copies, this.$packs);
      this.$full = h('a', { class: 'full', href: '#' }, 'Open full search →');
      this.$count = h('span', { class: 'count' });
      this.$panel = h('div', { class: 'panel', hidden: true, part: 'panel',
        // Keep focus in the input when clicking inside the panel (not on buttons or links).
        onmousedown: (e) => { if (!e.target.closest('button,a')) e.preventDefault(); } },
      this.$filters, this.$msg, this.$pinned, this.$results,
      h('div', { class: 'foot' }, this.$full, h('span', null, this.$count,
        h('span', { class: 'hint', 'aria-hidden': 'true' }, '↑↓ move · Enter open · Esc close'))));
      this.$live = h('div', { class: 'sr', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
      this.$root = h('div', { class: 'kb', part: 'root' },
        h('div', { class: 'bar', part: 'bar' }, icon, this.$input, this.$kbd, this.$clear),
        this.$panel, this.$live);
      root.append(h('style', { text: CSS }), this.$root);
      this._onDocPointer = (e) => { if (!e.composedPath().includes(this)) this._close(); };
      // Close when the focus moves to something outside the widget (Tab away).
      root.addEventListener('focusout', (e) => {
        const to = e.relatedTarget;
        if (to && to !== this && !root.contains(to)) this._close();
      });
    }

    connectedCallback() {
      this._applyAttributes();
      document.addEventListener('pointerdown', this._onDocPointer, true);
      this._presetObserver = new MutationObserver((changes) => {
        if (changes.some((c) => !OWN_ATTRIBUTES.includes(c.attributeName))) this.attributeChangedCallback();
      });
      this._presetObserver.observe(this, { attributes: true });
      this._loadSchema();
    }

    disconnectedCallback() {
      document.removeEventListener('pointerdown', this._onDocPointer, true);
      if (this._presetObserver) this._presetObserver.disconnect();
      if (this._ctl) this._ctl.abort();
      clearTimeout(this._timer);
    }

    attributeChangedCallback() {
      if (!this.$input) return;
      this._applyAttributes();
      if (this._q) this._search();
    }

    focus(options) {
      this.$input.focus(options);
    }

    get endpoint() {
      return (this.getAttribute('endpoint') || DEFAULT_ENDPOINT).replace(/\/+$/, '');
    }

    get maxResults() {
      const n = parseInt(this.getAttribute('max-results'), 10);
      return Number.isFinite(n) ? Math.min(20, Math.max(1, n)) : 5;
    }

    _applyAttributes() {
      const list = (name) => (this.getAttribute(name) || '').split(',').map((s) => s.trim()).filter(Boolean);
      const isScheme = (t) => /^(dark|light)$/i.test(t);
      const scheme = (this.getAttribute('color-scheme') || list(APPEARANCE).find(isScheme) || '').toLowerCase();
      if (scheme === 'dark' || scheme === 'light') this.$root.dataset.scheme = scheme;
      else delete this.$root.dataset.scheme;
      this.$input.placeholder = this.getAttribute('placeholder') || 'Search messages and proof points';
      this.$input.setAttribute('aria-label', this.getAttribute('label') || this.getAttribute('placeholder') || 'Search the messaging framework');
      if (!this._filtersTouched) {
        this._sel = {};
        for (const name of this._schema.names) {
          // dark and light in the appearance attribute are not filter values.
          const values = list(name).filter((t) => name !== APPEARANCE || !isScheme(t));
          if (values.length) this._sel[name] = new Set(values);
        }
      }
    }

    // Fetches the facet names, labels and kinds (once per endpoint) and applies the facet
    // attributes as filters.
    async _loadSchema() {
      const endpoint = this.endpoint;
      const schema = await schemaOf(endpoint);
      if (endpoint !== this.endpoint) return;
      this._schema = schema;
      this._applyAttributes();
    }

    _params(forPage, partial) {
      const p = new URLSearchParams();
      if (this._q) p.set('q', this._q);
      for (const [facet, values] of Object.entries(this._sel)) for (const v of values) p.append(facet, v);
      if (!forPage) {
        p.set('per_page', String(this.maxResults));
        if (partial) p.set('partial', 'true');
        if (this._exact) p.set('correct', 'false');
      }
      return p;
    }

    _fullUrl() {
      return `${this.endpoint}/?${this._params(true).toString().replace(/%2F/gi, '/')}`;
    }

    _onInput() {
      this._q = this.$input.value.trim();
      this._exact = false; // a new query may be corrected again
      this.$clear.hidden = !this.$input.value;
      this.$kbd.hidden = !!this.$input.value;
      clearTimeout(this._timer);
      if (!this._q) {
        this._abort();
        this._hits = [];
        this._close();
        return;
      }
      this._timer = setTimeout(() => this._search(), 200);
    }

    _abort() {
      if (this._ctl) this._ctl.abort();
      this._ctl = null;
      this._seq++; // whatever is still in flight is stale now
    }

    async _search() {
      clearTimeout(this._timer);
      if (!this._q) return;
      this._abort();
      const ctl = (this._ctl = new AbortController());
      const seq = ++this._seq;
      let r;
      try {
        // The last word may still be being typed: the server searches it as a prefix, unless
        // it ends with a blank, and reads it as a whole word (which it may correct) when no
        // word starts with it. The search page sends the same while typing (app.js).
        const partial = !/\s$/.test(this.$input.value);
        // The facet attributes are filters only once the facet names are known.
        if (!this._schema.names.length) await this._loadSchema();
        const res = await fetch(`${this.endpoint}/api/v1/search?${this._params(false, partial)}`, {
          signal: ctl.signal, credentials: 'omit', mode: 'cors',
        });
        r = { res, data: await res.json().catch(() => null) };
      } catch (err) {
        if (err && err.name === 'AbortError') return;
        if (seq === this._seq) this._showError(NOT_ALLOWED);
        return;
      }
      if (seq !== this._seq) return;
      this._ctl = null;
      if (!r.res.ok || !r.data) {
        const m = r.data && r.data.error && r.data.error.message;
        this._showError(m ? `Search failed: ${m}` : `Search failed (HTTP ${r.res.status}).`);
        return;
      }
      this._render(r.data);
    }

    _showError(text) {
      this._hits = [];
      this._data = null;
      this.$filters.replaceChildren();
      this.$pinned.replaceChildren();
      this.$list.replaceChildren();
      this.$copies.replaceChildren();
      this.$packs.replaceChildren();
      this.$msg.className = 'msg err';
      this.$msg.setAttribute('role', 'alert');
      this.$msg.textContent = text;
      this.$msg.hidden = false;
      this.$full.hidden = true;
      this.$count.textContent = '';
      this._setActive(-1);
      this._open(false);
    }

    _render(data) {
      this._data = data;
      this._hits = Array.isArray(data.hits) ? data.hits : [];
      const focused = this.shadowRoot.activeElement;
      const refocus = focused && focused.dataset && focused.dataset.facet ? `${focused.dataset.facet}\n${focused.dataset.value}` : null;

      // Facet chips
      const rows = [];
      for (const [facet, label, max] of this._schema.facets) {
        const values = (data.facets && data.facets[facet]) || [];
        const selected = this._sel[facet] || new Set();
        const selIds = new Set((data.filters && data.filters[facet]) || []);
        const shown = values.filter((v, i) => i < max || selIds.has(v.value) || selected.has(v.value));
        if (!shown.length) continue;
        rows.push(h('div', { class: 'row', role: 'group', 'aria-label': label }, h('span', { 'aria-hidden': 'true' }, label),
          h('div', { class: 'chips' }, ...shown.map((v) => {
            const on = selIds.has(v.value) || selected.has(v.value);
            return h('button', {
              type: 'button', class: 'chip', 'aria-pressed': String(on), title: v.label,
              'data-facet': facet, 'data-value': v.value,
              onclick: () => this._toggle(facet, v.value),
            }, h('b', { text: v.label }), h('i', { text: data.facets_exact === false ? `~${v.count}` : String(v.count) }));
          }))));
      }
      this.$filters.replaceChildren(...rows);
      if (refocus) {
        const [f, v] = refocus.split('\n');
        const chip = [...this.$filters.querySelectorAll('.chip')].find((c) => c.dataset.facet === f && c.dataset.value === v);
        if (chip) chip.focus();
      }

      // Results
      const opts = [];
      const copies = [];
      const packs = [];
      const packOk = this._packOk();
      this._hits.forEach((hit, i) => {
        const optId = `${this.$list.id}-o${i}`;
        const snip = h('div', { class: 'snip' });
        if (hit.snippet) appendSnippet(snip, hit.snippet);
        else snip.textContent = hit.text || '';
        const isPP = !!(hit.message && hit.message.title);
        const opt = h('div', {
          class: 'opt', role: 'option', id: optId, 'aria-selected': 'false', 'data-id': hit.id,
          onclick: () => this._openHit(i), onmousemove: () => { if (this._active !== i) this._setActive(i, false); },
        },
        h('div', { class: 'meta' }, h('span', { class: `kind ${hit.kind}`, text: this._schema.kinds[hit.kind] || hit.kind }),
          // A fact that is not fresh says so (stale: past its review date), as on the page.
          REVIEW_TEXT[hit.review && hit.review.status]
            ? h('span', { class: `rv ${hit.review.status}`, 'data-review': hit.review.status, text: REVIEW_TEXT[hit.review.status] }) : null,
          h('span', { class: 'src', text: (hit.source && hit.source.title) || '' })),
        isPP ? h('div', { class: 'sup' }, 'Supports: ', h('b', { class: 'title-msg', text: hit.message.title }))
          : h('div', { class: 'title' },
            // "Question 3 · …" for an answer to a numbered question of its source.
            hit.question_number ? h('span', { class: 'qnum', text: `Question ${hit.question_number} · ` }) : null,
            hit.title || ''),
        snip,
        h('div', { class: 'cite', text: hit.cite || '' }));
        opt.style.gridRow = String(i + 1);
        const copy = h('button', {
          type: 'button', class: 'copy', 'aria-label': `Copy text and citation: ${isPP ? hit.message.title : hit.title}`,
          onclick: (e) => this._copy(hit, e.currentTarget),
        }, 'Copy');
        copy.style.gridRow = String(i + 1);
        opts.push(opt);
        copies.push(copy);
        if (packOk) {
          const b = h('button', { type: 'button', class: 'copy pk', 'data-id': hit.id });
          const draw = () => {
            const on = pack.has(hit.id);
            b.textContent = on ? 'In pack' : '+ Pack';
            b.setAttribute('aria-pressed', String(on));
            b.setAttribute('aria-label', `${on ? 'Remove from' : 'Add to'} the meeting pack: ${isPP ? hit.message.title : hit.title}`);
          };
          b.onclick = () => {
            if (!pack.toggle(hit)) return;
            draw();
            this._announce(pack.has(hit.id) ? 'Added to the pack' : 'Removed from the pack');
          };
          draw();
          b.style.gridRow = String(i + 1);
          packs.push(b);
        }
      });
      this.$list.replaceChildren(...opts);
      this.$copies.replaceChildren(...copies);
      this.$packs.replaceChildren(...packs);
      this.$results.classList.toggle('pks', packs.length > 0);
      this.$list.hidden = !opts.length;
      this._active = -1;
      this._setActive(-1);

      // Message line: did you mean / no results
      this.$msg.className = 'msg';
      this.$msg.removeAttribute('role');
      this.$msg.replaceChildren();
      const total = data.total || 0;
      if (data.auto_corrected && data.corrected_query) {
        this.$msg.append('Showing results for “', h('b', { text: data.corrected_query }), '”; search instead for ',
          h('button', { type: 'button', class: 'exact', onclick: () => { this._exact = true; this._search(); } }, this._q), '.');
      } else if (!total) {
        this.$msg.append('No results for “', this._q, '”.');
        if (data.corrected_query) {
          this.$msg.append(' Did you mean ', h('button', { type: 'button', onclick: () => this._setQuery(data.corrected_query) }, data.corrected_query), '?');
        }
        const tries = this._tries(data);
        if (tries.length) this.$msg.append(h('ul', { class: 'tries', 'aria-label': 'Try instead' }, ...tries));
      } else if (data.corrected_query) {
        this.$msg.append('Did you mean ', h('button', { type: 'button', onclick: () => this._setQuery(data.corrected_query) }, data.corrected_query), '?');
      }
      this.$msg.hidden = !this.$msg.childNodes.length;

      this._pinGuidance(data);
      this.$full.hidden = false;
      this.$full.href = this._fullUrl();
      // Above 1,000 matches the total is an estimate (total_exact false).
      const about = data.total_exact === false ? 'about ' : '';
      this.$count.textContent = total > this._hits.length ? `${this._hits.length} of ${about}${total} · ` : '';
      this._announce(total ? (about ? 'About ' : '') + plural(total, 'result', 'results') : 'No results');
      this._open(true);
    }

    // What the service found would match when nothing does (data.suggestions): a filter or
    // a word less, each a button that runs that search, with its count (as on the page).
    _tries(data) {
      const facetLabels = new Map((this._schema.facets || []).map(([name, label]) => [name, label]));
      return (Array.isArray(data.suggestions) ? data.suggestions : []).map((t) => {
        let what;
        let run;
        if (t.action === 'drop_filter') {
          // The service drops the whole facet (every value of it), so does the button.
          const labels = new Map(((data.facets && data.facets[t.facet]) || []).map((v) => [v.value, v.label]));
          const values = ((data.filters && data.filters[t.facet]) || String(t.value || '').split(','))
            .map((v) => labels.get(v) || v).join(', ');
          what = `Without the filter ${facetLabels.get(t.facet) || t.facet}: ${values}`;
          run = () => {
            this._filtersTouched = true;
            const resolved = (this._data && this._data.filters) || {};
            for (const [name, ids] of Object.entries(resolved)) if (ids.length) this._sel[name] = new Set(ids);
            delete this._sel[t.facet];
            this._search();
            this.$input.focus();
          };
        } else {
          what = `Without “${t.value}”: ${t.query}`;
          run = () => this._setQuery(t.query);
        }
        return h('li', null, h('button', { type: 'button', class: 'try', 'data-action': t.action, onclick: run }, what),
          ` (${plural(t.total || 0, 'result', 'results')})`);
      });
    }

    // The guidance of each audience the results are filtered by, above them.
    async _pinGuidance(data) {
      const audiences = (data.filters && data.filters.audience) || [];
      if (!audiences.length) {
        this.$pinned.replaceChildren();
        return;
      }
      const endpoint = this.endpoint;
      const all = await guidanceOf(endpoint);
      if (this._data !== data || endpoint !== this.endpoint) return; // a newer answer is shown
      const labels = new Map(((data.facets && data.facets.audience) || []).map((v) => [v.value, v.label]));
      const boxes = [];
      for (const a of audiences) {
        const units = guidanceFor(all, a);
        if (!units.length) continue;
        boxes.push(h('div', { class: 'pinned', role: 'note', 'data-audience': a },
          h('b', { text: `Guidance for ${labels.get(a) || a}` }),
          ...units.map((g) => h('p', { text: g.text, title: g.cite }))));
      }
      this.$pinned.replaceChildren(...boxes);
    }

    _announce(text) {
      this.$live.textContent = '';
      // A fresh text node after a tick so that repeated counts are announced again.
      setTimeout(() => { this.$live.textContent = text; }, 30);
    }

    _toggle(facet, value) {
      this._filtersTouched = true;
      // The server resolved labels and aliases to ids (filters); keep the ids from now on.
      const resolved = (this._data && this._data.filters) || {};
      for (const [name, ids] of Object.entries(resolved)) if (ids.length) this._sel[name] = new Set(ids);
      const set = this._sel[facet] || (this._sel[facet] = new Set());
      if (set.has(value)) set.delete(value);
      else set.add(value);
      if (this._q) this._search();
    }

    _setQuery(q) {
      this.$input.value = q;
      this._onInput();
      this._search();
      this.$input.focus();
    }

    _open(withResults) {
      this.$panel.hidden = false;
      // Fit the panel between the input and the bottom of the window (at least 260 px).
      const top = this.$panel.getBoundingClientRect().top;
      this.$panel.style.setProperty('--_avail', `${Math.max(260, Math.floor(window.innerHeight - top - 12))}px`);
      this.$input.setAttribute('aria-expanded', String(withResults && this._hits.length > 0));
    }

    _close() {
      this.$panel.hidden = true;
      this.$input.setAttribute('aria-expanded', 'false');
      this._setActive(-1);
    }

    _reopen() {
      if (this._q && this.$panel.hidden && (this._data || this.$msg.textContent)) this._open(!!this._data);
    }

    _clear() {
      this.$input.value = '';
      this._onInput();
    }

    _setActive(i, scroll = true) {
      const opts = this.$list.children;
      if (this._active >= 0 && opts[this._active]) opts[this._active].setAttribute('aria-selected', 'false');
      this._active = i;
      if (i >= 0 && opts[i]) {
        opts[i].setAttribute('aria-selected', 'true');
        this.$input.setAttribute('aria-activedescendant', opts[i].id);
        if (scroll) opts[i].scrollIntoView({ block: 'nearest' });
      } else {
        this.$input.removeAttribute('aria-activedescendant');
      }
    }

    _onKey(e) {
      const n = this._hits.length;
      const open = !this.$panel.hidden;
      switch (e.key) {
        case 'ArrowDown':
        case 'ArrowUp': {
          if (!n) return;
          e.preventDefault();
          if (!open) this._open(true);
          const down = e.key === 'ArrowDown';
          const next = this._active < 0 ? (down ? 0 : n - 1) : (this._active + (down ? 1 : n - 1)) % n;
          this._setActive(next);
          break;
        }
        case 'Enter':
          if (e.isComposing) return;
          e.preventDefault();
          if (open && this._active >= 0) this._openHit(this._active);
          else if (this._q) this._search();
          break;
        case 'Escape':
          e.preventDefault();
          // Nothing pending may reopen the panel after Esc.
          clearTimeout(this._timer);
          this._abort();
          if (open) this._close();
          else this._clear();
          break;
        case 'c':
        case 'C':
          // Ctrl/Cmd+C with nothing selected in the input copies the active result.
          if ((e.ctrlKey || e.metaKey) && open && this._active >= 0 &&
              this.$input.selectionStart === this.$input.selectionEnd) {
            e.preventDefault();
            this._copy(this._hits[this._active], this.$copies.children[this._active]);
          }
          break;
        default:
      }
    }

    _openHit(i) {
      const hit = this._hits[i];
      if (!hit) return;
      // The unit's page with the query: it stays in the page's box, its words marked.
      const q = this._q;
      const url = `${this.endpoint}/?unit=${unitPath(hit.id)}${q ? `&q=${encodeURIComponent(q)}` : ''}`;
      const ev = new CustomEvent('kb-select', { detail: { id: hit.id, url, hit }, bubbles: true, composed: true, cancelable: true });
      if (this.dispatchEvent(ev)) location.assign(url);
    }

    // "+ Pack" only where the pack is the search page's: the widget served by the page's own
    // origin, with localStorage available.
    _packOk() {
      try {
        if (new URL(this.endpoint, location.href).origin !== location.origin) return false;
        pack.read();
        return true;
      } catch { return false; }
    }

    async _copy(hit, btn) {
      const text = `${hit.text}\n— ${hit.cite}${hit.source && hit.source.url ? ` <${hit.source.url}>` : ''}`;
      let ok = false;
      try {
        await navigator.clipboard.writeText(text);
        ok = true;
      } catch {
        const ta = h('textarea', { class: 'sr', 'aria-hidden': 'true', tabindex: '-1' });
        ta.value = text;
        this.$root.append(ta);
        ta.select();
        try { ok = document.execCommand('copy'); } catch { ok = false; }
        ta.remove();
        this.$input.focus();
      }
      if (btn) {
        btn.textContent = ok ? 'Copied' : 'Copy failed';
        btn.classList.toggle('done', ok);
        clearTimeout(btn._t);
        btn._t = setTimeout(() => { btn.textContent = 'Copy'; btn.classList.remove('done'); }, 1600);
      }
      this._announce(ok ? 'Copied text and citation' : 'Copy failed');
    }
  }

  customElements.define('kb-search', KbSearch);

  // "/" or Ctrl/Cmd+K focuses the first widget, unless the focus is in another text field.
  document.addEventListener('keydown', (e) => {
    const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey;
    const modK = (e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'k' || e.key === 'K');
    if (!slash && !modK) return;
    if (isTextField(e.composedPath()[0])) return;
    const widget = document.querySelector('kb-search');
    if (!widget) return;
    e.preventDefault();
    widget.focus();
  });
})();
