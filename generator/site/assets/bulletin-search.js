/* Loads Pagefind's search UI on the search page only. Everything is fetched
   from this site itself: the script finds the site root from its own URL. */
(function () {
  var host = document.getElementById("bulletin-search");
  if (!host) return;
  var me = document.querySelector('script[src$="assets/bulletin-search.js"]');
  var root = me ? me.src.replace(/assets\/bulletin-search\.js.*$/, "") : "./";
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = root + "pagefind/pagefind-ui.css";
  document.head.appendChild(css);
  var js = document.createElement("script");
  js.src = root + "pagefind/pagefind-ui.js";
  js.onload = function () {
    /* global PagefindUI */
    new PagefindUI({
      element: "#bulletin-search",
      bundlePath: root + "pagefind/",
      showImages: false,
      resetStyles: false,
      translations: document.documentElement.lang === "en" ? {} : {
        placeholder: "搜索稿件和通报",
        zero_results: "没有找到包含 [SEARCH_TERM] 的内容",
        many_results: "找到 [COUNT] 条结果",
        one_result: "找到 1 条结果",
        load_more: "加载更多"
      }
    });
    var input = host.querySelector("input");
    var params = new URLSearchParams(window.location.search);
    if (input && params.get("q")) {
      input.value = params.get("q");
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
  };
  document.head.appendChild(js);
})();
