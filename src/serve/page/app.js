'use strict';
/* ergraph serve's page: the filters as the query of the address, the
 * diagram from /api/view, cards from /api/entity. Every text from the
 * graph goes into the page as text (textContent), never as markup; the
 * diagram is Graphviz's SVG made by the library, parsed as SVG. */
(function () {
  const form = document.getElementById('filters');
  const diagram = document.getElementById('diagram');
  const statusLine = document.getElementById('status');
  const card = document.getElementById('card');
  const commandLine = document.getElementById('command');
  const downloads = document.getElementById('downloads');
  const picked = [];

  function el(tag, text) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /* A checkbox of a list (entity types, relation types, certainties):
   * its value is an item, the query holds the checked ones joined by
   * commas, as the command line takes them. */
  function isChoice(f) { return f.type === 'checkbox' && f.value !== '1'; }

  /* The query of the form: its non-empty fields, in form order. */
  function formQuery() {
    const q = new URLSearchParams();
    const lists = {};
    for (const f of form.elements) {
      if (!f.name || f.disabled) continue;
      if (isChoice(f)) {
        if (!(f.name in lists)) lists[f.name] = [];
        if (f.checked) lists[f.name].push(f.value);
        continue;
      }
      if (f.type === 'checkbox') { if (f.checked) q.append(f.name, '1'); continue; }
      const v = f.value.trim();
      if (v !== '') q.append(f.name, v);
    }
    for (const k of Object.keys(lists)) if (lists[k].length) q.append(k, lists[k].join(','));
    if (q.getAll('between').length === 1) q.delete('between');
    if (q.getAll('connect').length === 1) q.delete('connect');
    return q;
  }

  function fillForm(q) {
    const seen = {};
    for (const f of form.elements) {
      if (!f.name) continue;
      const all = q.getAll(f.name);
      if (isChoice(f)) {
        f.checked = all.join(',').split(',').some((v) => v.toLowerCase() === f.value.toLowerCase());
        continue;
      }
      const i = seen[f.name] = (seen[f.name] === undefined ? 0 : seen[f.name] + 1);
      if (f.type === 'checkbox') f.checked = all.length > 0 && all[0] !== '0';
      else f.value = all[i] !== undefined ? all[i] : '';
    }
    dateWindow.fromFields();
    const picked = q.getAll('relation').join(',').split(',').filter(Boolean).length;
    document.getElementById('relations-picked').textContent = picked ? '(' + picked + ' picked)' : '';
  }

  /* The date window: two sliders over the months from the first dated
   * tie to the last, above a histogram of the dated ties per month (those
   * dated to a year only spread over its months, lighter). Moving one
   * writes since= or until= (a month; at either end, nothing). */
  const dateWindow = {
    first: 0, last: -1, bars: [],
    month(i) { return String(Math.floor(i / 12)).padStart(4, '0') + '-' + String(i % 12 + 1).padStart(2, '0'); },
    index(date, end) {
      const m = /^(\d{4})(?:-(\d{2}))?/.exec(date || '');
      if (!m) return null;
      return Number(m[1]) * 12 + (m[2] ? Number(m[2]) - 1 : (end ? 11 : 0));
    },
    setup(dates) {
      const from = document.getElementById('date-from'), to = document.getElementById('date-to');
      const hist = document.getElementById('histogram');
      if (!dates || !dates.first) {
        document.getElementById('window').hidden = true;
        document.getElementById('date-span').textContent = 'No tie has a date.';
        return;
      }
      this.first = this.index(dates.first, false);
      this.last = this.index(dates.last, true);
      const n = this.last - this.first + 1;
      const counts = new Array(n).fill(0), spread = new Array(n).fill(0);
      for (const [k, c] of Object.entries(dates.ties)) {
        if (k.length === 7) counts[this.index(k) - this.first] += c;
        else for (let i = 0; i < 12; i++) {
          const at = this.index(k) + i - this.first;
          if (at >= 0 && at < n) spread[at] += c / 12;
        }
      }
      const top = Math.max(1, ...counts.map((c, i) => c + spread[i]));
      for (let i = 0; i < n; i++) {
        const bar = el('div');
        bar.className = 'bar';
        bar.style.height = (100 * (counts[i] + spread[i]) / top) + '%';
        if (spread[i] > counts[i]) bar.classList.add('year');
        bar.title = this.month(this.first + i) + ': ' + counts[i] + ' dated ties' +
          (spread[i] ? ' (and ties dated to the year only)' : '');
        hist.appendChild(bar);
        this.bars.push(bar);
      }
      for (const r of [from, to]) { r.min = 0; r.max = n - 1; r.step = 1; }
      from.value = 0;
      to.value = n - 1;
      const self = this;
      function moved(ev) {
        if (Number(from.value) > Number(to.value)) {
          if (ev.target === from) to.value = from.value; else from.value = to.value;
        }
        document.getElementById('since').value = Number(from.value) > 0 ? self.month(self.first + Number(from.value)) : '';
        document.getElementById('until').value = Number(to.value) < n - 1 ? self.month(self.first + Number(to.value)) : '';
        self.show();
      }
      for (const r of [from, to]) {
        r.addEventListener('input', moved);
        r.addEventListener('change', function () { go(formQuery(), true); });
      }
      document.getElementById('date-span').dataset.total = dates.dated;
      this.show();
    },
    /* The sliders where since= and until= say. */
    fromFields() {
      if (this.last < this.first) return;
      const n = this.last - this.first + 1;
      const s = this.index(document.getElementById('since').value, false);
      const u = this.index(document.getElementById('until').value, true);
      document.getElementById('date-from').value = s === null ? 0 : Math.min(n - 1, Math.max(0, s - this.first));
      document.getElementById('date-to').value = u === null ? n - 1 : Math.min(n - 1, Math.max(0, u - this.first));
      this.show();
    },
    show() {
      if (this.last < this.first) return;
      const a = Number(document.getElementById('date-from').value), b = Number(document.getElementById('date-to').value);
      this.bars.forEach((bar, i) => bar.classList.toggle('out', i < a || i > b));
      document.getElementById('date-span').textContent = 'Window: ' + this.month(this.first + a) + ' to ' +
        this.month(this.first + b) + ' (dated ties: ' + this.month(this.first) + ' to ' + this.month(this.last) + ')';
    },
  };

  /* Checkboxes named `name`, one per item with its count. */
  function choices(box, name, counts) {
    for (const [item, count] of Object.entries(counts)) {
      const label = el('label');
      const box1 = el('input');
      box1.type = 'checkbox';
      box1.name = name;
      box1.value = item;
      box1.id = name + '-' + item;
      label.appendChild(box1);
      label.appendChild(document.createTextNode(' ' + item + ' '));
      label.appendChild(el('span', '(' + count + ')')).className = 'count';
      box.appendChild(label);
    }
  }

  function shellWord(s) {
    return /^[A-Za-z0-9_.,:\/=-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'";
  }

  function showCommand(q) {
    const words = ['ergraph', 'render'];
    const between = q.getAll('between'), connect = q.getAll('connect');
    for (const [k, v] of q) {
      if (k === 'between' || k === 'connect') continue;
      words.push('--' + k);
      if (v !== '1' || !['all-paths', 'drop-isolated', 'keep-isolated', 'dated-only'].includes(k)) words.push(shellWord(v));
    }
    if (between.length === 2) words.push('--between', shellWord(between[0]), shellWord(between[1]));
    if (connect.length >= 2) words.push('--connect', ...connect.map(shellWord));
    words.push('-o', 'view.svg', 'FILE...');
    commandLine.textContent = words.join(' ');
  }

  function showDownloads(q) {
    downloads.textContent = 'Download: ';
    for (const f of ['svg', 'png', 'pdf', 'dot', 'graphml', 'gexf', 'cytoscape', 'json']) {
      const d = new URLSearchParams(q);
      d.set('format', f);
      d.set('download', '1');
      const a = el('a', f.toUpperCase());
      a.href = '/api/view?' + d.toString();
      a.id = 'download-' + f;
      a.setAttribute('download', 'ergraph.' + f);
      downloads.appendChild(a);
    }
  }

  function setStatus(text, error) {
    statusLine.textContent = text;
    statusLine.className = error ? 'error' : '';
  }

  async function errorText(r) {
    try { return (await r.json()).error; } catch (e) { return r.status + ' ' + r.statusText; }
  }

  /* The entity id of a node of the library's SVG: its element id is "e-"
   * and the id, each byte outside [A-Za-z0-9-] written _XX ("of-" and the
   * id for the "of" line from an entity to its country). */
  function nodeId(g) {
    const hex = g.id.slice(g.id.startsWith('of-') ? 3 : 2);
    const bytes = [];
    for (let i = 0; i < hex.length; i++) {
      if (hex[i] === '_' && /^[0-9A-Fa-f]{2}$/.test(hex.substr(i + 1, 2))) {
        bytes.push(parseInt(hex.substr(i + 1, 2), 16));
        i += 2;
      } else {
        bytes.push(hex.charCodeAt(i));
      }
    }
    return new TextDecoder().decode(new Uint8Array(bytes));
  }

  /* Pan (drag) and zoom (wheel) by the SVG's viewBox. */
  function panZoom(svg) {
    const vb = svg.viewBox.baseVal;
    if (!vb || !vb.width) return;
    svg.setAttribute('width', '100%');
    svg.setAttribute('height', '100%');
    let drag = null;
    svg.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      const f = ev.deltaY > 0 ? 1.2 : 1 / 1.2;
      const r = svg.getBoundingClientRect();
      const px = vb.x + (ev.clientX - r.left) / r.width * vb.width;
      const py = vb.y + (ev.clientY - r.top) / r.height * vb.height;
      vb.x = px - (px - vb.x) * f;
      vb.y = py - (py - vb.y) * f;
      vb.width *= f;
      vb.height *= f;
    }, {passive: false});
    svg.addEventListener('pointerdown', function (ev) {
      if (ev.target.closest('g.node, g.edge')) return;
      drag = {x: ev.clientX, y: ev.clientY, vx: vb.x, vy: vb.y};
    });
    svg.addEventListener('pointermove', function (ev) {
      if (!drag) return;
      const r = svg.getBoundingClientRect();
      const k = Math.max(vb.width / r.width, vb.height / r.height);
      vb.x = drag.vx - (ev.clientX - drag.x) * k;
      vb.y = drag.vy - (ev.clientY - drag.y) * k;
    });
    window.addEventListener('pointerup', function () { drag = null; });
  }

  /* A tie's card: what its tooltip says (type, quotes, sources). */
  function showTie(g) {
    const a = g.querySelector('a');
    const text = a ? (a.getAttribute('xlink:title') || a.getAttributeNS('http://www.w3.org/1999/xlink', 'title')) : null;
    card.hidden = false;
    card.textContent = '';
    const lines = (text || '').split('\n');
    card.appendChild(el('h2', lines[0] || 'tie'));
    card.className = 'tie-card';
    for (const line of lines.slice(1)) card.appendChild(el('blockquote', line));
  }

  let loading = 0;
  async function load(q) {
    const mine = ++loading;
    showCommand(q);
    showDownloads(q);
    setStatus('Laying out…');
    diagram.setAttribute('aria-busy', 'true');
    const v = new URLSearchParams(q);
    v.set('format', 'svg');
    const r = await fetch('/api/view?' + v.toString());
    if (mine !== loading) return;
    diagram.removeAttribute('aria-busy');
    if (!r.ok) {
      diagram.textContent = '';
      setStatus(await errorText(r), true);
      diagram.dataset.state = 'error';
      return;
    }
    const doc = new DOMParser().parseFromString(await r.text(), 'image/svg+xml');
    const svg = doc.documentElement;
    for (const s of svg.querySelectorAll('script, foreignObject')) s.remove();
    diagram.textContent = '';
    const shown = document.importNode(svg, true);
    diagram.appendChild(shown);
    panZoom(shown);
    const n = diagram.querySelectorAll('g.node[id^="e-"]').length;
    setStatus(n + ' entities shown. Click one for its card, double-click to expand, ' +
              'shift-click two for the paths between them.');
    diagram.dataset.state = 'ready';
    diagram.dataset.query = q.toString();
  }

  /* Every view's address has a '?', even the whole graph's ("/?"): "/"
   * alone is the view that the command line's filters opened on. */
  function go(q, push) {
    if (push) history.pushState(null, '', '?' + q.toString());
    fillForm(q);
    load(q);
  }

  async function showCard(name) {
    const r = await fetch('/api/entity?' + new URLSearchParams({name: name}).toString());
    card.hidden = false;
    card.textContent = '';
    card.className = 'entity-card';
    card.dataset.entity = name;
    if (!r.ok) { card.appendChild(el('p', await errorText(r))); return; }
    const e = await r.json();
    card.appendChild(el('h2', e.name !== undefined ? e.name : name));
    const dl = el('dl');
    for (const k of ['id', 'type', 'country']) {
      if (e[k] === undefined || e[k] === null) continue;
      dl.appendChild(el('dt', k));
      dl.appendChild(el('dd', typeof e[k] === 'object' ? JSON.stringify(e[k]) : String(e[k])));
    }
    if (e.aliases && e.aliases.length) {
      dl.appendChild(el('dt', 'aliases'));
      dl.appendChild(el('dd', e.aliases.join(', ')));
    }
    card.appendChild(dl);
    const ties = e.ties || e.relationships || [];
    card.appendChild(el('h3', ties.length + ' ties'));
    for (const t of ties) {
      const p = el('div');
      p.className = 'tie';
      p.appendChild(el('p', [t.from, t.label || t.type, t.to].filter(Boolean).join(' — ')));
      for (const ev of (t.evidence || [])) {
        if (ev.quote) p.appendChild(el('blockquote', ev.quote));
        if (ev.source) p.appendChild(el('p', 'source: ' + ev.source));
      }
      card.appendChild(p);
    }
    const raw = el('details');
    raw.appendChild(el('summary', 'JSON'));
    raw.appendChild(el('pre', JSON.stringify(e, null, 1)));
    card.appendChild(raw);
  }

  /* The drawing's entities: nodes "e-..." (the legend's samples aside). */
  function entityNode(target) {
    const g = target.closest('g.node');
    return g && g.id.startsWith('e-') ? g : null;
  }

  diagram.addEventListener('click', function (ev) {
    const line = ev.target.closest('g.edge, g.node.tielabel');
    if (line) {
      ev.preventDefault();
      /* An "of" line (an entity to its country, a drawing aid): the
       * entity's card. A tie, either half of it or its label node (as
       * drawn under --cluster): the tie's card. */
      if (line.classList.contains('of')) showCard(nodeId(line));
      else if (line.classList.contains('tie') || line.classList.contains('tielabel')) showTie(line);
      return;
    }
    const g = entityNode(ev.target);
    if (!g) return;
    ev.preventDefault();
    const id = nodeId(g);
    if (ev.shiftKey) {
      g.classList.add('picked');
      picked.push(id);
      if (picked.length === 2) {
        const q = new URLSearchParams();
        q.append('between', picked[0]);
        q.append('between', picked[1]);
        picked.length = 0;
        go(q, true);
      }
      return;
    }
    showCard(id);
  });

  diagram.addEventListener('dblclick', function (ev) {
    const g = entityNode(ev.target);
    if (!g) return;
    const q = formQuery();
    const id = nodeId(g);
    if (!q.getAll('around').includes(id)) q.append('around', id);
    go(q, true);
  });

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    go(formQuery(), true);
  });
  document.getElementById('reset').addEventListener('click', function () {
    go(new URLSearchParams(), true);
  });

  let searching = 0;
  form.addEventListener('input', async function (ev) {
    const f = ev.target;
    if (f.getAttribute('list') !== 'names' || f.value.trim().length < 1) return;
    const mine = ++searching;
    const r = await fetch('/api/search?' + new URLSearchParams({q: f.value.trim()}).toString());
    if (!r.ok || mine !== searching) return;
    const list = document.getElementById('names');
    list.textContent = '';
    for (const m of await r.json()) {
      const o = el('option');
      o.value = m.name;
      o.label = m.match !== m.name ? m.match + ' (' + m.type + ')' : m.type;
      list.appendChild(o);
    }
  });

  let opening = '';
  function fromAddress() {
    return location.href.includes('?') ? new URLSearchParams(location.search) : new URLSearchParams(opening);
  }
  window.addEventListener('popstate', function () {
    go(fromAddress(), false);
  });

  (async function start() {
    try {
      const r = await fetch('/api/summary');
      const summary = await r.json();
      opening = summary.query || '';
      choices(document.getElementById('types'), 'type', summary.entity_types);
      choices(document.getElementById('relations'), 'relation', summary.relation_types);
      choices(document.getElementById('certainties'), 'certainty', summary.certainties);
      dateWindow.setup(summary.dates);
    } catch (e) {
      setStatus('Could not read the summary of the graph: ' + e, true);
    }
    const q = fromAddress();
    if (!location.href.includes('?') && opening) history.replaceState(null, '', '?' + q.toString());
    go(q, false);
  })();
})();
