// The interactive actor-network page: search, filters, top-N / all / ego views, side panel.
// Reads the page data (kg/render/html_data.py) from <script id="kg-data">, drives the
// vis-network DataSets `nodes` and `edges` that pyvis created. Text from articles is only
// ever put into the page with textContent (never innerHTML): it stays text.
(function () {
  "use strict";
  if (typeof network === "undefined" || !network) { return; }
  var D = JSON.parse(document.getElementById("kg-data").textContent);
  var C = JSON.parse(document.getElementById("kg-style").textContent);
  var F = {};
  D.fields.forEach(function (name, i) { F[name] = i; });
  var N = D.nodes, E = D.events, root = document.documentElement;
  var byId = {}, adj = N.map(function () { return []; });
  N.forEach(function (n, i) { byId[n.id] = i; });
  E.forEach(function (e, j) {
    adj[e[F.source]].push(j);
    if (e[F.target] !== e[F.source]) { adj[e[F.target]].push(j); }
  });
  var physics = !N.some(function (n) { return n.all; });
  var top = Math.max.apply(null, N.map(function (n) { return n.score; }).concat([0])) || 1;
  C.size = function (s) { return Math.round((10 + 30 * Math.sqrt(s / top)) * 100) / 100; };
  C.font = function (s) { return Math.round(C.fontBase + C.fontGrow * Math.sqrt(s / top)); };
  var state = {view: "top", ego: null, lang: "both", colour: C.colourBy,
               types: null, quads: null, kinds: null, country: "", from: "", to: "", min: 0};
  var current = {nodes: [], pairs: {}};

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) { x.className = cls; }
    if (text !== undefined && text !== null) { x.textContent = String(text); x.dir = "auto"; }
    return x;
  }
  function fold(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var ch = s[i], f = D.fold[ch];
      out += f === undefined ? ch.toLowerCase() : f;
    }
    return out;
  }
  function name(n) {
    if (state.lang === "ar") { return n.ar || n.en || n.label; }
    if (state.lang === "en") { return n.en || n.ar || n.label; }
    if (n.ar && n.en && n.ar !== n.en) { return n.ar + "\n" + n.en; }
    return n.ar || n.en || n.label;
  }
  function oneLine(n) { return name(n).replace("\n", " · "); }
  function isEvent(e) { return !!e[F.event_type]; }
  function eventClass(e) {
    var q = e[F.quad] || "";
    if (/Conflict$/.test(q)) { return "conflict"; }
    if (/Cooperation$/.test(q)) { return "cooperation"; }
    return "affiliation";
  }
  function eventFilterOn() {
    return !!(state.types || state.quads || state.from || state.to);
  }
  function passes(e) {
    if (!isEvent(e)) { return !eventFilterOn(); }
    if (state.types && !state.types[e[F.event_type]]) { return false; }
    if (state.quads && !state.quads[e[F.quad]]) { return false; }
    var d = e[F.date];
    if ((state.from || state.to) && !d) { return false; }
    if (state.from && d.slice(0, 10) < state.from) { return false; }
    if (state.to && d.slice(0, 10) > state.to) { return false; }
    return true;
  }
  function nodeOk(n) {
    if (state.kinds && !state.kinds[n.kind]) { return false; }
    if (state.country && n.country !== state.country) { return false; }
    return true;
  }

  // which nodes and pairs the current state shows
  function compute() {
    var ok = E.map(passes), count = new Int32Array(N.length), i, j;
    for (j = 0; j < E.length; j++) {
      if (ok[j] && isEvent(E[j])) {
        count[E[j][F.source]]++;
        if (E[j][F.target] !== E[j][F.source]) { count[E[j][F.target]]++; }
      }
    }
    var need = Math.max(state.min, eventFilterOn() ? 1 : 0), cand = [];
    for (i = 0; i < N.length; i++) {
      if (count[i] >= need && nodeOk(N[i])) { cand.push(i); }
    }
    var keep = {};
    if (state.view === "ego" && state.ego !== null) {
      keep[state.ego] = true;
      adj[state.ego].forEach(function (j2) {
        if (!ok[j2]) { return; }
        var o = E[j2][F.source] === state.ego ? E[j2][F.target] : E[j2][F.source];
        if (nodeOk(N[o])) { keep[o] = true; }
      });
    } else {
      cand.sort(function (a, b) {
        return (N[b].score - N[a].score) || (N[a].id < N[b].id ? -1 : N[a].id > N[b].id ? 1 : 0);
      });
      if (state.view === "top") { cand = cand.slice(0, D.top); }
      cand.forEach(function (k) { keep[k] = true; });
    }
    var pairs = {};
    for (j = 0; j < E.length; j++) {
      var u = E[j][F.source], v = E[j][F.target];
      if (!ok[j] || !keep[u] || !keep[v]) { continue; }
      var key = u < v ? u + ":" + v : v + ":" + u;
      (pairs[key] = pairs[key] || []).push(j);
    }
    var shown = Object.keys(keep).map(Number);
    return {nodes: shown, pairs: pairs, count: count};
  }

  function summary(list) {
    var s = {conflict: 0, cooperation: 0, affiliation: 0, fwd: 0, back: 0};
    var first = E[list[0]][F.source];
    list.forEach(function (j) {
      s[eventClass(E[j])]++;
      if (E[j][F.source] === first) { s.fwd++; } else { s.back++; }
    });
    s.events = s.conflict + s.cooperation;
    s.cls = s.events === 0 ? "affiliation" : (s.conflict >= s.cooperation ? "conflict" : "cooperation");
    return s;
  }
  function camp(n) { return n.camp === null || n.camp === undefined ? null : String(n.camp); }
  function nodeColour(n) {
    if (state.colour === "camp") {
      var c = camp(n);
      return (c !== null && C.campColours[c]) || C.otherCamp;
    }
    return C.kinds[n.kind] || C.kinds.Actor;
  }
  function egoPositions(shown) {
    var pos = {}, centre = state.ego, others = shown.filter(function (i) { return i !== centre; });
    others.sort(function (a, b) { return N[b].score - N[a].score || a - b; });
    pos[centre] = [0, 0];
    var ring = 0, placed = 0;
    var last = 0;
    while (placed < others.length) {  // rings with room for a ~240-unit label per node
      var cap = 14 + 10 * ring, chunk = others.slice(placed, placed + cap);
      var r = Math.max(last + 260, 280, chunk.length * 250 / (2 * Math.PI));
      last = r;
      chunk.forEach(function (i, k) {
        var a = 2 * Math.PI * k / chunk.length + ring * 0.3;
        pos[i] = [Math.round(r * Math.cos(a)), Math.round(r * Math.sin(a))];
      });
      placed += chunk.length; ring++;
    }
    return pos;
  }
  function nodeItem(i, pos) {
    var n = N[i], item = {id: n.id, label: name(n), color: nodeColour(n),
      size: C.size(n.score), shape: n.kind === "Place" ? "square" : "dot",
      font: {size: C.font(n.score)}};
    var p = pos ? pos[i] : (state.view === "all" ? n.all : n.top);
    if (p) { item.x = p[0]; item.y = p[1]; }
    return item;
  }
  function edgeItem(key, list) {
    var s = summary(list), ends = key.split(":"), u = N[+ends[0]], v = N[+ends[1]];
    var first = E[list[0]];
    var from = first[F.source] === +ends[0] ? u : v, to = from === u ? v : u;
    return {id: "p:" + key, from: from.id, to: to.id,
      arrows: s.back && s.fwd ? "to, from" : "to",
      color: C.edges[s.cls], dashes: s.cls === "affiliation",
      width: s.cls === "affiliation" ? 1.5 : Math.min(2 + 1.5 * Math.log2(list.length), 10),
      label: list.length > 1 ? String(list.length) : ""};
  }
  function same(a, b) {  // the drawn fields of two vis items
    for (var k in a) {
      if (k === "font" ? (b.font || {}).size !== a.font.size : a[k] !== b[k]) { return false; }
    }
    return true;
  }
  function sync(ds, items) {  // remove, add and change only what differs: vis redraws less
    var want = {};
    items.forEach(function (x) { want[x.id] = true; });
    ds.remove(ds.getIds().filter(function (id) { return !want[id]; }));
    ds.update(items.filter(function (x) { var old = ds.get(x.id); return !old || !same(x, old); }));
  }

  function apply() {
    var t0 = performance.now();
    if (physics) { savePositions(); }
    current = compute();
    var pos = state.view === "ego" ? egoPositions(current.nodes) : null;
    if (physics && !pos) { pos = saved; }
    sync(nodes, current.nodes.map(function (i) { return nodeItem(i, pos); }));
    sync(edges, Object.keys(current.pairs).map(function (k) { return edgeItem(k, current.pairs[k]); }));
    status();
    if (state.view === "ego") { network.fit({animation: false}); }
    root.setAttribute("data-kg-apply-ms", (performance.now() - t0).toFixed(1));
  }
  function status() {
    var nEvents = 0;
    Object.keys(current.pairs).forEach(function (k) {
      current.pairs[k].forEach(function (j) { if (isEvent(E[j])) { nEvents++; } });
    });
    $("kg-status").textContent = current.nodes.length + " of " + N.length + " actors and places, " +
      Object.keys(current.pairs).length + " pairs, " + nEvents + " events shown";
    root.setAttribute("data-kg-view", state.view);
    root.setAttribute("data-kg-shown-nodes", String(current.nodes.length));
    root.setAttribute("data-kg-shown-edges", String(Object.keys(current.pairs).length));
  }
  var saved = null;
  function savePositions() {
    var p = network.getPositions();
    if (!saved) { saved = {}; }
    if (state.view === "ego") { return; }
    Object.keys(p).forEach(function (id) {
      if (byId[id] !== undefined) { saved[byId[id]] = [p[id].x, p[id].y]; }
    });
  }

  // tooltips: built on hover, as text
  function tip(lines) {
    var d = el("div", "kg-tip");
    lines.forEach(function (l) { d.appendChild(el("div", l[0], l[1])); });
    return d;
  }
  function eventLine(e) {
    var line = e[F.event_type] ? e[F.event_type] + " (" + (e[F.quad] || "?") + ")" : e[F.relation];
    if (e[F.date]) { line += " · " + e[F.date]; }
    if (e[F.mode]) { line += " · " + e[F.mode]; }
    return line;
  }
  network.on("hoverNode", function (p) {
    var i = byId[p.node], n = N[i];
    if (i === undefined) { return; }
    var lines = [["kg-tip-h", oneLine(n)], ["", "kind: " + n.kind]];
    if (n.country) { lines.push(["", "country: " + n.country]); }
    if (camp(n) !== null) { lines.push(["", "camp: " + (D.camps[camp(n)] || {name: camp(n)}).name]); }
    lines.push(["", "centrality: " + n.score.toFixed(3)]);
    lines.push(["", "events: " + (current.count ? current.count[i] : 0) + " (click for the list)"]);
    lines.push(["", n.id]);
    nodes.update({id: n.id, title: tip(lines)});
  });
  network.on("hoverEdge", function (p) {
    var key = String(p.edge).slice(2), list = current.pairs[key];
    if (!list) { return; }
    var ends = key.split(":"), s = summary(list);
    var lines = [["kg-tip-h", oneLine(N[+ends[0]]) + " — " + oneLine(N[+ends[1]])],
      ["", s.events + " events (" + s.conflict + " conflict, " + s.cooperation + " cooperation)" +
        (s.affiliation ? ", " + s.affiliation + " affiliation" : "")]];
    list.slice(0, 3).forEach(function (j) {
      var e = E[j];
      lines.push(["kg-tip-ev", eventLine(e)]);
      if (e[F.evidence]) { lines.push(["kg-tip-q", "«" + e[F.evidence] + "»"]); }
    });
    if (list.length > 3) { lines.push(["", "… " + (list.length - 3) + " more: click the edge"]); }
    edges.update({id: p.edge, title: tip(lines)});
  });

  // the side panel
  var panel = $("kg-panel"), body = $("kg-panel-body");
  function eventItem(e, self) {
    var li = el("li", "kg-ev kg-ev-" + eventClass(e));
    var other = e[F.source] === self ? e[F.target] : e[F.source];
    var dir = self === null ? oneLine(N[e[F.source]]) + " → " + oneLine(N[e[F.target]])
      : (e[F.source] === self ? "→ " : "← ") + oneLine(N[other]);
    li.appendChild(el("div", "kg-ev-h", eventLine(e) + " · " + dir));
    if (e[F.claimed_by]) { li.appendChild(el("div", "kg-ev-claim", "claimed by: " + e[F.claimed_by])); }
    if (e[F.reports] > 1) { li.appendChild(el("div", "kg-ev-rep", e[F.reports] + " reports")); }
    if (e[F.evidence]) { li.appendChild(el("blockquote", "kg-ev-text", e[F.evidence])); }
    if (e[F.event]) { li.appendChild(el("div", "kg-ev-id", e[F.event])); }
    if (e[F.contested]) {
      e[F.contested].split("; ").forEach(function (r) {
        li.appendChild(el("div", "kg-ev-contested", "contested: " + r));
      });
    }
    return li;
  }
  function openPanel(title, facts) {
    body.textContent = "";
    body.appendChild(el("h2", "kg-panel-h", title));
    if (facts.length) {
      var dl = el("dl", "kg-facts");
      facts.forEach(function (f) { dl.appendChild(el("dt", "", f[0])); dl.appendChild(el("dd", "", f[1])); });
      body.appendChild(dl);
    }
    if (panel.hidden) {
      panel.hidden = false;
      root.setAttribute("data-kg-panel", "open");
      resize();
    }
  }
  function resize() {  // the canvas follows its container (the panel takes the right side)
    network.setSize("100%", getComputedStyle($("mynetwork")).height);
    network.redraw();
  }
  function showActor(i) {
    var n = N[i], facts = [["kind", n.kind]];
    if (n.country) { facts.push(["country", n.country]); }
    if (camp(n) !== null) { facts.push(["camp", (D.camps[camp(n)] || {name: camp(n)}).name]); }
    facts.push(["centrality", n.score.toFixed(3)], ["id", n.id]);
    openPanel(oneLine(n), facts);
    var groups = {}, order = [];
    adj[i].forEach(function (j) {
      if (!passes(E[j])) { return; }
      var e = E[j], o = e[F.source] === i ? e[F.target] : e[F.source];
      if (!groups[o]) { groups[o] = []; order.push(o); }
      groups[o].push(j);
    });
    order.sort(function (a, b) { return groups[b].length - groups[a].length || a - b; });
    body.appendChild(el("p", "kg-count", order.length + " counterparts, " +
      order.reduce(function (s, o) { return s + groups[o].length; }, 0) + " events and ties"));
    var shownEvents = 0;
    order.forEach(function (o, k) {
      var det = el("details", "kg-pair");
      if (k < 3) { det.open = true; }
      det.appendChild(el("summary", "", oneLine(N[o]) + " — " + groups[o].length));
      var ol = el("ol", "kg-events");
      groups[o].slice(0, 200).forEach(function (j) { ol.appendChild(eventItem(E[j], i)); shownEvents++; });
      det.appendChild(ol);
      body.appendChild(det);
    });
  }
  function showPair(key) {
    var list = current.pairs[key];
    if (!list) { return; }
    var ends = key.split(":"), s = summary(list);
    openPanel(oneLine(N[+ends[0]]) + " — " + oneLine(N[+ends[1]]),
      [["events", String(s.events)], ["conflict", String(s.conflict)],
       ["cooperation", String(s.cooperation)], ["affiliation", String(s.affiliation)]]);
    var ol = el("ol", "kg-events");
    list.forEach(function (j) { ol.appendChild(eventItem(E[j], null)); });
    body.appendChild(ol);
  }
  function focus(i) {
    state.view = "ego"; state.ego = i;
    results.textContent = "";
    apply();
    showActor(i);
    network.fit({animation: false});
    network.selectNodes([N[i].id]);
  }
  network.on("click", function (p) {
    if (p.nodes.length) { focus(byId[p.nodes[0]]); }
    else if (p.edges.length) { showPair(String(p.edges[0]).slice(2)); }
  });
  $("kg-panel-close").addEventListener("click", function () {
    panel.hidden = true; root.setAttribute("data-kg-panel", "closed");
    resize();
  });

  // search
  var results = $("kg-results");
  function search(q) {
    var t0 = performance.now(), f = fold(q.trim()), hits = [];
    results.textContent = "";
    if (f) {
      for (var i = 0; i < N.length; i++) { if (N[i].q.indexOf(f) >= 0) { hits.push(i); } }
      hits.sort(function (a, b) { return N[b].score - N[a].score || a - b; });
      hits.slice(0, 15).forEach(function (i) {
        var li = el("li"), b = el("button", "kg-hit", oneLine(N[i]) + " · " + N[i].kind);
        b.type = "button";
        b.setAttribute("data-kg-node", N[i].id);
        b.addEventListener("click", function () { focus(i); });
        li.appendChild(b); results.appendChild(li);
      });
      if (!hits.length) { results.appendChild(el("li", "kg-none", "no actor matches")); }
    }
    root.setAttribute("data-kg-search-hits", String(hits.length));
    root.setAttribute("data-kg-search-ms", (performance.now() - t0).toFixed(1));
    return hits;
  }
  var box = $("kg-search");
  box.addEventListener("input", function () { search(box.value); });
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var h = search(box.value); if (h.length) { focus(h[0]); } }
  });

  // filters and views
  function checked(cls) {
    var all = document.querySelectorAll("input." + cls), on = {}, n = 0;
    all.forEach(function (x) { if (x.checked) { on[x.value] = true; n++; } });
    return n === all.length ? null : on;
  }
  function readFilters() {
    state.types = checked("kg-f-type"); state.quads = checked("kg-f-quad");
    state.kinds = checked("kg-f-kind"); state.country = $("kg-f-country").value;
    state.from = $("kg-f-from").value; state.to = $("kg-f-to").value;
    state.min = Math.max(0, parseInt($("kg-f-min").value, 10) || 0);
    if (state.view === "ego" && state.ego !== null && !nodeOk(N[state.ego])) { state.view = "top"; }
    apply();
    if (state.view === "ego") { showActor(state.ego); }
  }
  document.querySelectorAll(".kg-filters input, .kg-filters select").forEach(function (x) {
    x.addEventListener("change", readFilters);
  });
  $("kg-f-reset").addEventListener("click", function () {
    document.querySelectorAll(".kg-filters input[type=checkbox]").forEach(function (x) { x.checked = true; });
    ["kg-f-country", "kg-f-from", "kg-f-to"].forEach(function (id) { $(id).value = ""; });
    $("kg-f-min").value = "0";
    readFilters();
  });
  function setView(v) {
    state.view = v; state.ego = null;
    document.querySelectorAll("[data-kg-view-btn]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-kg-view-btn") === v));
    });
    apply();
    network.fit({animation: false});
  }
  document.querySelectorAll("[data-kg-view-btn]").forEach(function (b) {
    b.addEventListener("click", function () { setView(b.getAttribute("data-kg-view-btn")); });
  });
  var colourBy = $("kg-colour");
  if (colourBy) {
    colourBy.addEventListener("change", function () {
      state.colour = colourBy.value;
      root.setAttribute("data-kg-colour", state.colour);
      apply();
    });
  }
  function setLang(mode) {
    state.lang = mode;
    document.querySelectorAll("[data-kg-lang]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-kg-lang") === mode));
    });
    root.setAttribute("data-kg-lang", mode);
    apply();
  }
  document.querySelectorAll("[data-kg-lang]").forEach(function (b) {
    b.addEventListener("click", function () { setLang(b.getAttribute("data-kg-lang")); });
  });
  if (physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      savePositions();
    });
  }
  current = compute();
  status();
  root.setAttribute("data-kg-colour", state.colour);
  root.setAttribute("data-kg-view", state.view);
  root.setAttribute("data-kg-ready", "1");
  window.kg = {search: search, focus: focus, setView: setView, apply: apply, state: state,
               readFilters: readFilters, setLang: setLang};
  window.kgSetLang = setLang;
})();
