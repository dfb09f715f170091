/*
 * Copy link: a one-click "copy link" button beside each heading's permalink (¶).
 *
 * Progressive enhancement: without JavaScript, or where the Clipboard API is not
 * available (a page opened from disk, an old browser), the heading keeps its
 * permalink and nothing is added. The button is a real <button> (keyboard and
 * screen reader accessible); the result is announced in a polite live region.
 * The copied address is the page's own address plus the heading's stable id.
 * Re-run on every page load, including Material's instant navigation.
 */
(function () {
  "use strict";

  var ICON_LINK =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" width="16" height="16">' +
    '<path fill="currentColor" d="M10.6 13.4a1 1 0 0 1 0-1.4l3-3a1 1 0 1 1 1.4 1.4l-3 3a1 1 0 0 1-1.4 0ZM8 ' +
    '17a3 3 0 0 1-2.1-5.1l2.4-2.4a1 1 0 0 1 1.4 1.4l-2.4 2.4a1 1 0 0 0 1.4 1.4l2.4-2.4a1 1 0 1 1 1.4 ' +
    '1.4l-2.4 2.4A3 3 0 0 1 8 17Zm7.3-2.1a1 1 0 0 1-.7-1.7l2.4-2.4a1 1 0 0 0-1.4-1.4l-2.4 2.4a1 1 0 0 ' +
    '1-1.4-1.4l2.4-2.4a3 3 0 0 1 4.2 4.2l-2.4 2.4a1 1 0 0 1-.7.3Z"/></svg>';

  function statusRegion() {
    var region = document.getElementById("copy-link-status");
    if (!region) {
      region = document.createElement("div");
      region.id = "copy-link-status";
      region.className = "guide-visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    return region;
  }

  function headingText(heading) {
    var clone = heading.cloneNode(true);
    clone.querySelectorAll(".headerlink, .copy-link").forEach(function (el) { el.remove(); });
    return clone.textContent.replace(/\s+/g, " ").trim();
  }

  function addressOf(id) {
    return window.location.origin + window.location.pathname + "#" + encodeURIComponent(id);
  }

  function copy(button, heading) {
    var url = addressOf(heading.id);
    var region = statusRegion();
    navigator.clipboard.writeText(url).then(function () {
      button.classList.add("copy-link--done");
      region.textContent = "Link copied: " + url;
      window.setTimeout(function () { button.classList.remove("copy-link--done"); }, 2000);
    }, function () {
      region.textContent = "Could not copy the link. Address: " + url;
    });
  }

  function enhance() {
    if (!navigator.clipboard || !window.isSecureContext) {
      return;
    }
    var headings = document.querySelectorAll(
      "article.md-content__inner :is(h1, h2, h3, h4, h5, h6)[id]"
    );
    headings.forEach(function (heading) {
      if (heading.querySelector(".copy-link")) {
        return;
      }
      var button = document.createElement("button");
      var title = headingText(heading);
      button.type = "button";
      button.className = "copy-link";
      button.title = "Copy link to this section";
      button.setAttribute("aria-label", "Copy link to section: " + title);
      button.setAttribute("data-copy-link", heading.id);
      button.innerHTML = ICON_LINK;
      button.addEventListener("click", function () { copy(button, heading); });
      heading.appendChild(button);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
