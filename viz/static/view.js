/* chainkg network view: builds the vis-network graph from the JSON block #ckg-data.
 * Every string from the data reaches the page through textContent or canvas text, never
 * as HTML: tooltips are DOM elements built here (vis-network shows a string title as
 * HTML in some versions). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ckg-data").textContent);
  var state = window.__chainkg = {
    ready: false, nodes: 0, edges: 0, trimmed: data.trimmed, title: data.title
  };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function tooltip(name, info, sources) {
    var d = el("div", null, "ckg-tip");
    d.appendChild(el("b", name));
    if (info.length) {
      var t = el("table");
      info.forEach(function (kv) {
        var tr = el("tr");
        tr.appendChild(el("td", kv[0]));
        tr.appendChild(el("td", kv[1]));
        t.appendChild(tr);
      });
      d.appendChild(t);
    }
    if (sources.length) {
      d.appendChild(el("div", "来源 · sources"));
      var ul = el("ul");
      sources.forEach(function (s) { ul.appendChild(el("li", s)); });
      d.appendChild(ul);
    }
    return d;
  }

  // Nodes, edges and options come ready for vis-network (built with pyvis's Network in
  // Python); only the tooltips are added here, as DOM elements.
  function withTooltip(item, name) {
    item.title = tooltip(name, item.ckgInfo, item.ckgSources);
    return item;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) { return withTooltip(n, n.label); }));
  var edges = new vis.DataSet(data.edges.map(function (e) { return withTooltip(e, e.ckgRelZh); }));

  // -- side panel -------------------------------------------------------------------------
  document.getElementById("ckg-title").textContent = data.title;
  document.getElementById("ckg-subtitle").textContent = data.subtitle;
  document.getElementById("ckg-counts").textContent =
    data.nodes.length.toLocaleString("en-US") + " nodes, " +
    data.edges.length.toLocaleString("en-US") + " edges";
  if (data.trimmed) {
    var tr = document.getElementById("ckg-trimmed");
    tr.hidden = false;
    tr.textContent = "showing " + data.trimmed.shown.toLocaleString("en-US") + " of " +
      data.trimmed.total.toLocaleString("en-US") + " nodes (" +
      (data.trimmed.total - data.trimmed.shown).toLocaleString("en-US") +
      " hidden; raise --max-nodes to see more) · 仅显示部分节点";
  }

  function swatch(shape, color, border, borderWidth) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "18"); svg.setAttribute("height", "18");
    var p;
    if (shape === "dot" || shape === "ellipse") {
      p = document.createElementNS(ns, "circle");
      p.setAttribute("cx", "9"); p.setAttribute("cy", "9"); p.setAttribute("r", "7");
    } else {
      var pts = {
        hexagon: "9,1 16,5 16,13 9,17 2,13 2,5", diamond: "9,1 17,9 9,17 1,9",
        triangle: "9,2 17,16 1,16", star: "9,1 11,7 17,7 12,11 14,17 9,13 4,17 6,11 1,7 7,7",
        square: "2,2 16,2 16,16 2,16", box: "1,4 17,4 17,14 1,14"
      }[shape] || "2,2 16,2 16,16 2,16";
      p = document.createElementNS(ns, "polygon");
      p.setAttribute("points", pts);
    }
    p.setAttribute("fill", color);
    p.setAttribute("stroke", border || "#555");
    p.setAttribute("stroke-width", String(borderWidth || 1));
    svg.appendChild(p);
    return svg;
  }

  function line(s) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "44"); svg.setAttribute("height", "10");
    var l = document.createElementNS(ns, "line");
    l.setAttribute("x1", "1"); l.setAttribute("y1", "5");
    l.setAttribute("x2", "43"); l.setAttribute("y2", "5");
    l.setAttribute("stroke", s.color); l.setAttribute("stroke-width", String(s.width));
    if (s.dashes) l.setAttribute("stroke-dasharray", s.dashes.join(" "));
    svg.appendChild(l);
    return svg;
  }

  function legendRow(parent, graphic, text) {
    var row = el("div", null, "ckg-legend-row");
    row.appendChild(graphic);
    row.appendChild(el("span", text));
    parent.appendChild(row);
  }

  var legend = document.getElementById("ckg-legend");
  var usedTypes = {};
  data.nodes.forEach(function (n) { usedTypes[n.ckgType] = true; });
  Object.keys(data.types).forEach(function (k) {
    if (!usedTypes[k]) return;
    var t = data.types[k];
    legendRow(legend, swatch(t.shape, t.color), t.zh + " · " + k);
  });
  function hasLeader(type) {
    return data.nodes.some(function (n) { return n.ckgLeader && n.ckgType === type; });
  }
  if (hasLeader("Enterprise")) {
    legendRow(legend, swatch("star", data.types.Enterprise.color, data.leaderBorder, 3),
      "链主/龙头企业 · lead enterprise");
  }
  if (hasLeader("Post")) {
    legendRow(legend, swatch("triangle", data.types.Post.color, data.leaderBorder, 3),
      "链长 · chain-leader post");
  }
  var strategyKeys = Object.keys(data.strategies);
  if (strategyKeys.length) legend.appendChild(el("h2", "策略连线 · strategy edges"));
  strategyKeys.forEach(function (k) {
    var s = data.strategies[k];
    legendRow(legend, line(s), (k === "none" ? "未说明" : k) + " · " + s.en);
  });
  legendRow(legend, line({ color: "#b0b0b0", width: 1, dashes: false }),
    "其他关系 · other relationships");
  if (usedTypes.Project) legend.appendChild(el("p", "项目大小按投资额(对数) · project size: log(amount)"));

  // -- filters ----------------------------------------------------------------------------
  var hiddenTypes = {}, hiddenStrategies = {};
  function applyFilters() {
    var nodeUpdates = [], hiddenNodes = {};
    nodes.forEach(function (n) {
      var hide = !!hiddenTypes[n.ckgType] || (!!n.ckgStrategy && !!hiddenStrategies[n.ckgStrategy]);
      if (hide) hiddenNodes[n.id] = true;
      if (!!n.hidden !== hide) nodeUpdates.push({ id: n.id, hidden: hide });
    });
    nodes.update(nodeUpdates);
    var edgeUpdates = [];
    edges.forEach(function (e) {
      var hide = !!hiddenNodes[e.from] || !!hiddenNodes[e.to] ||
        (!!e.ckgStrategy && !!hiddenStrategies[e.ckgStrategy]);
      if (!!e.hidden !== hide) edgeUpdates.push({ id: e.id, hidden: hide });
    });
    edges.update(edgeUpdates);
  }
  function checkbox(parent, text, onChange) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", function () { onChange(!box.checked); applyFilters(); });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + text));
    parent.appendChild(label);
    return box;
  }
  var typeBox = document.getElementById("ckg-type-filter");
  Object.keys(data.types).forEach(function (k) {
    if (!usedTypes[k]) return;
    var count = data.nodes.filter(function (n) { return n.ckgType === k; }).length;
    checkbox(typeBox, data.types[k].zh + " (" + count + ")", function (h) { hiddenTypes[k] = h; })
      .dataset.type = k;
  });
  var stratBox = document.getElementById("ckg-strategy-filter");
  if (!strategyKeys.length) stratBox.hidden = true;
  strategyKeys.forEach(function (k) {
    checkbox(stratBox, k === "none" ? "未说明 · none" : k, function (h) { hiddenStrategies[k] = h; })
      .dataset.strategy = k;
  });

  // -- network ----------------------------------------------------------------------------
  var container = document.getElementById("ckg-network");
  var physics = data.physics;
  var options = data.options;
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var physicsBox = document.getElementById("ckg-physics");
  physicsBox.checked = physics;
  physicsBox.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physicsBox.checked } });
  });

  function markReady() {
    if (state.ready) return;
    document.getElementById("ckg-loading").className = "done";
    state.nodes = nodes.length;
    state.edges = edges.length;
    state.ready = true;
    document.body.setAttribute("data-ready", "true");
  }
  if (physics) {
    // Stabilise before drawing, then freeze: a still graph stays responsive.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      physicsBox.checked = false;
      network.fit();
      markReady();
    });
  } else {
    network.once("afterDrawing", function () { network.fit(); markReady(); });
    network.redraw();
  }

  // -- search -----------------------------------------------------------------------------
  var datalist = document.getElementById("ckg-names");
  var seen = {};
  data.nodes.forEach(function (n) {
    if (seen[n.label]) return;
    seen[n.label] = true;
    var opt = el("option");
    opt.value = n.label;
    datalist.appendChild(opt);
  });
  document.getElementById("ckg-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = document.getElementById("ckg-search-input").value.trim().toLowerCase();
    var out = document.getElementById("ckg-search-result");
    if (!q) { network.unselectAll(); out.textContent = ""; return; }
    var ids = nodes.getIds({
      filter: function (n) { return !n.hidden && String(n.label).toLowerCase().indexOf(q) >= 0; }
    });
    network.selectNodes(ids);
    out.textContent = ids.length + " 个匹配 · matches";
    if (ids.length) network.focus(ids[0], { scale: 1.2, animation: { duration: 400 } });
  });
  state.network = network;
  state.nodeSet = nodes;
  state.edgeSet = edges;
})();
