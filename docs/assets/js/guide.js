/*
 * Every page, after Material's script (inlined at the end of <body> by
 * overrides/main.html):
 *
 * - window.guideData: the shared text of mkdocs.yml extra.guide (attribution, title,
 *   site address), parsed once from <script id="guide-data"> for the page scripts;
 * - citation previews (content.tooltips): Material appends each preview to <body>,
 *   outside every landmark (axe: region). The preview repeats the reference that the
 *   link already exposes through aria-describedby, which still reads hidden elements,
 *   so the preview itself is hidden from the accessibility tree;
 * - scripts only on the pages that use them: each page names its scripts in
 *   <script type="application/json" id="guide-scripts"> in <head> (paths from the
 *   site's root, which Material keeps in __md_scope), and this loader fetches and runs
 *   each named script once, after Material's bundle: the first paint does not share
 *   the network with them. Material's instant navigation swaps <head> elements page
 *   by page, so the loader (subscribed to Material's document$) also runs a script the
 *   first time a page that names it is reached without a full load; the scripts
 *   subscribe to document$ themselves and so run again on every later page.
 */
(function () {
  window.guideData = JSON.parse(document.getElementById("guide-data").textContent);

  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node.classList && node.classList.contains("md-tooltip2")) {
          node.setAttribute("aria-hidden", "true");
        }
      });
    });
  }).observe(document.body, { childList: true });

  var loaded = {};
  function load() {
    var named = document.getElementById("guide-scripts");
    (named ? JSON.parse(named.textContent) : []).forEach(function (path) {
      var src = new URL(path, window.__md_scope || document.baseURI).href;
      if (loaded[src]) {
        return;
      }
      loaded[src] = true;
      var script = document.createElement("script");
      script.src = src;
      document.body.appendChild(script);
    });
  }
  if (window.document$) {
    window.document$.subscribe(load);
  } else {
    load();
  }
})();
