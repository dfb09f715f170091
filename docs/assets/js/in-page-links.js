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
 */
(function () {
  "use strict";

  if (location.protocol === "file:") {
    return; // no instant navigation there
  }
  var path = location.pathname;
  var compared = false;

  document.body.addEventListener("click", function (event) {
    var link = !compared && event.target.closest && event.target.closest("a[href*='#']");
    if (link && !link.target && link.origin === location.origin && link.pathname === path &&
        link.search === location.search && !(event.metaKey || event.ctrlKey || event.shiftKey)) {
      event.stopImmediatePropagation();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var subject = window.location$;
    var next = subject && subject.next;
    if (!next) {
      return;
    }
    subject.next = function (url) {
      if (!compared && url.pathname === path) {
        return;
      }
      compared = true;
      return next.call(subject, url);
    };
  });
})();
