/* bulletin: site search. A box in the header of every page (results as you type) and the
   search page (search/index.html?q=...), both over the Pagefind index shards the build
   wrote under pagefind/ (see generator/site/search.py). Everything is fetched from this
   site itself: the script finds the site root from its own URL.

   A query is split the way the index was: runs of Han characters into overlapping
   bigrams, other runs of letters or digits into lower-case words. Pagefind returns the
   pages holding every piece; of those, the pages whose text holds each term as typed are
   shown: exact title or 文号 matches first, then phrases in a title, in a heading, in the
   text, then the rest, in Pagefind's order within each group. Text from the index is only ever set
   as text (textContent), never as HTML. */
(function () {
  "use strict";
  var me = document.currentScript || document.querySelector('script[src*="assets/bulletin-search.js"]');
  var root = me ? me.src.replace(/assets\/bulletin-search\.js.*$/, "") : "./";
  var en = (document.documentElement.lang || "").toLowerCase().indexOf("en") === 0;
  var T = en ? {
    placeholder: "Search", label: "Search the site", all: "All", kind: "Type", unit: "Unit", year: "Year",
    searching: "Searching…", none: "Nothing found for “{q}”.", count: "{n} results", one: "1 result",
    more: "More results", all_results: "All results and filters", failed: "Search failed to load: {e}",
    file: "Search needs the site to be served: this page was opened from disk (file://), where the " +
          "browser does not let it load the search index. In the instance's folder run `bulletin serve` " +
          "and open http://127.0.0.1:8000/ to search."
  } : {
    placeholder: "搜索", label: "搜索全站", all: "全部", kind: "类型", unit: "单位", year: "年份",
    searching: "正在搜索…", none: "没有找到包含“{q}”的内容。", count: "找到 {n} 条结果", one: "找到 1 条结果",
    more: "加载更多", all_results: "全部结果与筛选", failed: "搜索未能加载：{e}",
    file: "搜索需要通过网站服务访问：本页是从磁盘直接打开的（file://），浏览器不允许这样加载搜索索引。" +
          "请在实例文件夹运行 bulletin serve，然后在浏览器打开 http://127.0.0.1:8000/ 再搜索。"
  };
  function fmt(s, vars) { return s.replace(/\{(\w+)\}/g, function (_, k) { return vars[k]; }); }

  /* ---- the same splitting as search.py (tokens, squeeze) */
  var HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3134f}";
  var HAN_ONE = new RegExp("^[" + HAN + "]$", "u");
  function norm(s) { return String(s || "").normalize("NFKC").toLowerCase(); }
  function tokens(text) {
    var out = [], re = new RegExp("([" + HAN + "]+)|((?:(?![" + HAN + "])[\\p{L}\\p{N}])+)", "gu"), m;
    text = norm(text);
    while ((m = re.exec(text)) !== null) {
      if (m[1] === undefined) { out.push(m[2]); continue; }
      var han = Array.from(m[1]);
      if (han.length === 1) { out.push(han[0]); continue; }
      for (var i = 0; i + 1 < han.length; i++) out.push(han[i] + han[i + 1]);
    }
    return out;
  }
  function squeeze(text) { return (norm(text).match(/[\p{L}\p{N}]+/gu) || []).join(""); }

  /* What Pagefind is asked for a term: enough bigrams to cover each Han run (every other one, and
     the last), every other word as it is; the text check below does the rest. */
  function pieces(term) {
    var out = [], re = new RegExp("([" + HAN + "]+)|((?:(?![" + HAN + "])[\\p{L}\\p{N}])+)", "gu"), m;
    var text = norm(term);
    while ((m = re.exec(text)) !== null) {
      if (m[1] === undefined) { out.push(m[2]); continue; }
      var han = Array.from(m[1]);
      if (han.length === 1) { out.push(han[0]); continue; }
      for (var i = 0; i + 1 < han.length; i += 2) out.push(han[i] + han[i + 1]);
      if (han.length % 2 === 1) out.push(han[han.length - 2] + han[han.length - 1]);
    }
    return out;
  }

  function parse(q) {
    var terms = String(q || "").split(/\s+/).filter(function (t) { return squeeze(t) !== ""; });
    var words = [];
    terms.forEach(function (t) { pieces(t).forEach(function (w) { if (words.indexOf(w) < 0) words.push(w); }); });
    /* a lone Han character is kept only when nothing else is asked (then it is a prefix of bigrams) */
    var longer = words.filter(function (w) { return !HAN_ONE.test(w); });
    return { terms: terms, squeezed: terms.map(squeeze), full: terms.map(squeeze).join(""),
             query: (longer.length ? longer : words).join(" ") };
  }

  /* ---- Pagefind and the shards: `pages` and the newest year at first, older years when needed */
  var loading = null;
  function load() {
    if (loading) return loading;
    loading = (async function () {
      var resp = await fetch(root + "pagefind/bulletin-search.json");
      if (!resp.ok) throw new Error("pagefind/bulletin-search.json: " + resp.status);
      var manifest = await resp.json();
      var shards = manifest.shards, first = root + "pagefind/" + shards[0].name + "/";
      var pf = await import(first + "pagefind.js");
      /* The index's language, not the page's: on a page in Chinese Pagefind would split a query
         into words of its own (丽华 into 丽 and 华). It reads the page's lang when it starts, so the
         attribute says the index's language for that moment. No web worker: its script is 40 KB. */
      var language = manifest.language || "und", html = document.documentElement, lang = html.getAttribute("lang");
      await pf.options({ basePath: first, baseUrl: "/", noWorker: true, language: language });
      html.setAttribute("lang", language);
      try { await pf.init(); } finally { if (lang === null) html.removeAttribute("lang"); else html.setAttribute("lang", lang); }
      var ctx = { pf: pf, manifest: manifest, merged: 1, merging: null };
      while (ctx.merged < (manifest.initial || 2) && await mergeNext(ctx)) { /* the shards searched at once */ }
      return ctx;
    })();
    loading.catch(function () { loading = null; });
    return loading;
  }
  /* Merge the next shard (once, whoever asks first); false when every shard is merged. */
  function mergeNext(ctx) {
    if (ctx.merging) return ctx.merging;
    if (ctx.merged >= ctx.manifest.shards.length) return Promise.resolve(false);
    var name = ctx.manifest.shards[ctx.merged].name;
    ctx.merging = ctx.pf.mergeIndex(root + "pagefind/" + name + "/").then(function () {
      ctx.merged += 1;
      ctx.merging = null;
      return true;
    }, function (e) { ctx.merging = null; throw e; });
    return ctx.merging;
  }

  function tier(p, d) {
    var m = d.meta || {};
    var title = squeeze(m.title), number = squeeze(m.number);
    if (title === p.full || (number && number === p.full)) return 0;
    if (title.indexOf(p.full) >= 0 || (number && number.indexOf(p.full) >= 0)) return 1;
    if (String(m.headings || "").split("\n").some(function (h) { return squeeze(h).indexOf(p.full) >= 0; })) return 2;
    if (d._hay.indexOf(p.full) >= 0) return 3;
    return 4;
  }

  /* A search: Pagefind's candidates, read in batches, kept when they hold every term; when the
     merged shards have no more, the next shard is merged and the search asked again. */
  function Search(q, filters) {
    this.p = parse(q);
    this.filters = filters || {};
    this.candidates = null;
    this.next = 0;
    this.kept = [];
    this.seen = {};
    this.searchedWith = 0;
    this.finished = false;
  }
  Search.prototype.more = async function (n) {
    var ctx = await load(), self = this;
    if (!this.p.query) { this.finished = true; return this.kept; }
    if (this.candidates === null || (this.next >= this.candidates.length && this.searchedWith < ctx.merged)) {
      this.searchedWith = ctx.merged;
      var res = await ctx.pf.search(this.p.query, { filters: this.filters });
      this.candidates = ((res && res.results) || []).filter(function (r) { return !self.seen[r.id]; });
      this.next = 0;
    }
    if (this.next >= this.candidates.length) {
      if (!(await mergeNext(ctx)) && this.searchedWith >= ctx.manifest.shards.length) this.finished = true;
      return this.kept;
    }
    var batch = this.candidates.slice(this.next, this.next + n);
    this.next += batch.length;
    batch.forEach(function (r) { self.seen[r.id] = true; });
    var datas = await Promise.all(batch.map(function (r) { return r.data(); }));
    datas.forEach(function (d) {
      var m = d.meta || {};
      d._hay = [m.title, m.number, m.units, m.head, m.headings, m.body].map(squeeze).join("|");
      if (self.p.squeezed.every(function (t) { return d._hay.indexOf(t) >= 0; })) {
        d._tier = tier(self.p, d);
        d._order = self.kept.length;
        self.kept.push(d);
      }
    });
    this.kept.sort(function (a, b) { return a._tier - b._tier || a._order - b._order; });
    return this.kept;
  };
  Search.prototype.done = function () { return this.finished; };
  Search.prototype.all = async function () {
    while (!this.done()) await this.more(50);
    return this.kept;
  };

  /* ---- drawing */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  /* The body around the first term, the terms marked; matched on a folded copy (NFKC, lower case)
     but shown as written. */
  function excerpt(body, terms) {
    var text = String(body || "").replace(/\s+/g, " ").trim();
    var low = "", map = [], pos = 0;
    for (var ch of text) {
      var f = ch.normalize("NFKC").toLowerCase();
      for (var k = 0; k < f.length; k++) map.push(pos);
      low += f;
      pos += ch.length;
    }
    map.push(pos);
    var hits = [];
    terms.map(norm).filter(Boolean).forEach(function (t) {
      for (var j = low.indexOf(t); j >= 0; j = low.indexOf(t, j + t.length)) hits.push([map[j], map[j + t.length]]);
    });
    hits.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var at = hits.length ? hits[0][0] : 0;
    var start = Math.max(0, at - 40), end = Math.min(text.length, start + 140);
    var p = el("p", "bs-excerpt"), i = start;
    if (start > 0) p.appendChild(document.createTextNode("…"));
    hits.forEach(function (h) {
      if (h[0] < i || h[0] >= end) return;
      if (h[0] > i) p.appendChild(document.createTextNode(text.slice(i, h[0])));
      i = Math.min(h[1], end);
      p.appendChild(el("mark", null, text.slice(h[0], i)));
    });
    if (i < end) p.appendChild(document.createTextNode(text.slice(i, end)));
    if (end < text.length) p.appendChild(document.createTextNode("…"));
    return p;
  }
  function resultItem(d, terms) {
    var m = d.meta || {};
    var li = el("li", "bs-result");
    var a = el("a", "bs-title", m.title || m.path);
    a.href = root + (m.path || "");
    li.appendChild(a);
    var line = el("div", "bs-meta");
    [m.kind, m.units, m.date, m.number].forEach(function (v) {
      if (!v) return;
      if (line.childNodes.length) line.appendChild(document.createTextNode(" · "));
      line.appendChild(el("span", null, v));
    });
    li.appendChild(line);
    li.appendChild(excerpt(m.body, terms));
    return li;
  }

  function Panel(host, opts) {
    var self = this;
    this.opts = opts;
    this.host = host;
    this.form = el("div", "bs-filters");
    this.selects = {};
    ["kind", "unit", "year"].forEach(function (key) {
      var label = el("label", "bs-filter");
      label.appendChild(el("span", null, T[key]));
      var s = el("select");
      s.setAttribute("data-filter", key);
      s.appendChild(new Option(T.all, ""));
      s.addEventListener("change", function () { self.run(); });
      label.appendChild(s);
      self.form.appendChild(label);
      self.selects[key] = s;
    });
    this.status = el("p", "bs-status");
    this.status.setAttribute("role", "status");
    this.list = el("ol", "bs-results");
    this.moreButton = el("button", "bs-more md-button", T.more);
    this.moreButton.type = "button";
    this.moreButton.hidden = true;
    this.moreButton.addEventListener("click", function () { self.show(self.search, opts.batch); });
    host.appendChild(this.form);
    host.appendChild(this.status);
    host.appendChild(this.list);
    host.appendChild(this.moreButton);
    if (opts.link) {
      this.link = el("a", "bs-all", T.all_results);
      host.appendChild(this.link);
    }
    this.seq = 0;
    this.q = "";
  }
  Panel.prototype.fillFilters = function (manifest) {
    var self = this;
    ["kind", "unit", "year"].forEach(function (key) {
      var s = self.selects[key];
      if (s.getAttribute("data-filled")) return;
      s.setAttribute("data-filled", "1");
      var have = Array.prototype.map.call(s.options, function (o) { return o.value; });
      ((manifest.filters || {})[key] || []).forEach(function (v) { if (have.indexOf(v) < 0) s.appendChild(new Option(v, v)); });
    });
  };
  Panel.prototype.filters = function () {
    var f = {};
    for (var key in this.selects) if (this.selects[key].value) f[key] = this.selects[key].value;
    return f;
  };
  Panel.prototype.setQuery = function (q) { this.q = q; this.run(); };
  Panel.prototype.run = function () {
    var self = this, q = this.q, seq = ++this.seq;
    if (this.link) this.link.href = root + "search/index.html?q=" + encodeURIComponent(q);
    if (location.protocol === "file:") { this.status.textContent = T.file; this.status.className = "bs-status bs-file"; return; }
    this.list.textContent = "";
    this.moreButton.hidden = true;
    if (!squeeze(q)) { this.status.textContent = ""; this.host.removeAttribute("data-state"); return; }
    this.status.textContent = T.searching;
    this.host.setAttribute("data-state", "searching");
    load().then(function (ctx) {
      if (seq !== self.seq) return;
      self.fillFilters(ctx.manifest);
      self.search = new Search(q, self.filters());
      self.search.seq = seq;
      return self.show(self.search, self.opts.batch);
    }).catch(function (e) {
      if (seq !== self.seq) return;
      self.status.textContent = fmt(T.failed, { e: e && e.message ? e.message : String(e) });
      self.host.setAttribute("data-state", "failed");
    });
  };
  Panel.prototype.show = async function (search, want) {
    var self = this, shown = this.list.children.length;
    /* read candidates until `want` more pages hold the terms, or none are left */
    while (search.kept.length < shown + want && !search.done()) await search.more(want);
    if (search.seq !== this.seq) return;
    var kept = search.kept.slice(0, Math.min(search.kept.length, shown + want));
    this.list.textContent = "";
    kept.forEach(function (d) { self.list.appendChild(resultItem(d, search.p.terms)); });
    var n = search.kept.length;
    var total = search.done() ? String(n) : n + "+";
    this.status.textContent = n === 0 ? fmt(T.none, { q: this.q }) : n === 1 && search.done() ? T.one : fmt(T.count, { n: total });
    this.moreButton.hidden = search.done() && kept.length >= n;
    this.host.setAttribute("data-state", "done");
  };

  function debounce(fn, ms) {
    var t = null;
    return function () { var args = arguments; clearTimeout(t); t = setTimeout(function () { fn.apply(null, args); }, ms); };
  }

  /* ---- the header box, on every page */
  function headerBox() {
    var inner = document.querySelector(".md-header__inner");
    if (!inner || document.querySelector(".bs-box")) return;
    var box = el("div", "bs-box");
    var form = el("form", "bs-form");
    form.setAttribute("role", "search");
    form.action = root + "search/index.html";
    var input = el("input", "bs-input");
    input.type = "search";
    input.name = "q";
    input.autocomplete = "off";
    input.placeholder = T.placeholder;
    input.setAttribute("aria-label", T.label);
    form.appendChild(input);
    box.appendChild(form);
    var drop = el("div", "bs-drop");
    drop.hidden = true;
    box.appendChild(drop);
    var panel = new Panel(drop, { batch: 8, link: true });
    var source = inner.querySelector(".md-header__source");
    inner.insertBefore(box, source);
    var typed = debounce(function () { panel.setQuery(input.value); }, 150);
    input.addEventListener("input", function () { drop.hidden = !input.value.trim(); typed(); });
    input.addEventListener("focus", function () { drop.hidden = !input.value.trim(); });
    input.addEventListener("keydown", function (e) { if (e.key === "Escape") { drop.hidden = true; input.blur(); } });
    document.addEventListener("click", function (e) { if (!box.contains(e.target)) drop.hidden = true; });
  }

  /* ---- the search page */
  function searchPage() {
    var host = document.getElementById("bulletin-search");
    if (!host) return;
    var input = el("input", "bs-input bs-page-input");
    input.type = "search";
    input.autocomplete = "off";
    input.placeholder = T.placeholder;
    input.setAttribute("aria-label", T.label);
    host.appendChild(input);
    var panel = new Panel(host, { batch: 10, link: false });
    var params = new URLSearchParams(location.search);
    ["kind", "unit", "year"].forEach(function (key) {
      var v = params.get(key);
      if (v) { var s = panel.selects[key]; s.appendChild(new Option(v, v)); s.value = v; }
    });
    var typed = debounce(function () {
      panel.setQuery(input.value);
      if (history.replaceState && location.protocol !== "file:") {
        var u = new URL(location.href);
        u.searchParams.set("q", input.value);
        history.replaceState(null, "", u.toString());
      }
    }, 150);
    input.addEventListener("input", typed);
    if (params.get("q")) { input.value = params.get("q"); panel.setQuery(input.value); }
    else if (location.protocol === "file:") { panel.status.textContent = T.file; panel.status.className = "bs-status bs-file"; }
  }

  /* for the tests: every page found for a query, in the order shown */
  window.bulletinSearch = {
    parse: parse, tokens: tokens, pieces: pieces, squeeze: squeeze,
    find: async function (q, filters) {
      var s = new Search(q, filters);
      var kept = await s.all();
      return kept.map(function (d) { return d.meta.path; });
    }
  };

  function start() { headerBox(); searchPage(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
