// ergraph's interactive page: pan and zoom, search, a card for what is
// clicked, toggles per entity type. Everything shown from the data goes
// through textContent, never innerHTML: the input's text stays text.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("erg-data").textContent);
  var view = document.getElementById("view");
  var panel = document.getElementById("panel");
  var search = document.getElementById("search");
  var results = document.getElementById("results");
  document.getElementById("title").textContent = data.title || "";

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  // Only http and https links, whatever the data says.
  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  // ---- The diagram: parsed as XML, scrubbed of anything active. ----
  var doc = new DOMParser().parseFromString(data.svg, "image/svg+xml");
  var svg = doc.documentElement;
  if (svg.nodeName !== "svg" || doc.getElementsByTagName("parsererror").length) {
    view.appendChild(el("p", "The diagram could not be read.", "hint"));
    return;
  }
  Array.prototype.slice.call(svg.querySelectorAll("script, foreignObject")).forEach(function (n) {
    n.parentNode.removeChild(n);
  });
  Array.prototype.slice.call(svg.querySelectorAll("*")).forEach(function (n) {
    Array.prototype.slice.call(n.attributes).forEach(function (a) {
      if (/^on/i.test(a.name)) n.removeAttribute(a.name);
    });
  });
  svg = document.importNode(svg, true);
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  view.appendChild(svg);

  var nodes = {}, edges = {};
  Array.prototype.forEach.call(svg.querySelectorAll("g.node"), function (g) {
    if (data.entities[g.id]) nodes[g.id] = g;
  });
  Array.prototype.forEach.call(svg.querySelectorAll("g.edge"), function (g) {
    if (data.ties[g.id]) edges[g.id] = g;
  });
  // Under --cluster a tie is drawn in three parts: its first half "r-ID",
  // its label node "r-ID-label" and its second half "h-ID". parts[tie]
  // holds every element drawn for it.
  var parts = {};
  Object.keys(edges).forEach(function (id) { parts[id] = [edges[id]]; });
  Array.prototype.forEach.call(svg.querySelectorAll("g.node, g.edge"), function (g) {
    var t = tieOf(g.id);
    if (t && parts[t]) parts[t].push(g);
  });
  // The "of" lines (an entity to its country), by the nodes they join: a
  // Graphviz <title> is "tail->head", and a node's <title> its name.
  var byName = {};
  Object.keys(nodes).forEach(function (id) {
    var t = nodes[id].querySelector("title");
    if (t) byName[t.textContent] = id;
  });
  var ofLines = [];
  Array.prototype.forEach.call(svg.querySelectorAll("g.edge.of"), function (g) {
    var t = g.querySelector("title");
    var ends = t ? t.textContent.split("->").map(function (n) { return byName[n]; }) : [];
    ofLines.push({ g: g, ends: ends.filter(Boolean) });
  });
  // The entities inside each cluster's box (a cluster's <g> holds only its
  // box and title): a box whose entities are all hidden hides too.
  var clusters = [];
  Array.prototype.forEach.call(svg.querySelectorAll("g.cluster"), function (g) {
    var box = g.querySelector("polygon, path");
    if (!box || g.classList.contains("legend")) return;
    var r = box.getBBox(), inside = [];
    Object.keys(nodes).forEach(function (id) {
      var n = nodes[id].getBBox(), x = n.x + n.width / 2, y = n.y + n.height / 2;
      if (x > r.x && x < r.x + r.width && y > r.y && y < r.y + r.height) inside.push(id);
    });
    if (inside.length) clusters.push({ g: g, inside: inside });
  });
  // Which ties touch each entity.
  var tiesOf = {};
  Object.keys(data.ties).forEach(function (id) {
    var t = data.ties[id];
    (tiesOf[t.from] = tiesOf[t.from] || []).push(id);
    if (t.to !== t.from) (tiesOf[t.to] = tiesOf[t.to] || []).push(id);
  });

  // ---- Pan and zoom, by the viewBox. ----
  var vb = svg.getAttribute("viewBox").split(/[\s,]+/).map(Number);
  var home = vb.slice();
  function apply() { svg.setAttribute("viewBox", vb.join(" ")); }
  function zoom(factor, cx, cy) {
    var r = svg.getBoundingClientRect();
    var fx = r.width ? (cx - r.left) / r.width : 0.5, fy = r.height ? (cy - r.top) / r.height : 0.5;
    var w = vb[2] * factor, h = vb[3] * factor;
    if (w < home[2] / 50 || w > home[2] * 20) return;
    vb = [vb[0] + (vb[2] - w) * fx, vb[1] + (vb[3] - h) * fy, w, h];
    apply();
  }
  function centre() {
    var r = svg.getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2];
  }
  view.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    zoom(ev.deltaY > 0 ? 1.15 : 1 / 1.15, ev.clientX, ev.clientY);
  }, { passive: false });
  var drag = null;
  view.addEventListener("pointerdown", function (ev) {
    if (ev.button !== 0) return;
    drag = { x: ev.clientX, y: ev.clientY, vb: vb.slice(), moved: false };
  });
  window.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    var r = svg.getBoundingClientRect();
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; view.classList.add("dragging"); }
    if (!drag.moved) return;
    // The SVG keeps its aspect ratio: one scale for both axes.
    var s = Math.max(vb[2] / r.width, vb[3] / r.height);
    vb[0] = drag.vb[0] - dx * s;
    vb[1] = drag.vb[1] - dy * s;
    apply();
  });
  window.addEventListener("pointerup", function () {
    if (drag && drag.moved) view.dataset.dragged = "1";
    drag = null;
    view.classList.remove("dragging");
  });
  document.getElementById("zoom-in").onclick = function () { var c = centre(); zoom(1 / 1.3, c[0], c[1]); };
  document.getElementById("zoom-out").onclick = function () { var c = centre(); zoom(1.3, c[0], c[1]); };
  document.getElementById("zoom-fit").onclick = function () { vb = home.slice(); apply(); };

  // ---- Highlighting. ----
  function clearMarks() {
    svg.classList.remove("erg-dim");
    Array.prototype.forEach.call(svg.querySelectorAll(".erg-hit, .erg-selected"), function (g) {
      g.classList.remove("erg-hit");
      g.classList.remove("erg-selected");
    });
  }
  function highlight(ids) {
    clearMarks();
    if (!ids.length) return;
    svg.classList.add("erg-dim");
    ids.forEach(function (id) {
      if (nodes[id]) nodes[id].classList.add("erg-hit");
      (tiesOf[id] || []).forEach(function (t) {
        (parts[t] || []).forEach(function (g) { g.classList.add("erg-hit"); });
        var tie = data.ties[t];
        [tie.from, tie.to].forEach(function (n) { if (nodes[n]) nodes[n].classList.add("erg-hit"); });
      });
    });
  }

  // ---- Cards. ----
  // A partial ISO date as the drawing writes it: "12 Aug 2003", "Aug 2003", "2003".
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function dateWords(d) {
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(d || "");
    if (!m || (m[2] && !MONTHS[+m[2] - 1])) return d;
    return (m[3] ? +m[3] + " " : "") + (m[2] ? MONTHS[+m[2] - 1] + " " : "") + m[1];
  }
  function sourceLine(n) {
    var s = data.sources[String(n)];
    var p = el("p", null, "source");
    if (!s) { p.textContent = "[" + n + "]"; return p; }
    var parts = [s.publisher, dateWords(s.date)].filter(Boolean);
    // One source cited: the drawing numbers nothing, nor does the card.
    if (Object.keys(data.sources).length > 1) p.appendChild(document.createTextNode("[" + n + "] "));
    var url = safeUrl(s.url);
    var title = s.title || s.id;
    if (url) {
      var a = el("a", title);
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      p.appendChild(a);
    } else {
      p.appendChild(el("cite", title));
    }
    if (parts.length) p.appendChild(document.createTextNode(", " + parts.join(", ")));
    return p;
  }
  function linkButton(text, fn) {
    var b = el("button", text, "link");
    b.type = "button";
    b.onclick = fn;
    return b;
  }
  function showEntity(id) {
    var e = data.entities[id];
    if (!e) return;
    panel.textContent = "";
    panel.appendChild(el("h2", e.name));
    panel.appendChild(el("p", e.type, "kind"));
    var dl = el("dl");
    function row(k, v) { dl.appendChild(el("dt", k)); dl.appendChild(el("dd", v)); }
    if (e.aliases.length) row("Aliases", e.aliases.join(", "));
    if (e.country) row("Country", e.country);
    e.attrs.forEach(function (a) { row(a[0], a[1]); });
    panel.appendChild(dl);
    var ties = tiesOf[id] || [];
    panel.appendChild(el("h3", ties.length + (ties.length === 1 ? " tie" : " ties")));
    var ul = el("ul");
    ties.forEach(function (t) {
      var tie = data.ties[t];
      var other = tie.from === id ? tie.to : tie.from;
      var arrow = !tie.directed ? " \u2014 " : tie.from === id ? " \u2192 " : " \u2190 ";
      var li = el("li");
      li.appendChild(linkButton(tie.label + arrow + (data.entities[other] || {}).name, function () {
        select(t);
      }));
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }
  function showTie(id) {
    var t = data.ties[id];
    if (!t) return;
    var from = data.entities[t.from] || {}, to = data.entities[t.to] || {};
    panel.textContent = "";
    panel.appendChild(el("h2", t.label));
    var kind = el("p", null, "kind");
    kind.appendChild(linkButton(from.name, function () { select(t.from); }));
    kind.appendChild(document.createTextNode(t.directed ? " \u2192 " : " \u2014 "));
    kind.appendChild(linkButton(to.name, function () { select(t.to); }));
    if (t.period) kind.appendChild(document.createTextNode(" (" + t.period + ")"));
    panel.appendChild(kind);
    panel.appendChild(el("p", "Certainty: " + t.certainty, "certainty"));
    if (!t.quotes.length) panel.appendChild(el("p", "No evidence given.", "hint"));
    t.quotes.forEach(function (q) {
      if (q.quote) panel.appendChild(el("blockquote", q.quote, "quote"));
      if (q.note) panel.appendChild(el("p", q.note, "hint"));
      panel.appendChild(sourceLine(q.source));
      panel.appendChild(el("p", q.weight, "hint weight"));
    });
    if (t.conflicts) {
      var c = el("p", null, "contested");
      t.conflicts.split("\n").forEach(function (line, i) {
        if (i) c.appendChild(document.createElement("br"));
        c.appendChild(document.createTextNode(line));
      });
      panel.appendChild(c);
    }
  }
  // Under --cluster a tie's label is a node "r-ID-label" on its edge, and
  // the edge's second half is "h-ID": both stand for the tie "r-ID".
  function tieOf(gid) {
    if (/-label$/.test(gid) && data.ties[gid.slice(0, -6)]) return gid.slice(0, -6);
    if (/^h-/.test(gid) && data.ties["r-" + gid.slice(2)]) return "r-" + gid.slice(2);
    return null;
  }
  function select(id) {
    if (data.entities[id]) {
      highlight([id]);
      showEntity(id);
    } else if (data.ties[id]) {
      clearMarks();
      (parts[id] || []).forEach(function (g) { g.classList.add("erg-selected"); });
      showTie(id);
    }
    panel.dataset.shown = id;
  }

  // Clicks on the diagram show cards; links inside it do not navigate.
  svg.addEventListener("click", function (ev) {
    ev.preventDefault();
    if (view.dataset.dragged) { delete view.dataset.dragged; return; }
    var g = ev.target.closest ? ev.target.closest("g.node, g.edge") : null;
    var id = g ? tieOf(g.id) : null;
    if (g && (nodes[g.id] || edges[g.id])) select(g.id);
    else if (id) select(id);
    else { clearMarks(); }
  });

  // ---- Search by name or alias. ----
  function fold(s) { return String(s).toLocaleLowerCase(); }
  function matches(q) {
    q = fold(q.trim());
    if (!q) return [];
    var exact = [], partial = [];
    Object.keys(nodes).forEach(function (id) {
      var e = data.entities[id];
      var names = [e.name].concat(e.aliases);
      if (names.some(function (n) { return fold(n) === q; })) exact.push(id);
      else if (names.some(function (n) { return fold(n).indexOf(q) >= 0; })) partial.push(id);
    });
    var byName = function (a, b) {
      return data.entities[a].name.localeCompare(data.entities[b].name);
    };
    return exact.sort(byName).concat(partial.sort(byName));
  }
  function choose(id) {
    results.textContent = "";
    highlight([id]);
    showEntity(id);
    panel.dataset.shown = id;
  }
  search.addEventListener("input", function () {
    var found = matches(search.value);
    results.textContent = "";
    found.slice(0, 10).forEach(function (id) {
      var e = data.entities[id];
      var li = el("li");
      var label = e.name + (e.aliases.length ? " (" + e.aliases.join(", ") + ")" : "");
      li.appendChild(linkButton(label, function () { choose(id); }));
      results.appendChild(li);
    });
    if (found.length) highlight(found); else clearMarks();
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var found = matches(search.value);
      if (found.length) choose(found[0]);
    } else if (ev.key === "Escape") {
      search.value = "";
      results.textContent = "";
      clearMarks();
    }
  });

  // ---- Toggles per entity type. ----
  var hidden = {};
  function off(n) { return !!(data.entities[n] && hidden[data.entities[n].type]); }
  function refresh() {
    Object.keys(nodes).forEach(function (id) {
      nodes[id].classList.toggle("erg-hidden", off(id));
    });
    Object.keys(parts).forEach(function (id) {
      var t = data.ties[id];
      var gone = off(t.from) || off(t.to);
      parts[id].forEach(function (g) { g.classList.toggle("erg-hidden", gone); });
    });
    ofLines.forEach(function (o) { o.g.classList.toggle("erg-hidden", o.ends.some(off)); });
    clusters.forEach(function (c) { c.g.classList.toggle("erg-hidden", c.inside.every(off)); });
  }
  var types = document.getElementById("types");
  data.types.forEach(function (type) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.type = type;
    box.onchange = function () { hidden[type] = !box.checked; refresh(); };
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + type));
    types.appendChild(label);
  });
})();
