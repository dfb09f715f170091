/*
 * Section tools: what a trainer or a reader on a phone needs beside each section.
 *
 * - "Copy link" on every h2 and h3 of the article: copies the section's canonical
 *   address (the page's <link rel="canonical">, i.e. mkdocs.yml site_url + the page's
 *   path, plus "#id": the same address the "Link to this guide" page lists).
 * - "Print this section" on every h2 (not on the page's References): prints the
 *   section (the h2 up to the next h2, and a paragraph naming the sources of the
 *   whole page it is part of: data-source-of), the references it cites and a footer
 *   with the section's address and the source attribution. It marks what to keep and
 *   sets <html data-print-section>; the @media print rules of section-tools.css do
 *   the rest; window.print(), and everything is restored on "afterprint".
 * - "Cite this section" (<details class="cite-section">, written at build time by
 *   the citations plugin): fills in today's date as the accessed date and adds a
 *   "Copy reference" button.
 * - Citations: following one highlights its entry (CSS :target) and the entry gets
 *   a "Back to text" link to the citing sentence.
 * - Deep links: a heading opened by its address lands at the top, below the header,
 *   even near the end of a short page (a spacer is added only when needed).
 * - "Link to this guide": a copy button beside each address (added in slices of a
 *   few milliseconds: the page has over a hundred). Once every tool is in, the
 *   article gets data-section-tools.
 *
 * Every control is a real <button>, always visible (also on touch screens), with an
 * accessible name; each copy shows a visible confirmation that is also announced
 * (role=status). Without JavaScript none of this is added: headings keep their
 * permalink, the browser prints the whole page and the citation text is shown as is.
 * Shared text (attribution, title) comes from <script id="guide-data"> (mkdocs.yml
 * extra.guide). Runs on every page load, including Material's instant navigation.
 */
(function () {
  "use strict";

  var SVG_OPEN = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" width="18" height="18"><path fill="currentColor" d="';
  var ICONS = {
    // Material Design Icons: link-variant, printer-outline, content-copy, check
    link: "M10.59 13.41c.41.39.41 1.03 0 1.42-.39.39-1.03.39-1.42 0a5.003 5.003 0 0 1 0-7.07l3.54-3.54a5.003 5.003 0 0 1 7.07 0 5.003 5.003 0 0 1 0 7.07l-1.49 1.49c.01-.82-.12-1.64-.4-2.42l.47-.48a2.98 2.98 0 0 0 0-4.24 2.98 2.98 0 0 0-4.24 0l-3.53 3.53a2.98 2.98 0 0 0 0 4.24m2.82-4.24c.39-.39 1.03-.39 1.42 0a5.003 5.003 0 0 1 0 7.07l-3.54 3.54a5.003 5.003 0 0 1-7.07 0 5.003 5.003 0 0 1 0-7.07l1.49-1.49c-.01.82.12 1.64.4 2.43l-.47.47a2.98 2.98 0 0 0 0 4.24 2.98 2.98 0 0 0 4.24 0l3.53-3.53a2.98 2.98 0 0 0 0-4.24.973.973 0 0 1 0-1.42Z",
    print: "M19 8c1.66 0 3 1.34 3 3v6h-4v4H6v-4H2v-6c0-1.66 1.34-3 3-3h1V3h12v5h1M8 5v3h8V5H8m8 14v-4H8v4h8m2-4h2v-4c0-.55-.45-1-1-1H5c-.55 0-1 .45-1 1v4h2v-2h12v2m1-3.5c0 .55-.45 1-1 1s-1-.45-1-1 .45-1 1-1 1 .45 1 1Z",
    copy: "M19 21H8V7h11m0-2H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2m-3-4H4a2 2 0 0 0-2 2v14h2V3h12V1Z",
    check: "M21 7 9 19l-5.5-5.5 1.41-1.41L9 16.17 19.59 5.59 21 7Z",
  };
  var DONE_MS = 2500;
  var STATUS_MS = 4000;

  function icon(name) {
    return SVG_OPEN + ICONS[name] + '"/></svg>';
  }

  /* A button's icon and its check mark: parsed once, then cloned for every button
     (the "Link to this guide" page has over a hundred; parsing the markup for each
     was most of the script's start-up there). */
  var parsedIcons = {};

  function icons(name) {
    if (!parsedIcons[name]) {
      var template = document.createElement("template");
      template.innerHTML = icon(name) + icon("check");
      parsedIcons[name] = template.content;
    }
    return parsedIcons[name].cloneNode(true);
  }

  function textLabel(text, hidden) {
    var span = document.createElement("span");
    if (hidden) {
      span.setAttribute("aria-hidden", "true");
    }
    span.textContent = text;
    return span;
  }

  // Attribution and site address from mkdocs.yml extra.guide (parsed once by overrides/main.html).
  function guideData() {
    return window.guideData || {};
  }

  /* --- Addresses ---------------------------------------------------------- */

  /* The page's canonical address (site_url + path): instant navigation replaces
     <link rel="canonical"> with the new page's. Without site_url: this address. */
  function pageAddress() {
    var canonical = document.querySelector('link[rel="canonical"]');
    var href = canonical ? canonical.href : window.location.origin + window.location.pathname;
    return href.split("#")[0];
  }

  function sectionAddress(id) {
    return pageAddress() + "#" + id;
  }

  /* --- Copy, with a visible and announced confirmation ---------------------- */

  var statusTimer = null;

  function statusRegion() {
    var region = document.getElementById("copy-link-status");
    if (!region) {
      region = document.createElement("div");
      region.id = "copy-link-status";
      region.className = "section-tools-status";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    return region;
  }

  /* Show "message" (and "detail", e.g. the address) for a few seconds. */
  function announce(message, detail) {
    var region = statusRegion();
    region.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = message;
    region.appendChild(strong);
    if (detail) {
      var small = document.createElement("span");
      small.className = "section-tools-status__detail";
      small.textContent = detail;
      region.appendChild(document.createTextNode(" "));
      region.appendChild(small);
    }
    region.classList.add("section-tools-status--visible");
    window.clearTimeout(statusTimer);
    statusTimer = window.setTimeout(function () {
      region.classList.remove("section-tools-status--visible");
    }, STATUS_MS);
  }

  /* Copy plain text (and, where the browser allows, the same as HTML, so a
     title keeps its italics when pasted into slides). Resolves true/false. */
  function copyText(text, html) {
    if (navigator.clipboard && window.isSecureContext) {
      if (html && window.ClipboardItem && navigator.clipboard.write) {
        var item = new window.ClipboardItem({
          "text/plain": new Blob([text], { type: "text/plain" }),
          "text/html": new Blob([html], { type: "text/html" }),
        });
        return navigator.clipboard.write([item]).then(
          function () { return true; },
          function () { return navigator.clipboard.writeText(text).then(function () { return true; }, legacy); }
        );
      }
      return navigator.clipboard.writeText(text).then(function () { return true; }, legacy);
    }
    return Promise.resolve(legacy());

    function legacy() {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "section-tools-offscreen";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try {
        done = document.execCommand("copy");
      } catch (error) {
        done = false;
      }
      area.remove();
      return done;
    }
  }

  function markDone(button) {
    button.classList.add("section-tools__button--done");
    window.setTimeout(function () {
      button.classList.remove("section-tools__button--done");
    }, DONE_MS);
  }

  function copyWithFeedback(button, text, html, done, what) {
    copyText(text, html).then(function (copied) {
      if (copied) {
        markDone(button);
        announce(done, what);
      } else {
        announce("Could not copy. Select and copy:", text);
      }
    });
  }

  /* --- Heading tools -------------------------------------------------------- */

  // A heading's own text, without its permalink and tools: the build names every
  // heading by it (aria-label, src/sl_guide/headings.py).
  function headingText(heading) {
    return heading.getAttribute("aria-label");
  }

  function makeButton(className, iconName, label, title) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "section-tools__button " + className;
    button.setAttribute("aria-label", label);
    button.title = title;
    button.appendChild(icons(iconName));
    return button;
  }

  /* Keep the tools on the line of the heading's last word: the last word and the
     tools go into one span that does not wrap. */
  function glue(heading, tools) {
    var headerlink = heading.querySelector(":scope > .headerlink");
    var nodes = Array.prototype.filter.call(heading.childNodes, function (node) {
      return node !== headerlink && !(node.nodeType === Node.TEXT_NODE && !node.textContent.trim());
    });
    var last = nodes[nodes.length - 1];
    var span = document.createElement("span");
    span.className = "section-tools__glue";
    if (last && last.nodeType === Node.TEXT_NODE) {
      var text = last.textContent.replace(/\s+$/, "");
      var start = text.search(/\S+$/);
      last.textContent = text;
      if (start > 0) {
        last = last.splitText(start);
      }
    }
    if (last) {
      heading.insertBefore(span, last);
      span.appendChild(last);
    } else {
      heading.insertBefore(span, headerlink);
    }
    span.appendChild(tools);
  }

  function addHeadingTools(heading, article) {
    if (heading.querySelector(".section-tools")) {
      return;
    }
    var title = headingText(heading);
    var tools = document.createElement("span");
    tools.className = "section-tools";

    var copy = makeButton("copy-link", "link", "Copy link to section: " + title, "Copy link to this section");
    copy.setAttribute("data-copy-link", heading.id);
    copy.addEventListener("click", function () {
      copyWithFeedback(copy, sectionAddress(heading.id), null, "Link copied:", sectionAddress(heading.id));
    });
    tools.appendChild(copy);

    if (heading.tagName === "H2" && heading.id !== "references") {
      var print = makeButton("print-section", "print", "Print this section: " + title, "Print this section");
      print.setAttribute("data-print-section", heading.id);
      print.addEventListener("click", function () { printSection(heading, article, title); });
      tools.appendChild(print);
    }
    glue(heading, tools);
    heading.classList.add("has-section-tools");
  }

  /* --- Print this section --------------------------------------------------- */

  var KEEP = "section-print-keep";
  var PARTIAL = "section-print-partial";
  var printing = false;

  /* Keep "element" and, up to the article, the ancestors that hold it (of which
     only the kept children print). */
  function keep(element, article) {
    element.classList.add(KEEP);
    for (var parent = element.parentElement; parent && parent !== article; parent = parent.parentElement) {
      parent.classList.add(KEEP, PARTIAL);
    }
  }

  function clearPrint() {
    document.documentElement.removeAttribute("data-print-section");
    document.querySelectorAll("." + KEEP + ", ." + PARTIAL).forEach(function (el) {
      el.classList.remove(KEEP, PARTIAL);
    });
    document.querySelectorAll(".section-print-footer").forEach(function (el) { el.remove(); });
  }

  /* The reference entries on this page that "elements" cite, or name with a link to
     the work's entry in the Bibliography (the Acts in "Why now?"), which this page's
     References list too. */
  function citedEntries(elements) {
    var entries = [];
    elements.forEach(function (element) {
      element.querySelectorAll("a[href*='#']").forEach(function (link) {
        if (link.hostname !== window.location.hostname) {
          return;
        }
        var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
        if (target && target.matches(".csl-entry, [id^='ref-']") && entries.indexOf(target) < 0) {
          entries.push(target);
        }
      });
    });
    return entries;
  }

  function printFooter(heading, title) {
    var data = guideData();
    var footer = document.createElement("div");
    footer.className = "section-print-footer";
    var page = document.querySelector("article h1");
    var where = document.createElement("p");
    where.appendChild(document.createTextNode("Section “" + title + "”"));
    if (page) {
      where.appendChild(document.createTextNode(" of “" + headingText(page) + "”"));
    }
    where.appendChild(document.createTextNode(". Printed from "));
    var url = document.createElement("span");
    url.className = "section-print-footer__url";
    url.textContent = sectionAddress(heading.id);
    where.appendChild(url);
    where.appendChild(document.createTextNode("."));
    footer.appendChild(where);
    if (data.attribution) {
      var source = document.createElement("p");
      var parts = data.title ? data.attribution.split(data.title) : [data.attribution];
      source.appendChild(document.createTextNode(parts[0]));
      if (parts.length > 1) {
        var em = document.createElement("em");
        em.textContent = data.title;
        source.appendChild(em);
        source.appendChild(document.createTextNode(parts.slice(1).join(data.title)));
      }
      footer.appendChild(source);
    }
    return footer;
  }

  /* The paragraphs that name the sources of a whole section this one is part of
     (data-source-of: the Toronto skills' closing citation is the source of all six). */
  function sourcesOf(heading, article) {
    return Array.prototype.filter.call(article.querySelectorAll("[data-source-of]"), function (paragraph) {
      var whole = document.getElementById(paragraph.getAttribute("data-source-of"));
      return whole === heading || (whole !== null && whole.tagName === "H1");
    });
  }

  function printSection(heading, article, title) {
    clearPrint();
    var section = [heading];
    for (var next = heading.nextElementSibling; next && next.tagName !== "H2"; next = next.nextElementSibling) {
      section.push(next);
    }
    sourcesOf(heading, article).forEach(function (paragraph) {
      if (section.indexOf(paragraph) < 0) {
        section.push(paragraph);
      }
    });
    section.forEach(function (element) { keep(element, article); });
    var entries = citedEntries(section);
    if (entries.length) {
      var references = document.getElementById("references");
      if (references) {
        keep(references, article);
      }
      entries.forEach(function (entry) { keep(entry, article); });
    }
    var footer = printFooter(heading, title);
    article.appendChild(footer);
    keep(footer, article);
    document.documentElement.setAttribute("data-print-section", heading.id);
    printing = true;
    window.print();
  }

  window.addEventListener("beforeprint", function () {
    // A print started from the browser's menu prints the whole page.
    if (!printing) {
      clearPrint();
    }
  });
  window.addEventListener("afterprint", function () {
    printing = false;
    clearPrint();
  });

  /* --- Cite this section ---------------------------------------------------- */

  /* The accessed date is written when it is first seen: when a "Cite this
     section" opens, before a print, and when the reference is copied. The first
     Intl.DateTimeFormat of a page loads the browser's locale data (35-50 ms on a
     laptop, four times that on a phone): at start, for a box still closed, it was
     the longest task of the page (README "Performance"). */
  var dateFormat = null;

  function today() {
    if (!dateFormat) {
      dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric" });
    }
    return dateFormat.format(new Date());
  }

  function fillAccessed(root) {
    root.querySelectorAll(".cite-section__accessed").forEach(function (accessed) {
      accessed.textContent = today();
    });
  }

  window.addEventListener("beforeprint", function () {
    fillAccessed(document);
  });

  function addCiteCopy(details) {
    var text = details.querySelector(".cite-section__text");
    if (!text || details.querySelector(".cite-section__copy")) {
      return;
    }
    var accessed = text.querySelector(".cite-section__accessed");
    details.addEventListener("toggle", function () {
      if (details.open && accessed) {
        accessed.textContent = today();
      }
    });
    var button = document.createElement("button");
    button.type = "button";
    button.className = "section-tools__button section-tools__button--text cite-section__copy";
    button.appendChild(icons("copy"));
    button.appendChild(textLabel("Copy reference", false));
    button.addEventListener("click", function () {
      if (accessed) {
        accessed.textContent = today();
      }
      var plain = text.textContent.replace(/\s+/g, " ").trim();
      copyWithFeedback(button, plain, text.innerHTML, "Reference copied:", plain);
    });
    text.insertAdjacentElement("afterend", button);
  }

  /* --- Citations: a way back from the reference entry ----------------------- */

  /* The citation last followed on this page: { page, citation id, entry id }. Kept
     by id, because Material's instant navigation draws a page anew when it is reached
     again (Back from another page); the citations' ids (cite-1, cite-2, ...) are stable. */
  var wayBack = null;

  function showWayBack() {
    document.querySelectorAll(".ref-back").forEach(function (el) { el.remove(); });
    document.querySelectorAll(".citation--origin").forEach(function (el) { el.classList.remove("citation--origin"); });
    if (!wayBack || wayBack.page !== window.location.pathname) {
      wayBack = null;
      return;
    }
    var citation = document.getElementById(wayBack.citation);
    var entry = document.getElementById(wayBack.entry);
    if (!citation || !entry) {
      return;
    }
    citation.classList.add("citation--origin");
    var back = document.createElement("a");
    back.className = "ref-back";
    back.href = "#" + citation.id;
    back.textContent = "Back to text";
    back.addEventListener("click", function (event) {
      event.preventDefault();
      if (window.location.hash === "#" + entry.id) {
        // The browser's own Back: the address and the reading position before the citation.
        window.history.back();
        window.addEventListener("popstate", function () {
          var origin = document.getElementById(wayBack ? wayBack.citation : "");
          if (origin) {
            origin.focus({ preventScroll: true });
          }
        }, { once: true });
      } else {
        citation.scrollIntoView({ block: "center" });
        citation.focus({ preventScroll: true });
      }
    });
    entry.appendChild(document.createTextNode(" "));
    entry.appendChild(back);
  }

  function enhanceCitations(article) {
    article.querySelectorAll("a.citation").forEach(function (citation, index) {
      if (!citation.id) {
        citation.id = "cite-" + (index + 1);
      }
      citation.addEventListener("click", function () {
        var entry = targetOf(citation.hash);
        if (entry && citation.pathname === window.location.pathname) {
          wayBack = { page: window.location.pathname, citation: citation.id, entry: entry.id };
          showWayBack();
          // Focus follows the reader to the entry (after the browser has moved there), so
          // that a screen reader reads it and the next Tab reaches "Back to text".
          window.setTimeout(function () {
            entry.setAttribute("tabindex", "-1");
            entry.focus({ preventScroll: true });
          }, 0);
        }
      });
    });
    showWayBack();
  }

  /* --- Deep links land at the top ------------------------------------------- */

  /* Make "target" reachable at the top of the viewport (below the header) by
     adding space after the article when the page is too short for it. */
  function makeReachable(target) {
    var container = document.querySelector(".md-content");
    if (!container || !container.contains(target)) {
      return;
    }
    var spacer = container.querySelector(".section-tools-spacer");
    if (!spacer) {
      spacer = document.createElement("div");
      spacer.className = "section-tools-spacer";
      spacer.setAttribute("aria-hidden", "true");
      container.appendChild(spacer);
    }
    spacer.style.height = "0px";
    var margin = parseFloat(window.getComputedStyle(target).scrollMarginTop) || 0;
    var wanted = target.getBoundingClientRect().top + window.scrollY - Math.max(margin, headerHeight());
    // Measured twice: a page shorter than the window is as tall as the window, so the
    // first space added partly fills the gap below its content before it lengthens it.
    for (var pass = 0; pass < 2; pass++) {
      var reachable = document.documentElement.scrollHeight - window.innerHeight;
      // A few pixels more, so that the page is not "scrolled to the end" (the
      // contents sidebar then highlights its last entry).
      var missing = Math.ceil(wanted - reachable) + 8;
      if (missing <= 8) {
        break;
      }
      spacer.style.height = (parseFloat(spacer.style.height) + missing) + "px";
    }
  }

  function headerHeight() {
    var header = document.querySelector(".md-header");
    return header ? header.getBoundingClientRect().height : 0;
  }

  function targetOf(hash) {
    if (!hash || hash.length < 2) {
      return null;
    }
    try {
      return document.getElementById(decodeURIComponent(hash.slice(1)));
    } catch (error) {
      return null;
    }
  }

  function reloaded() {
    var entries = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    return entries.length > 0 && entries[0].type === "reload";
  }

  function landOnTarget(keepPosition) {
    var target = targetOf(window.location.hash);
    if (target) {
      makeReachable(target);
      if (!keepPosition) {
        target.scrollIntoView();
      }
    }
  }

  // An address of this page reached without a load (an in-page link, an edited or
  // pasted address) lands at the top too. Back and Forward keep their place: their
  // entries hold the position Material saves (history.state); a new entry has none.
  // The state is read as popstate reports it, before hashchange: Material writes the
  // position 100 ms after the last scroll into whichever entry is current by then, so
  // an address changed within 100 ms of a scroll (or of the load) would find a
  // position in history.state that belongs to the entry before it.
  // Back or Forward to the last section: the space that let it reach the top is
  // made again, and the saved position taken once more (restored before, it stopped
  // short at the end of the shorter page).
  var reached;
  window.addEventListener("popstate", function (event) {
    reached = { state: event.state };
  });
  window.addEventListener("hashchange", function () {
    var state = reached ? reached.state : window.history.state;
    reached = undefined;
    if (!named()) {
      return;
    }
    if (state === null) {
      landOnTarget(false);
    } else if (targetOf(window.location.hash) && typeof state.y === "number") {
      landOnTarget(true);
      window.scrollTo(state.x || 0, state.y);
    }
  });

  // Before an in-page link is followed, make its target reachable.
  document.addEventListener("click", function (event) {
    var link = named() && event.target.closest && event.target.closest("a[href*='#']");
    if (link && link.pathname === window.location.pathname && link.hostname === window.location.hostname) {
      var target = targetOf(link.hash);
      if (target) {
        makeReachable(target);
      }
    }
  }, true);

  /* --- "Link to this guide": copy each address ------------------------------ */

  function addAddressCopy(address) {
    var item = address.closest("li");
    if (!item || item.querySelector(".deep-link__copy")) {
      return;
    }
    var link = item.querySelector("a");
    var label = link ? link.textContent.replace(/\s+/g, " ").trim() : address.textContent;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "section-tools__button section-tools__button--text deep-link__copy";
    button.setAttribute("aria-label", "Copy address: " + label);
    button.appendChild(icons("copy"));
    button.appendChild(textLabel("Copy", true));
    button.addEventListener("click", function () {
      var text = address.textContent.trim();
      copyWithFeedback(button, text, null, "Link copied:", text);
    });
    item.appendChild(button);
  }

  /* --- Every page load ------------------------------------------------------ */

  /* Once loaded, this script stays for the pages Material's instant navigation brings
     in after it; it serves only those that name it (in their
     <script id="guide-scripts"> in <head>: overrides/main.html leaves it out on the
     home, tags and self-assessment pages), so that a page looks the same however it
     was reached. */
  function named() {
    var list = document.getElementById("guide-scripts");
    return list !== null && JSON.parse(list.textContent).indexOf("assets/js/section-tools.js") !== -1;
  }

  function enhance() {
    printing = false;
    clearPrint();
    if (!named()) {
      return;
    }
    statusRegion();
    var article = document.querySelector("article.md-content__inner");
    if (!article) {
      return;
    }
    article.querySelectorAll("h2[id], h3[id]").forEach(function (heading) {
      addHeadingTools(heading, article);
    });
    article.querySelectorAll("details.cite-section").forEach(addCiteCopy);
    enhanceCitations(article);
    // On a reload the browser restores the reader's own position: keep it.
    var keepPosition = firstLoad && reloaded();
    firstLoad = false;
    // The copy buttons of "Link to this guide" (over a hundred) come in slices; a deep
    // link lands once they are all in (they can change the height of the lists above
    // it). <article data-section-tools> says the page's tools are complete.
    inSlices(article, article.querySelectorAll("code.deep-link__address"), addAddressCopy, function () {
      article.setAttribute("data-section-tools", "");
      if (window.location.hash) {
        window.requestAnimationFrame(function () { landOnTarget(keepPosition); });
      }
    });
  }

  /* Run work(item) for each item in slices of about 5 ms, each a task of its own (the
     first after the task that asks), then done(): a phone's main thread stays free
     between slices for what the reader does (a single long task would hold up a tap,
     and counts against the page's speed). Without items, done() at once. Stops when
     instant navigation has replaced the article. */
  var SLICE_MS = 5;

  function inSlices(article, items, work, done) {
    var index = 0;
    function slice() {
      if (!article.isConnected) {
        return;
      }
      var end = performance.now() + SLICE_MS;
      while (index < items.length && performance.now() < end) {
        work(items[index]);
        index += 1;
      }
      if (index < items.length) {
        window.setTimeout(slice, 0);
      } else {
        done();
      }
    }
    if (items.length) {
      window.setTimeout(slice, 0);
    } else {
      done();
    }
  }

  var firstLoad = true;

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
