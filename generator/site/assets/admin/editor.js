/* bulletin: start Decap CMS with the instance's settings (admin/config.yml is generated).
 * - uploads go to evidence/YYYY/MM/ (this month, in the instance's time zone): config.yml says
 *   "evidence" and this script puts the month in before Decap reads it;
 * - the preview uses the site's own stylesheets;
 * - without a forge in editor.yaml, the page only works with `bulletin serve --edit`. */
(function () {
  "use strict";
  var settings = {};
  try { settings = JSON.parse(document.body.getAttribute("data-bulletin") || "{}"); } catch (e) { settings = {}; }
  var zh = settings.lang !== "en";
  var local = location.hostname === "127.0.0.1" || location.hostname === "localhost";

  function notice(text) {
    var box = document.createElement("div");
    box.setAttribute("role", "alert");
    box.style.cssText = "max-width:40em;margin:4em auto;padding:1.5em;font:16px/1.7 sans-serif;" +
      "border:1px solid #c00;border-radius:6px";
    box.textContent = text;
    document.body.appendChild(box);
  }

  if (!window.CMS) {
    notice(zh ? "网页报送程序没有加载：请联系网站管理员（安装方法见 docs/editor.md）。"
              : "The editor did not load: ask the site's administrator (see docs/editor.md).");
    return;
  }
  if (!settings.forge && !local) {
    notice(zh ? "本站尚未配置代码托管平台（editor.yaml），网页报送暂不可用。单机使用请在本机运行 " +
                "bulletin serve --edit 后打开 http://127.0.0.1:8000/admin/ 。"
              : "No forge is configured (editor.yaml). On a single machine, run bulletin serve --edit " +
                "and open http://127.0.0.1:8000/admin/.");
    return;
  }

  var now = new Date(), year = String(now.getFullYear()), month = ("0" + (now.getMonth() + 1)).slice(-2);
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone: settings.timezone || "Asia/Shanghai", year: "numeric",
                                       month: "2-digit" }).formatToParts(now).forEach(function (p) {
      if (p.type === "year") { year = p.value; }
      if (p.type === "month") { month = p.value; }
    });
  } catch (e) { /* the browser's own time zone */ }
  var evidence = "evidence/" + year + "/" + month;

  (settings.stylesheets || []).forEach(function (href) {
    window.CMS.registerPreviewStyle(new URL(href, location.href).href);
  });
  var h = window.h, createClass = window.createClass;
  if (h && createClass) {
    var Page = createClass({
      render: function () {
        var entry = this.props.entry;
        return h("div", { className: "md-typeset", style: { padding: "1rem 1.5rem" } },
                 h("h1", {}, entry.getIn(["data", "title"]) || ""),
                 this.props.widgetFor("body"));
      }
    });
    ["submissions", "solicitations", "opinions", "interviews"].forEach(function (name) {
      window.CMS.registerPreviewTemplate(name, Page);
    });
  }
  // Empty optional fields are left out of the file, as a person writing it would: an empty
  // date ("") or list ([]) is not what `bulletin check` accepts for "no value".
  function prune(value) {
    if (value === "" || value === null || value === undefined) { return undefined; }
    if (value && typeof value.toJS === "function" && typeof value.filter === "function") {
      var out = value.map(prune).filter(function (v) { return v !== undefined; });
      if (typeof value.push === "function" && out.size === 0) { return undefined; }   // an empty list
      return out;
    }
    return value;
  }
  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      var body = data.get("body");
      var pruned = prune(data);
      return body === undefined ? pruned : pruned.set("body", body || "");
    }
  });

  // config.yml names the evidence folder "evidence": make it this month's, and hand Decap the
  // text as YAML whatever Content-Type the web server gives .yml files.
  fetch("config.yml", { credentials: "same-origin", cache: "no-cache" }).then(function (response) {
    if (!response.ok) { throw new Error("config.yml: " + response.status); }
    return response.text();
  }).then(function (text) {
    text = text.replace(/^media_folder: evidence$/m, "media_folder: " + evidence)
               .replace(/^public_folder: evidence$/m, "public_folder: " + evidence);
    var link = document.querySelector('link[rel="cms-config-url"]');
    link.setAttribute("href", URL.createObjectURL(new Blob([text], { type: "text/yaml" })));
    window.CMS.init();
  }).catch(function (error) {
    notice((zh ? "无法读取网页报送的设置：" : "Cannot read the editor's settings: ") + error.message);
  });
})();
