/*
 * In-page links stay in the page (inlined at the start of <body> by overrides/main.html).
 *
 * Material 9.8's instant navigation compares each address with the one before, but has
 * none before the first: so the first in-page link followed after a full load (the skip
 * link, a citation, a heading's ¶, the contents) fetches the page again and redraws it
 * (zensical/ui#154, fixed only in Material's successor). The reader's focus is lost (Tab
 * after the skip link landed on <body>), the page's scripts run again and a phone
 * downloads the page twice.
 *
 * Until Material has an address to compare with (its first navigation to another page),
 * the browser follows those links itself: this listener on <body> comes before
 * Material's (Material's script is at the end of <body>) and keeps the click from it,
 * after the link's own listeners have run; and the address of the same page that the
 * browser's popstate event then hands to Material (window.location$) is not passed on.
 * A link to the page itself without a "#" (its entry in the navigation, a search
 * result) is left to Material, which takes the reader to the top of the page, as before.
 */
(function () {
  // (Opened from file://, Material has no instant navigation and this changes nothing.)
  var path = location.pathname;
  var compared = false;
  var toTop = false; // a click on a link to this page without "#", for Material

  document.body.addEventListener("click", function (event) {
    var link = !compared && event.target.closest && event.target.closest("a[href]");
    if (!link || link.target || link.origin !== location.origin || link.pathname !== path ||
        link.search !== location.search || event.metaKey || event.ctrlKey || event.shiftKey) {
      return;
    }
    if (link.hash) {
      event.stopImmediatePropagation();
    } else {
      toTop = true; // Material handles this click at once, on the same event
      setTimeout(function () { toTop = false; }, 0);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var subject = window.location$;
    var next = subject && subject.next;
    if (!next) {
      return;
    }
    subject.next = function (url) {
      if (!compared && url.pathname === path && !toTop) {
        return;
      }
      compared = true;
      return next.call(subject, url);
    };
  });
})();
