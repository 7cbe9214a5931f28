/* The policy-kg explorer. Every string in the data is scraped text: DOM nodes are made with
   createElement and filled with textContent, never innerHTML. The data shapes are described in
   kg/export/explorer.py. The page reads its data from the JSON island (graph.html) or, under
   `kg serve`, from the server's JSON API; the rest of the script does not care which. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var SERVER = DATA.mode === "server";
  var T2S = DATA.t2s || {};
  var COLORS = {};
  DATA.types.forEach(function (t) { COLORS[t.key] = t.color; });
  var TYPE_KEYS = DATA.types.map(function (t) { return t.key; });
  var REL_KEYS = Object.keys(DATA.relStyles);

  // ---------------------------------------------------------------- language
  var STRINGS = {
    zh: {
      "view.graph": "图谱", "view.tables": "表格", search: "搜索", searchHint: "名称、简称或繁体…",
      types: "实体类型", relations: "关系（点击筛选）", dates: "文章日期", hideIsolated: "隐藏孤立节点",
      fit: "适应窗口", reset: "重置筛选", png: "导出 PNG", csv: "导出 CSV", loading: "正在布局…",
      sizeNote: "节点大小：提及该实体的文章数。", tableFilter: "筛选本表…",
      noFont: "本机缺少中文字体，汉字会显示为方框：请安装 Noto Sans CJK（Debian：apt-get install fonts-noto-cjk）。",
      "type.Organization": "机构", "type.Official": "官员", "type.Plan": "规划", "type.Initiative": "举措",
      "type.Target": "目标",
      "rel.issuedBy": "发布", "rel.partOf": "属于", "rel.hasTarget": "含目标", "rel.subOrganizationOf": "下属于",
      "rel.holds": "任职",
      "table.plans": "规划", "table.targets": "目标", "table.officials": "官员", "table.organizations": "机构",
      "col.plan": "规划", "col.issuers": "发布机构", "col.initiatives": "举措", "col.targets": "目标",
      "col.first": "首次报道", "col.articles": "文章数", "col.target": "目标", "col.indicator": "指标",
      "col.value": "数值", "col.unit": "单位", "col.year": "年份", "col.official": "官员", "col.post": "职务",
      "col.dates": "报道日期", "col.last": "最近报道", "col.organization": "机构", "col.kind": "类别",
      "col.parent": "上级", "col.departments": "下属部门", "col.plans": "发布规划数",
      noHit: "没有这个名称的实体。", more: "还有 {n} 个；请输入更多字", articlesN: "{n} 篇文章",
      factsN: "{n} 条关系", entitiesN: "{n} 个实体", shownAll: "已绘制 {d} 个实体；共 {n} 个可搜索。",
      shownSome: "已绘制 {d} 个实体（共 {n} 个可搜索；搜索或双击节点可展开其余部分）。",
      carriedCut: "图谱共有 {t} 个实体，本页只携带连接最多的 {n} 个（上限 {l}）；完整图谱请用 kg serve。",
      served: "由 kg serve 提供：共 {t} 个实体，已载入 {n} 个。",
      centred: "以「{name}」为中心，{depth} 步以内。", filtered: "筛选后：{n} 个实体、{f} 条关系可见。",
      noDates: "无发布日期", otherNames: "其他名称", target: "目标", posts: "职务（报道日期）",
      relationsN: "关系（{n}）", mentionedIn: "提及于 {n} 篇文章", evidenceN: "证据（{n} 句）",
      expand: "展开邻居", copy: "复制", copied: "已复制", relation: "关系", from: "起点", to: "终点",
      noSentence: "没有记录原句。", notDrawn: "未绘制", showAll: "全部显示", rows: "{n} 行",
      intro1: "悬停节点查看摘要；单击查看名称、文章和证据句；双击展开其邻居。",
      intro2: "搜索能找到本页携带的所有实体（名称、简称、繁体、部分名称），↑↓ 选择，回车打开。",
      intro3: "点击图例中的类型或关系可筛选；日期筛选按文章日期。", intro4: "拖动平移，滚轮缩放；放大后显示完整名称。",
      howTo: "使用方法", unknownArticle: "（未知文章）", noEntities: "这个图谱没有实体。", file: "文件",
      "fact.indicator": "指标", "fact.year": "年份", "fact.value": "数值", loadingTable: "正在载入…"
    },
    en: {
      "view.graph": "Graph", "view.tables": "Tables", search: "Search", searchHint: "Any name, alias or script…",
      types: "Entity types", relations: "Relations (click to filter)", dates: "Article dates",
      hideIsolated: "Hide isolated nodes", fit: "Fit to window", reset: "Reset filters", png: "Export PNG",
      csv: "Export CSV", loading: "Laying out…", sizeNote: "Node size: how many articles mention the entity.",
      tableFilter: "Filter this table…",
      noFont: "No Chinese font on this machine, so Chinese shows as boxes: install Noto Sans CJK (Debian: apt-get install fonts-noto-cjk).",
      "type.Organization": "Organization", "type.Official": "Official", "type.Plan": "Plan",
      "type.Initiative": "Initiative", "type.Target": "Target",
      "rel.issuedBy": "issuedBy", "rel.partOf": "partOf", "rel.hasTarget": "hasTarget",
      "rel.subOrganizationOf": "subOrganizationOf", "rel.holds": "holds",
      "table.plans": "Plans", "table.targets": "Targets", "table.officials": "Officials",
      "table.organizations": "Organizations",
      "col.plan": "Plan", "col.issuers": "Issuers", "col.initiatives": "Initiatives", "col.targets": "Targets",
      "col.first": "First article", "col.articles": "Articles", "col.target": "Target", "col.indicator": "Indicator",
      "col.value": "Value", "col.unit": "Unit", "col.year": "Year", "col.official": "Official", "col.post": "Post",
      "col.dates": "Article dates", "col.last": "Last article", "col.organization": "Organization",
      "col.kind": "Kind", "col.parent": "Parent", "col.departments": "Departments", "col.plans": "Plans issued",
      noHit: "No entity has that name.", more: "{n} more; type more of the name", articlesN: "{n} articles",
      factsN: "{n} relations", entitiesN: "{n} entities", shownAll: "Drawing {d} entities; all {n} are searchable.",
      shownSome: "Drawing {d} entities (all {n} are searchable; search or double-click a node to draw more).",
      carriedCut: "The graph has {t} entities; this page carries the {n} best connected (limit {l}); use kg serve for all of it.",
      served: "Served by kg serve: {t} entities, {n} loaded.",
      centred: "Centred on {name}: entities within {depth} steps.", filtered: "Filtered: {n} entities, {f} relations.",
      noDates: "no publication dates", otherNames: "Other names", target: "Target", posts: "Posts (article dates)",
      relationsN: "Relations ({n})", mentionedIn: "Mentioned in {n} articles", evidenceN: "Evidence ({n} sentences)",
      expand: "Expand neighbours", copy: "Copy", copied: "Copied", relation: "Relation", from: "from", to: "to",
      noSentence: "No sentence recorded.", notDrawn: "not drawn", showAll: "Show all", rows: "{n} rows",
      intro1: "Hover a node for a summary; click it for its names, articles and evidence; double-click to draw its neighbours.",
      intro2: "Search finds every entity the page carries (name, alias, traditional script, part of a name); ↑↓ to choose, Enter to open.",
      intro3: "Click a type or relation in the legend to filter; the date filter uses article dates.",
      intro4: "Drag to pan, scroll to zoom; zoom in for full names.",
      howTo: "How to read it", unknownArticle: "(unknown article)", noEntities: "This graph has no entities.",
      file: "file", "fact.indicator": "indicator", "fact.year": "year", "fact.value": "value",
      loadingTable: "Loading…"
    }
  };
  var state = { lang: "zh", view: "graph", table: "plans", q: "", e: null, types: {}, rels: {}, from: "", to: "",
                iso: false, sort: null };
  function t(key, args) {
    var text = (STRINGS[state.lang] || STRINGS.zh)[key];
    if (text === undefined) text = STRINGS.en[key] !== undefined ? STRINGS.en[key] : key;
    if (args) Object.keys(args).forEach(function (k) { text = text.split("{" + k + "}").join(String(args[k])); });
    return text;
  }
  function num(n) { return Number(n).toLocaleString(state.lang === "zh" ? "zh-CN" : "en-US"); }

  // ---------------------------------------------------------------- small DOM helpers
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function swatch(type) {
    var s = el("span", "swatch");
    s.style.background = COLORS[type] || "#999";
    return s;
  }
  function button(text, onClick, className) {
    var b = el("button", className, text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  // ---------------------------------------------------------------- the data held
  var S = { ent: {}, rel: {}, sen: {}, art: {}, links: {}, byIri: {}, complete: {}, count: 0 };
  function fold(text) {
    var s = String(text).normalize("NFKC").toLowerCase().trim(), out = "";
    for (var i = 0; i < s.length; i++) out += T2S[s[i]] || s[i];
    return out;
  }
  function each(table, fn) {
    if (!table) return;
    if (Array.isArray(table)) table.forEach(function (v, i) { fn(String(i), v); });
    else Object.keys(table).forEach(function (k) { fn(k, table[k]); });
  }
  function merge(b) {
    each(b.articles, function (k, a) { S.art[k] = { title: a[0], date: a[1], outlet: a[2], url: a[3], file: a[4], iri: a[5] }; });
    each(b.sentences, function (k, s) { S.sen[k] = { text: s[0], article: s[1] }; });
    each(b.entities, function (k, r) {
      if (S.ent[k]) return;
      var e = { i: Number(k), iri: r[0], type: r[1], kind: r[2], label: r[3], alt: r[4], articles: r[5], facts: r[6],
                posts: r[7], degree: r[8] };
      e.keys = [e.label].concat(e.alt).map(fold);
      S.ent[k] = e; S.byIri[e.iri] = e.i; S.links[k] = S.links[k] || []; S.count++;
    });
    each(b.relations, function (k, r) {
      if (S.rel[k]) return;
      S.rel[k] = { id: Number(k), s: r[0], t: r[1], rel: r[2], label: r[3], ev: r[4] };
      [r[0], r[1]].forEach(function (end) {
        S.links[end] = S.links[end] || [];
        if (S.links[end].indexOf(Number(k)) < 0) S.links[end].push(Number(k));
      });
    });
  }
  function ent(i) { return S.ent[i]; }
  function label(i) { var e = ent(i); return e ? e.label : String(i); }
  function other(r, i) { return r.s === i ? r.t : r.s; }

  function localSearch(query) {
    var q = fold(query);
    if (!q) return [];
    var hits = [];
    Object.keys(S.ent).forEach(function (k) {
      var e = S.ent[k], best = 9, alias = null;
      e.keys.forEach(function (name, i) {
        var score = name === q ? 0 : name.indexOf(q) === 0 ? 2 : name.indexOf(q) >= 0 ? 4 : 9;
        if (score < 9 && i > 0) score += 1;
        if (score < best) { best = score; alias = i > 0 ? e.alt[i - 1] : null; }
      });
      if (best < 9) hits.push({ i: e.i, score: best, alias: alias, e: e });
    });
    hits.sort(function (a, b) {
      return a.score - b.score || b.e.degree - a.e.degree || a.e.label.length - b.e.label.length ||
        (a.e.label < b.e.label ? -1 : a.e.label > b.e.label ? 1 : 0);
    });
    return hits.map(function (h) { return { i: h.i, alias: h.alias }; });
  }

  // The source: the JSON island, or the server's API. Every call returns a promise.
  function getJSON(path) {
    return fetch(DATA.api + path, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(path + ": HTTP " + r.status);
      return r.json();
    });
  }
  var source = SERVER ? {
    start: function () { return getJSON("/view").then(function (j) { merge(j.bundle); return j; }); },
    search: function (q) {
      return getJSON("/search?q=" + encodeURIComponent(q)).then(function (j) {
        merge(j.bundle);
        return j.hits.map(function (h) { return { i: h[0], alias: h[1] }; });
      });
    },
    around: function (i) {
      if (S.complete[i]) return Promise.resolve(i);
      return getJSON("/entity?i=" + encodeURIComponent(i)).then(function (j) { merge(j.bundle); S.complete[i] = true; return i; });
    },
    find: function (iri) {
      if (S.byIri[iri] !== undefined && S.complete[S.byIri[iri]]) return Promise.resolve(S.byIri[iri]);
      return getJSON("/entity?iri=" + encodeURIComponent(iri)).then(function (j) {
        if (j.index === null || j.index === undefined) return null;
        merge(j.bundle); S.complete[j.index] = true; return j.index;
      }, function () { return null; });
    },
    table: function (name) { return getJSON("/tables/" + encodeURIComponent(name)); }
  } : {
    start: function () {
      merge(DATA.bundle);
      return Promise.resolve({ meta: DATA.meta, drawn: DATA.drawn, focus: DATA.focus });
    },
    search: function (q) { return Promise.resolve(localSearch(q)); },
    around: function (i) { return Promise.resolve(i); },
    find: function (iri) { return Promise.resolve(S.byIri[iri] !== undefined ? S.byIri[iri] : null); },
    table: function (name) { return Promise.resolve(DATA.tables[name]); }
  };
  var META = null;

  // ---------------------------------------------------------------- filters
  function inDates(articles) {
    if (!state.from && !state.to) return true;
    for (var k = 0; k < articles.length; k++) {
      var a = S.art[articles[k]], d = a ? a.date : "";
      if (d && (!state.from || d >= state.from) && (!state.to || d <= state.to)) return true;
    }
    return false;
  }
  function entityPasses(e) { return !state.types[e.type] && inDates(e.articles); }
  function relationPasses(r) {
    if (state.rels[r.rel]) return false;
    var a = ent(r.s), b = ent(r.t);
    if (!a || !b || !entityPasses(a) || !entityPasses(b)) return false;
    if ((state.from || state.to) && r.ev.length) {
      return inDates(r.ev.map(function (sid) { return S.sen[sid] ? S.sen[sid].article : -1; }));
    }
    return true;
  }

  // ---------------------------------------------------------------- network
  var nodes = new vis.DataSet(), edges = new vis.DataSet();
  var stage = document.getElementById("kg-stage");
  var panel = document.getElementById("kg-details");
  var tip = document.getElementById("kg-tip");
  var network = null, fullLabels = false, selected = null;
  var view = { nodes: nodes, edges: edges, network: null, settled: false, store: S, state: state };
  window.kgView = view;

  function shortLabel(text) { return text.length <= 12 ? text : text.slice(0, 11) + "…"; }
  function nodeSize(e) {
    var most = META && META.mostMentions ? META.mostMentions : 0;
    return most ? Math.round(10 * (10 + 24 * Math.sqrt(e.articles.length / most))) / 10 : 10;
  }
  function nodeRecord(e, pos) {
    var n = { id: e.i, label: fullLabels ? e.label : shortLabel(e.label), group: e.type, size: nodeSize(e) };
    if (pos) { n.x = pos.x; n.y = pos.y; }
    return n;
  }
  function edgeRecord(r) {
    var style = DATA.relStyles[r.rel] || { color: "#999", dashes: false };
    return { id: "r" + r.id, from: r.s, to: r.t, label: r.label, dashes: style.dashes,
             color: { color: style.color, highlight: "#1f2933", hover: "#1f2933", opacity: 1 } };
  }
  function drawEdgesOf(i) {
    var add = [];
    (S.links[i] || []).forEach(function (rid) {
      var r = S.rel[rid];
      if (r && nodes.get(r.s) && nodes.get(r.t) && !edges.get("r" + rid)) add.push(edgeRecord(r));
    });
    if (add.length) edges.add(add);
  }
  function draw(list, around) {
    var add = [], base = around !== undefined && nodes.get(around) && network ? network.getPosition(around) : null;
    var fresh = list.filter(function (i) { return ent(i) && !nodes.get(i); });
    fresh.forEach(function (i, k) {
      var pos = null;
      if (base) {
        var angle = 2 * Math.PI * k / Math.max(1, fresh.length), radius = 140 + 6 * Math.min(60, fresh.length);
        pos = { x: base.x + radius * Math.cos(angle), y: base.y + radius * Math.sin(angle) };
      } else if (network && view.settled) {
        var c = network.getViewPosition();
        pos = { x: c.x + 40 * k, y: c.y };
      }
      add.push(nodeRecord(ent(i), pos));
    });
    if (add.length) nodes.add(add);
    fresh.forEach(drawEdgesOf);
    return fresh.length;
  }
  function expand(i) {
    return source.around(i).then(function () {
      var near = (S.links[i] || []).map(function (rid) { return other(S.rel[rid], i); });
      var added = draw(near, i);
      drawEdgesOf(i);
      applyFilters();
      if (selected === i) highlight(i);
      return added;
    });
  }
  function reveal(i) {
    return source.around(i).then(function () {
      if (!nodes.get(i)) { draw([i]); return expand(i); }
      return 0;
    });
  }

  function applyFilters() {
    var nodeChanges = [], shown = {};
    nodes.forEach(function (n) {
      var e = ent(n.id), pass = e ? entityPasses(e) : false;
      shown[n.id] = pass;
    });
    var edgeChanges = [], degree = {};
    edges.forEach(function (ed) {
      var r = S.rel[ed.id.slice(1)], pass = r ? relationPasses(r) && shown[r.s] && shown[r.t] : false;
      if (pass) { degree[r.s] = (degree[r.s] || 0) + 1; degree[r.t] = (degree[r.t] || 0) + 1; }
      if (!!ed.hidden === pass) edgeChanges.push({ id: ed.id, hidden: !pass });
    });
    nodes.forEach(function (n) {
      var hide = !shown[n.id] || (state.iso && !degree[n.id]);
      if (!!n.hidden !== hide) nodeChanges.push({ id: n.id, hidden: hide });
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    updateCounts();
  }
  function visibleNodes() { return nodes.get({ filter: function (n) { return !n.hidden; } }); }

  function updateCounts() {
    var byType = {}, drawnType = {}, byRel = {}, drawnRel = {}, total = 0, facts = 0, articles = {};
    TYPE_KEYS.forEach(function (k) { byType[k] = 0; drawnType[k] = 0; });
    REL_KEYS.forEach(function (k) { byRel[k] = 0; drawnRel[k] = 0; });
    Object.keys(S.ent).forEach(function (k) {
      var e = S.ent[k];
      if (!entityPasses(e)) return;
      byType[e.type]++; total++;
      e.articles.forEach(function (a) { articles[a] = true; });
    });
    Object.keys(S.rel).forEach(function (k) {
      var r = S.rel[k];
      if (!relationPasses(r)) return;
      byRel[r.rel]++; facts++;
    });
    nodes.forEach(function (n) { if (!n.hidden && ent(n.id)) drawnType[ent(n.id).type]++; });
    edges.forEach(function (ed) { var r = S.rel[ed.id.slice(1)]; if (!ed.hidden && r) drawnRel[r.rel]++; });
    var stats = document.getElementById("kg-stats");
    clear(stats);
    TYPE_KEYS.forEach(function (k) {
      var s = el("span", "stat" + (state.types[k] ? " dim" : ""));
      s.setAttribute("data-stat-type", k);
      s.appendChild(swatch(k));
      s.appendChild(el("b", null, num(byType[k])));
      s.appendChild(document.createTextNode(" " + t("type." + k)));
      stats.appendChild(s);
    });
    var f = el("span", "stat"); f.setAttribute("data-stat", "facts");
    f.appendChild(el("b", null, num(facts))); f.appendChild(document.createTextNode(" " + t("factsN", { n: "" }).trim()));
    stats.appendChild(f);
    var a = el("span", "stat"); a.setAttribute("data-stat", "articles");
    var n = (state.from || state.to) ? Object.keys(articles).length : (META ? META.articles : 0);
    a.appendChild(el("b", null, num(n)));
    a.appendChild(document.createTextNode(" " + t("articlesN", { n: "" }).trim() + ", "));
    var range = state.from || state.to ? (state.from || "…") + " – " + (state.to || "…")
      : META && META.dateMin ? (META.dateMin === META.dateMax ? META.dateMin : META.dateMin + " – " + META.dateMax)
        : t("noDates");
    var span = el("span", null, range); span.id = "kg-dates";
    a.appendChild(span);
    stats.appendChild(a);
    TYPE_KEYS.forEach(function (k) {
      var c = document.querySelector('[data-count-type="' + k + '"]');
      if (c) c.textContent = num(drawnType[k]) + " / " + num(byType[k]);
    });
    REL_KEYS.forEach(function (k) {
      var c = document.querySelector('[data-count-relation="' + k + '"]');
      if (c) c.textContent = num(drawnRel[k]) + " / " + num(byRel[k]);
    });
    var shown = document.getElementById("kg-shown");
    clear(shown);
    var notes = [];
    if (META) {
      if (META.focus) notes.push(t("centred", { name: META.focus.label, depth: META.focus.depth }));
      if (SERVER) notes.push(t("served", { t: num(META.entities), n: num(S.count) }));
      else if (META.carried < META.entities) {
        notes.push(t("carriedCut", { t: num(META.entities), n: num(META.carried), l: num(META.limit) }));
      }
      var drawnNow = nodes.length;
      notes.push(t(drawnNow < S.count ? "shownSome" : "shownAll", { d: num(drawnNow), n: num(SERVER ? META.entities : S.count) }));
      if (activeFilters()) notes.push(t("filtered", { n: num(total), f: num(facts) }));
    }
    shown.textContent = notes.join(" ");
    shown.className = "notice" + (META && (META.carried < META.entities || activeFilters()) ? " cut" : "");
    document.body.setAttribute("data-shown", String(total));
  }
  function activeFilters() {
    return !!(state.from || state.to || state.iso || Object.keys(state.types).length || Object.keys(state.rels).length);
  }

  // ---------------------------------------------------------------- selection and labels
  function highlight(i) {
    var near = {};
    if (i !== null && i !== undefined) {
      near[i] = true;
      (S.links[i] || []).forEach(function (rid) { var r = S.rel[rid]; near[r.s] = true; near[r.t] = true; });
    }
    var none = i === null || i === undefined;
    nodes.update(nodes.getIds().map(function (id) { return { id: id, opacity: none || near[id] ? 1 : 0.15 }; }));
    edges.update(edges.get().map(function (ed) {
      var on = none || ed.from === i || ed.to === i;
      return { id: ed.id, color: { color: ed.color.color, highlight: "#1f2933", hover: "#1f2933", opacity: on ? 1 : 0.08 } };
    }));
  }
  function setLabels(full) {
    if (full === fullLabels) return;
    fullLabels = full;
    nodes.update(nodes.get().map(function (n) { var e = ent(n.id); return { id: n.id, label: full ? e.label : shortLabel(e.label) }; }));
    network.setOptions({ edges: { font: { size: full ? 11 : 0 } } });
    document.body.setAttribute("data-labels", full ? "full" : "short");
  }

  // ---------------------------------------------------------------- URL state
  function writeState() {
    var p = [];
    function put(k, v) { if (v) p.push(k + "=" + encodeURIComponent(v)); }
    put("e", state.e);
    put("view", state.view !== "graph" ? state.view : "");
    put("table", state.view === "tables" ? state.table : "");
    put("q", state.q);
    put("hide", Object.keys(state.types).sort().join(","));
    put("rels", Object.keys(state.rels).sort().join(","));
    put("from", state.from); put("to", state.to);
    put("iso", state.iso ? "1" : "");
    put("lang", state.lang !== "zh" ? state.lang : "");
    var hash = p.length ? "#" + p.join("&") : "";
    if (location.hash !== hash) history.replaceState(null, "", hash || location.pathname + location.search);
  }
  function readState() {
    var text = location.hash.replace(/^#/, "");
    text.split("&").forEach(function (part) {
      if (!part) return;
      var at = part.indexOf("="), k = at < 0 ? part : part.slice(0, at), v = at < 0 ? "" : decodeURIComponent(part.slice(at + 1));
      if (k === "e") state.e = v;
      else if (k === "view" && (v === "tables" || v === "graph")) state.view = v;
      else if (k === "table" && ["plans", "targets", "officials", "organizations"].indexOf(v) >= 0) state.table = v;
      else if (k === "q") state.q = v;
      else if (k === "hide") v.split(",").forEach(function (x) { if (TYPE_KEYS.indexOf(x) >= 0) state.types[x] = true; });
      else if (k === "rels") v.split(",").forEach(function (x) { if (REL_KEYS.indexOf(x) >= 0) state.rels[x] = true; });
      else if (k === "from" && /^\d{4}-\d{2}-\d{2}$/.test(v)) state.from = v;
      else if (k === "to" && /^\d{4}-\d{2}-\d{2}$/.test(v)) state.to = v;
      else if (k === "iso") state.iso = v === "1";
      else if (k === "lang" && STRINGS[v]) state.lang = v;
    });
  }

  // ---------------------------------------------------------------- language switch
  function applyLanguage() {
    document.documentElement.lang = state.lang === "zh" ? "zh-Hans" : "en";
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (node) {
      node.textContent = t(node.getAttribute("data-i18n"));
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n-ph]"), function (node) {
      node.placeholder = t(node.getAttribute("data-i18n-ph"));
    });
    var lang = document.getElementById("kg-lang");
    lang.textContent = state.lang === "zh" ? "English" : "中文";
    lang.lang = state.lang === "zh" ? "en" : "zh-Hans";
    if (META && META.defaultTitle) {
      var title = state.lang === "zh" ? "政策知识图谱" : "Policy knowledge graph";
      document.getElementById("kg-title").textContent = title;
      document.title = title;
    }
  }

  // ---------------------------------------------------------------- the detail panel
  function section(title) { panel.appendChild(el("h3", null, title)); }
  function typeLine(e) {
    var kind = el("div", "kind");
    kind.appendChild(swatch(e.type));
    kind.appendChild(el("span", null, t("type." + e.type) + (e.kind !== e.type ? " · " + e.kind : "")));
    return kind;
  }
  function jumpButton(i, prefix) {
    var b = el("button");
    b.type = "button";
    if (prefix) b.appendChild(el("span", "rel", prefix));
    var e = ent(i);
    b.appendChild(swatch(e ? e.type : ""));
    b.appendChild(el("span", null, label(i)));
    if (!nodes.get(i)) b.appendChild(el("span", "rel", "(" + t("notDrawn") + ")"));
    b.addEventListener("click", function () { open(i, true); });
    return b;
  }
  function articleLine(k) {
    var a = S.art[k], line = el("span", "src");
    if (!a) { line.textContent = t("unknownArticle"); return line; }
    var bits = [a.date, a.outlet].filter(Boolean);
    if (bits.length) line.appendChild(document.createTextNode(bits.join(" · ") + " · "));
    if (/^https?:\/\//i.test(a.url)) {
      var link = el("a", null, a.title);
      link.href = a.url; link.target = "_blank"; link.rel = "noopener noreferrer nofollow";
      line.appendChild(link);
    } else {
      line.appendChild(el("span", null, a.title));
    }
    if (a.file) line.appendChild(document.createTextNode(" · " + t("file") + " " + a.file));
    return line;
  }
  // The sentence as text nodes, with every occurrence of one of ``names`` in a <mark>.
  function marked(text, names) {
    var quote = el("blockquote"), words = names.filter(function (n) { return n && n.length > 1; })
      .sort(function (a, b) { return b.length - a.length; });
    var at = 0;
    while (at < text.length) {
      var best = -1, word = null;
      words.forEach(function (w) {
        var k = text.indexOf(w, at);
        if (k >= 0 && (best < 0 || k < best || (k === best && w.length > word.length))) { best = k; word = w; }
      });
      if (best < 0) { quote.appendChild(document.createTextNode(text.slice(at))); break; }
      if (best > at) quote.appendChild(document.createTextNode(text.slice(at, best)));
      quote.appendChild(el("mark", null, word));
      at = best + word.length;
    }
    return quote;
  }
  function relName(r) { return r.rel === "holds" ? t("rel.holds") + " " + r.label : t("rel." + r.rel); }
  function factText(r) { return label(r.s) + " → " + relName(r) + " → " + label(r.t); }
  // Evidence grouped by sentence: each sentence once, with the facts it states.
  function evidence(rids, names, limit) {
    var groups = {}, order = [];
    rids.forEach(function (rid) {
      var r = S.rel[rid];
      r.ev.forEach(function (sid) {
        if (!groups[sid]) { groups[sid] = { sid: sid, facts: [], names: {} }; order.push(sid); }
        groups[sid].facts.push(factText(r));
        [r.s, r.t].forEach(function (end) { var e = ent(end); if (e) [e.label].concat(e.alt).forEach(function (n) { groups[sid].names[n] = 1; }); });
      });
    });
    order.sort(function (a, b) {
      var x = S.sen[a], y = S.sen[b];
      var ax = x && x.article >= 0 ? x.article : 1e9, ay = y && y.article >= 0 ? y.article : 1e9;
      return ax - ay || Number(a) - Number(b);
    });
    section(t("evidenceN", { n: order.length }));
    if (!order.length) { panel.appendChild(el("p", "more", t("noSentence"))); return; }
    var box = el("div");
    panel.appendChild(box);
    function render(count) {
      clear(box);
      order.slice(0, count).forEach(function (sid) {
        var g = groups[sid], s = S.sen[sid], item = el("div", "group");
        item.setAttribute("data-sentence", sid);
        item.appendChild(marked(s ? s.text : "", names.concat(Object.keys(g.names))));
        var facts = el("ul", "facts");
        g.facts.filter(function (f, k) { return g.facts.indexOf(f) === k; }).forEach(function (f) { facts.appendChild(el("li", null, f)); });
        item.appendChild(facts);
        if (s) item.appendChild(articleLine(s.article));
        box.appendChild(item);
      });
      if (order.length > count) {
        box.appendChild(button(t("showAll") + " (" + order.length + ")", function () { render(order.length); }, "more"));
      }
    }
    render(limit);
  }
  function iriRow(iri) {
    var row = el("div", "iri"), code = el("code", null, iri);
    row.appendChild(code);
    var copy = button(t("copy"), function () {
      function done() { copy.textContent = t("copied"); document.body.setAttribute("data-copied", iri); }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(iri).then(done, function () { fallback(); });
      } else fallback();
      function fallback() {
        var range = document.createRange(); range.selectNodeContents(code);
        var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        try { document.execCommand("copy"); } catch (err) { /* the IRI stays selected */ }
        done();
      }
    });
    copy.setAttribute("data-copy", iri);
    row.appendChild(copy);
    return row;
  }
  function showIntro() {
    clear(panel);
    panel.removeAttribute("data-showing");
    var box = el("div", "intro");
    box.appendChild(el("h3", null, t("howTo")));
    var list = el("ul");
    ["intro1", "intro2", "intro3", "intro4"].forEach(function (k) { list.appendChild(el("li", null, t(k))); });
    box.appendChild(list);
    panel.appendChild(box);
    if (META && META.entities === 0) panel.appendChild(el("p", "more", t("noEntities")));
  }
  function showEntity(i) {
    var e = ent(i);
    if (!e) return;
    clear(panel);
    panel.setAttribute("data-entity", e.iri);
    panel.setAttribute("data-showing", e.iri);
    panel.appendChild(typeLine(e));
    panel.appendChild(el("h2", null, e.label));
    panel.appendChild(iriRow(e.iri));
    var actions = el("div", "panelbuttons");
    var exp = button(t("expand"), function () { expand(i); }, "expand");
    exp.id = "kg-expand";
    actions.appendChild(exp);
    panel.appendChild(actions);
    if (e.alt.length) {
      section(t("otherNames"));
      var names = el("ul");
      e.alt.forEach(function (n) { names.appendChild(el("li", null, n)); });
      panel.appendChild(names);
    }
    if (e.facts.length) {
      section(t("target"));
      var facts = el("ul");
      e.facts.forEach(function (f) { facts.appendChild(el("li", null, t("fact." + f[0]) + ": " + f[1])); });
      panel.appendChild(facts);
    }
    if (e.posts.length) {
      section(t("posts"));
      var posts = el("ul", "timeline");
      e.posts.forEach(function (p) {
        var item = el("li", null, p[0]);
        var dates = p[1].map(function (k) { return S.art[k] ? S.art[k].date : ""; }).filter(Boolean);
        dates = dates.filter(function (d, k) { return dates.indexOf(d) === k; });
        if (dates.length) item.appendChild(el("span", "date", dates.join("、")));
        posts.appendChild(item);
      });
      panel.appendChild(posts);
    }
    var rids = (S.links[i] || []).slice().sort(function (a, b) { return a - b; });
    if (rids.length) {
      section(t("relationsN", { n: rids.length }));
      var list = el("ul", "linklist");
      rids.forEach(function (rid) {
        var r = S.rel[rid], item = el("li");
        item.appendChild(r.s === i ? jumpButton(r.t, relName(r) + " →") : jumpButton(r.s, "← " + relName(r)));
        list.appendChild(item);
      });
      panel.appendChild(list);
    }
    section(t("mentionedIn", { n: e.articles.length }));
    var arts = el("ol");
    e.articles.slice(0, 100).forEach(function (k) { var li = el("li"); li.appendChild(articleLine(k)); arts.appendChild(li); });
    panel.appendChild(arts);
    if (e.articles.length > 100) panel.appendChild(el("p", "more", "… +" + (e.articles.length - 100)));
    evidence(rids, [e.label].concat(e.alt), 30);
  }
  function showRelation(rid) {
    var r = S.rel[rid];
    if (!r) return;
    clear(panel);
    panel.removeAttribute("data-entity");
    panel.removeAttribute("data-showing");
    panel.appendChild(el("div", "kind", t("relation")));
    panel.appendChild(el("h2", null, relName(r)));
    var ends = el("ul", "linklist");
    var a = el("li"); a.appendChild(jumpButton(r.s, t("from"))); ends.appendChild(a);
    var b = el("li"); b.appendChild(jumpButton(r.t, t("to"))); ends.appendChild(b);
    panel.appendChild(ends);
    evidence([rid], [], 50);
  }

  // Select an entity: draw it (with its neighbourhood when it was not drawn), highlight, show, remember.
  // The panel comes first: it is what was asked for, and it is painted before the graph work (drawing the
  // neighbourhood, highlighting, moving the view) starts. The panel carries data-entity once both are done.
  var opening = 0;
  function open(i, animate) {
    var mine = ++opening;
    return source.around(i).then(function () {
      if (!ent(i) || mine !== opening) return false;
      showEntity(i);
      panel.removeAttribute("data-entity");
      return new Promise(function (resolve) { requestAnimationFrame(function () { setTimeout(resolve, 0); }); });
    }).then(function (shown) { return shown === false ? false : reveal(i); }).then(function (drawn) {
      if (drawn === false || mine !== opening || !nodes.get(i)) return false;
      if (nodes.get(i).hidden) {  // a filter hides it: lift that filter
        var e = ent(i);
        delete state.types[e.type]; state.from = ""; state.to = ""; state.iso = false;
        syncControls(); applyFilters();
      }
      selected = i;
      network.selectNodes([i]);
      highlight(i);
      var scale = Math.max(1.2, network.getScale());
      network.focus(i, { scale: scale, animation: animate ? { duration: 400, easingFunction: "easeInOutQuad" } : false });
      setLabels(scale >= 1.15);
      if (panel.getAttribute("data-showing") !== ent(i).iri) showEntity(i);
      panel.setAttribute("data-entity", ent(i).iri);
      state.e = ent(i).iri; writeState();
      return true;
    });
  }
  function unselect() {
    selected = null; state.e = null; highlight(null); showIntro(); writeState();
    panel.removeAttribute("data-entity");
  }

  // ---------------------------------------------------------------- tooltip
  function hideTip() { tip.hidden = true; }
  function placeTip(pointer) {
    tip.hidden = false;
    var x = pointer.x + 14, y = pointer.y + 14, w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > stage.clientWidth - 4) x = Math.max(4, pointer.x - w - 14);
    if (y + h > stage.clientHeight - 4) y = Math.max(4, pointer.y - h - 14);
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }

  // ---------------------------------------------------------------- search box
  var box = document.getElementById("kg-search"), results = document.getElementById("kg-results");
  var hits = [], active = 0, asked = 0, answered = null;
  function renderResults() {
    clear(results);
    box.setAttribute("aria-expanded", hits.length ? "true" : "false");
    if (!box.value.trim()) return;
    if (!hits.length) { results.appendChild(el("li", "empty", t("noHit"))); return; }
    hits.slice(0, 12).forEach(function (hit, k) {
      var b = el("button");
      b.type = "button";
      b.setAttribute("role", "option");
      b.setAttribute("data-iri", ent(hit.i).iri);
      if (k === active) { b.className = "active"; b.setAttribute("aria-selected", "true"); }
      b.appendChild(swatch(ent(hit.i).type));
      var text = el("span", null, label(hit.i));
      if (hit.alias) { text.appendChild(document.createTextNode(" ")); text.appendChild(el("span", "alias", "(" + hit.alias + ")")); }
      b.appendChild(text);
      b.addEventListener("click", function () { pick(k); });
      var item = el("li"); item.appendChild(b); results.appendChild(item);
    });
    if (hits.length > 12) results.appendChild(el("li", "empty", "… " + t("more", { n: hits.length - 12 })));
  }
  function runSearch() {
    var mine = ++asked, q = box.value;
    if (!q.trim()) { hits = []; renderResults(); return Promise.resolve([]); }
    return source.search(q).then(function (found) {
      if (mine !== asked) return found;
      hits = found.filter(function (h) { return ent(h.i); }); active = 0; answered = q; renderResults();
      document.body.setAttribute("data-searched", q);
      return found;
    });
  }
  function pick(k) {
    if (!hits[k]) return;
    if (state.view !== "graph") setView("graph");
    open(hits[k].i, true);
  }
  var timer = null;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(runSearch, SERVER ? 120 : 60);
  });
  box.addEventListener("keydown", function (event) {
    var count = Math.min(12, hits.length);
    if (event.key === "ArrowDown" && count) {
      event.preventDefault(); active = (active + 1) % count; renderResults();
    } else if (event.key === "ArrowUp" && count) {
      event.preventDefault(); active = (active - 1 + count) % count; renderResults();
    } else if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(timer);
      var keep = active;
      if (answered === box.value && hits.length) pick(Math.min(keep, hits.length - 1));  // the list shown is current
      else runSearch().then(function () { pick(Math.min(keep, Math.max(0, hits.length - 1))); });
    } else if (event.key === "Escape") {
      box.value = ""; hits = []; renderResults();
    }
  });

  // ---------------------------------------------------------------- controls
  function syncControls() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-type]"), function (b) {
      b.checked = !state.types[b.getAttribute("data-type")];
    });
    Array.prototype.forEach.call(document.querySelectorAll("input[data-relation]"), function (b) {
      b.checked = !state.rels[b.getAttribute("data-relation")];
    });
    document.getElementById("kg-from").value = state.from;
    document.getElementById("kg-to").value = state.to;
    document.getElementById("kg-isolated").checked = state.iso;
  }
  function filtersChanged() {
    applyFilters();
    if (selected !== null && nodes.get(selected) && nodes.get(selected).hidden) unselect();
    writeState();
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-type]"), function (b) {
    b.addEventListener("change", function () {
      var k = b.getAttribute("data-type");
      if (b.checked) delete state.types[k]; else state.types[k] = true;
      filtersChanged();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("input[data-relation]"), function (b) {
    b.addEventListener("change", function () {
      var k = b.getAttribute("data-relation");
      if (b.checked) delete state.rels[k]; else state.rels[k] = true;
      filtersChanged();
    });
  });
  ["kg-from", "kg-to"].forEach(function (id) {
    document.getElementById(id).addEventListener("change", function () {
      state.from = document.getElementById("kg-from").value;
      state.to = document.getElementById("kg-to").value;
      filtersChanged();
    });
  });
  document.getElementById("kg-isolated").addEventListener("change", function (ev) {
    state.iso = ev.target.checked; filtersChanged();
  });
  document.getElementById("kg-reset").addEventListener("click", function () {
    state.types = {}; state.rels = {}; state.from = ""; state.to = ""; state.iso = false;
    syncControls(); filtersChanged();
  });
  document.getElementById("kg-fit").addEventListener("click", function () { network.fit({ animation: { duration: 400 } }); });
  document.getElementById("kg-lang").addEventListener("click", function () {
    state.lang = state.lang === "zh" ? "en" : "zh";
    applyLanguage(); updateCounts(); writeState();
    if (selected !== null) showEntity(selected); else showIntro();
    if (state.view === "tables") renderTable();
  });

  function download(name, blob) {
    var url = URL.createObjectURL(blob), a = document.createElement("a");
    a.href = url; a.download = name;
    document.body.appendChild(a); a.click(); document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  document.getElementById("kg-png").addEventListener("click", function () {
    var canvas = document.querySelector("#kg-network canvas");
    if (!canvas) return;
    var out = document.createElement("canvas");
    out.width = canvas.width; out.height = canvas.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    out.toBlob(function (blob) { download("graph.png", blob); }, "image/png");
  });

  // ---------------------------------------------------------------- tables
  var tableData = {}, tableRows = [];
  var tableEl = document.getElementById("kg-table"), filterBox = document.getElementById("kg-table-filter");
  function cellText(v) { return v === null || v === undefined ? "" : String(v); }
  function renderTable() {
    Array.prototype.forEach.call(document.querySelectorAll("#kg-table-tabs button"), function (b) {
      b.className = b.getAttribute("data-table") === state.table ? "on" : "";
    });
    var name = state.table, head = tableEl.tHead, body = tableEl.tBodies[0];
    if (!tableData[name]) {
      clear(body); body.appendChild(el("tr")).appendChild(el("td", null, t("loadingTable")));
      source.table(name).then(function (data) { tableData[name] = data; if (state.table === name) renderTable(); });
      return;
    }
    var data = tableData[name], q = fold(state.q);
    var rows = data.rows.filter(function (row) {
      return !q || fold(row.slice(1).map(cellText).join(" ")).indexOf(q) >= 0;
    });
    var sort = state.sort && state.sort.table === name ? state.sort : null;
    if (sort) {
      var c = sort.col + 1, dir = sort.dir;
      rows = rows.slice().sort(function (a, b) {
        var x = a[c], y = b[c];
        var nx = typeof x === "number" || (x !== "" && !isNaN(Number(x))), ny = typeof y === "number" || (y !== "" && !isNaN(Number(y)));
        var d = nx && ny ? Number(x) - Number(y) : cellText(x) < cellText(y) ? -1 : cellText(x) > cellText(y) ? 1 : 0;
        return d * dir || a[0] - b[0];
      });
    }
    tableRows = rows;
    clear(head); clear(body);
    var tr = el("tr");
    data.columns.forEach(function (col, k) {
      var th = el("th", null, t("col." + col));
      th.setAttribute("data-col", col);
      if (sort && sort.col === k) th.setAttribute("aria-sort", sort.dir > 0 ? "ascending" : "descending");
      th.addEventListener("click", function () {
        var same = state.sort && state.sort.table === name && state.sort.col === k;
        state.sort = { table: name, col: k, dir: same ? -state.sort.dir : 1 };
        renderTable();
      });
      tr.appendChild(th);
    });
    head.appendChild(tr);
    var fragment = document.createDocumentFragment();
    rows.slice(0, 3000).forEach(function (row) {
      var line = el("tr");
      row.slice(1).forEach(function (cell, k) {
        var td = el("td");
        if (k === 0) {
          td.appendChild(button(cellText(cell), function () { setView("graph"); open(row[0], true); }));
        } else td.textContent = cellText(cell);
        line.appendChild(td);
      });
      fragment.appendChild(line);
    });
    body.appendChild(fragment);
    document.getElementById("kg-table-count").textContent = t("rows", { n: num(rows.length) }) +
      (rows.length > 3000 ? " (3,000 shown; CSV has all)" : "");
  }
  Array.prototype.forEach.call(document.querySelectorAll("#kg-table-tabs button"), function (b) {
    b.addEventListener("click", function () { state.table = b.getAttribute("data-table"); renderTable(); writeState(); });
  });
  filterBox.addEventListener("input", function () { state.q = filterBox.value; renderTable(); writeState(); });
  document.getElementById("kg-csv").addEventListener("click", function () {
    var data = tableData[state.table];
    if (!data) return;
    function quote(v) { var s = cellText(v); return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; }
    var lines = [data.columns.map(function (c) { return quote(t("col." + c)); }).join(",")];
    tableRows.forEach(function (row) { lines.push(row.slice(1).map(quote).join(",")); });
    download(state.table + ".csv", new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" }));
  });
  function setView(name) {
    state.view = name;
    document.getElementById("kg-tab-graph").className = name === "graph" ? "on" : "";
    document.getElementById("kg-tab-tables").className = name === "tables" ? "on" : "";
    document.getElementById("kg-tables").hidden = name !== "tables";
    stage.hidden = name !== "graph";
    document.getElementById("kg-controls").hidden = false;
    if (name === "tables") { filterBox.value = state.q; renderTable(); } else if (network) network.redraw();
    writeState();
  }
  document.getElementById("kg-tab-graph").addEventListener("click", function () { setView("graph"); });
  document.getElementById("kg-tab-tables").addEventListener("click", function () { setView("tables"); });

  // ---------------------------------------------------------------- CJK font check
  // Missing glyphs all draw the same box: if 中 and 国 paint the same pixels, there is no Chinese font.
  function hasChineseFont() {
    try {
      var c = document.createElement("canvas"); c.width = 40; c.height = 40;
      var ctx = c.getContext("2d", { willReadFrequently: true });
      function paint(ch) {
        ctx.clearRect(0, 0, 40, 40); ctx.fillStyle = "#000";
        ctx.font = "28px " + getComputedStyle(document.body).fontFamily;
        ctx.fillText(ch, 4, 32);
        return Array.prototype.join.call(ctx.getImageData(0, 0, 40, 40).data, "");
      }
      return paint("中") !== paint("国");
    } catch (err) { return true; }
  }

  // ---------------------------------------------------------------- start
  readState();
  applyLanguage();
  syncControls();
  if (!hasChineseFont()) { document.getElementById("kg-font").hidden = false; document.body.setAttribute("data-cjk", "missing"); }
  showIntro();
  source.start().then(function (start) {
    META = start.meta;
    applyLanguage();
    var initial = start.drawn.filter(function (i) { return ent(i); });
    initial.forEach(function (i) { nodes.add(nodeRecord(ent(i))); });
    initial.forEach(drawEdgesOf);
    var options = JSON.parse(JSON.stringify(DATA.options));
    options.layout.improvedLayout = initial.length <= 120;
    network = new vis.Network(document.getElementById("kg-network"), { nodes: nodes, edges: edges }, options);
    view.network = network;
    applyFilters();
    var loading = document.getElementById("kg-loading"), bar = document.getElementById("kg-loading-bar");
    function settle() {
      if (view.settled) return;
      view.settled = true;
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      loading.hidden = true;
      var wanted = state.e;
      var then = wanted ? source.find(wanted).then(function (i) { return i === null ? null : open(i, false); })
        : start.focus !== null && start.focus !== undefined ? open(start.focus, false) : Promise.resolve();
      then.then(function () {
        if (state.view === "tables") setView("tables");
        if (state.q) filterBox.value = state.q;
        document.body.setAttribute("data-settled", "true");
      });
    }
    network.on("stabilizationProgress", function (p) { bar.style.width = Math.round(100 * p.iterations / Math.max(1, p.total)) + "%"; });
    network.once("stabilizationIterationsDone", settle);
    if (!initial.length) settle();
    network.on("zoom", function () { hideTip(); setLabels(network.getScale() >= 1.15); });
    network.on("dragStart", hideTip);
    network.on("blurNode", hideTip);
    network.on("blurEdge", hideTip);
    network.on("hoverNode", function (p) {
      var e = ent(p.node);
      if (!e) return;
      clear(tip);
      tip.appendChild(typeLine(e));
      tip.appendChild(el("div", "name", e.label));
      if (e.alt.length) tip.appendChild(el("div", null, e.alt.slice(0, 4).join("、") + (e.alt.length > 4 ? " …" : "")));
      tip.appendChild(el("div", "muted", t("articlesN", { n: e.articles.length }) + " · " + t("factsN", { n: e.degree })));
      placeTip(p.pointer.DOM);
    });
    network.on("hoverEdge", function (p) {
      var r = S.rel[String(p.edge).slice(1)];
      if (!r) return;
      clear(tip);
      tip.appendChild(el("div", "name", label(r.s) + " → " + label(r.t)));
      tip.appendChild(el("div", null, relName(r)));
      placeTip(p.pointer.DOM);
    });
    network.on("click", function (p) {
      hideTip();
      if (p.nodes.length) open(p.nodes[0], false);
      else if (p.edges.length) { showRelation(String(p.edges[0]).slice(1)); }
      else unselect();
    });
    network.on("doubleClick", function (p) { if (p.nodes.length) expand(p.nodes[0]); });
  }, function (err) {
    panel.appendChild(el("p", "more", String(err && err.message || err)));
    document.body.setAttribute("data-settled", "error");
  });

  view.search = function (q) { return source.search(q).then(function (h) { return h.map(function (x) { return ent(x.i).iri; }); }); };
  view.open = function (iri) { return source.find(iri).then(function (i) { return i === null ? false : open(i, false); }); };
  view.expand = function (iri) { return source.find(iri).then(function (i) { return expand(i); }); };
  view.index = function (iri) { return S.byIri[iri]; };
  view.drawn = function () { return nodes.getIds().map(function (i) { return ent(i).iri; }); };
  view.visible = function () { return visibleNodes().map(function (n) { return ent(n.id).iri; }); };
})();
