/* Interactive self-assessment (docs/self-assessment.md).
 *
 * Progressive enhancement of the page's Markdown table (figure
 * #self-assessment-table): each element gets a 1-5 radio group and an
 * "Actions I will take..." box that grows with its text, and the sheet gets
 * optional name and date fields. Answers are kept in this browser only
 * (localStorage, with the time they were saved); nothing is sent anywhere.
 * They can be downloaded for a spreadsheet (CSV, with a byte-order mark) or as
 * a plain-text record, printed as a filled-in sheet, and cleared (after an
 * in-page confirmation, with Undo). Without JavaScript the page stays the
 * blank printable worksheet.
 *
 * The words on the form are the briefing's, read from the table itself (its
 * header row); the attribution line of the downloads comes from mkdocs.yml
 * extra.guide, handed over by overrides/main.html as
 * <script type="application/json" id="guide-data">.
 *
 * Material's instant navigation replaces the page without a new load, so the
 * script initialises on every page view through Material's document$.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "systems-leadership:self-assessment:v1";
  var TABLE_ID = "self-assessment-table";
  var RATINGS = ["1", "2", "3", "4", "5"];
  var BOM = "\uFEFF";

  /* --- Storage ---------------------------------------------------------- */

  function empty() {
    return { answers: {}, name: "", date: "" };
  }

  function load() {
    try {
      var data = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null");
      if (!data || typeof data.answers !== "object" || !data.answers) return empty();
      data.name = typeof data.name === "string" ? data.name : "";
      data.date = typeof data.date === "string" ? data.date : "";
      return data;
    } catch (error) {
      return empty();
    }
  }

  function store(data) {
    try {
      data.updated = new Date().toISOString();
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(data));
      return true;
    } catch (error) {
      return false;
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(STORAGE_KEY);
    } catch (error) { /* nothing stored */ }
  }

  function hasContent(data) {
    if (data.name || data.date) return true;
    return Object.keys(data.answers).some(function (id) {
      var answer = data.answers[id] || {};
      return Boolean(answer.rating || (answer.actions && answer.actions.trim()));
    });
  }

  /* --- Small helpers ---------------------------------------------------- */

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function hidden(text) {
    return el("span", { class: "guide-visually-hidden" }, text);
  }

  function clean(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  // Attribution and site address from mkdocs.yml extra.guide (parsed once by overrides/main.html).
  function guideData() {
    return window.guideData || {};
  }

  /* "2026-11-27" (an <input type=date> value) -> "27 November 2026". */
  function longDate(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    if (!match) return value || "";
    var date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
    return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  function savedAt(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return "";
    return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" }) +
      " at " + date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  }

  var fieldSizing = Boolean(window.CSS && CSS.supports && CSS.supports("field-sizing", "content"));

  /* The action boxes grow with their text: CSS field-sizing where the browser
     has it (set on each box by enhance), otherwise their height follows their
     scroll height. */
  function fit(textarea) {
    if (fieldSizing) return;
    var style = window.getComputedStyle(textarea);
    var borders = parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
    textarea.style.height = "auto";
    textarea.style.height = textarea.scrollHeight + borders + "px";
  }

  /* --- Downloads -------------------------------------------------------- */

  function csvCell(text) {
    var value = String(text);
    return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  function pageAddress() {
    return window.location.href.split("#")[0];
  }

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  function toCsv(form) {
    var data = form.data;
    var rows = [form.headers];
    form.rows.forEach(function (row) {
      var answer = data.answers[row.id] || {};
      rows.push([row.element, answer.rating || "", answer.actions || ""]);
    });
    rows.push([], ["Name", data.name || ""], ["Date", data.date || ""]);
    rows.push([], ["Downloaded on " + today() + " from " + pageAddress()]);
    if (form.attribution) rows.push([form.attribution]);
    return BOM + rows.map(function (cells) { return cells.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  function toText(form) {
    var data = form.data;
    var lines = [form.title, ""];
    lines.push("Name: " + (data.name || ""), "Date: " + longDate(data.date), "");
    form.rows.forEach(function (row, index) {
      var answer = data.answers[row.id] || {};
      lines.push((index + 1) + ". " + row.element);
      lines.push("   " + form.headers[1] + ": " + (answer.rating || "not answered"));
      lines.push("   " + form.headers[2]);
      (answer.actions || "").replace(/\r\n?/g, "\n").split("\n").forEach(function (line) {
        lines.push("   " + line);
      });
      lines.push("");
    });
    lines.push("Downloaded on " + today() + " from " + pageAddress());
    if (form.attribution) lines.push(form.attribution);
    return BOM + lines.join("\r\n") + "\r\n";
  }

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = el("a", { href: url, download: name });
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  /* --- Form ------------------------------------------------------------- */

  function enhance(figure) {
    var table = figure.querySelector("table");
    if (!table || figure.classList.contains("sa-form")) return;
    figure.classList.add("sa-form");
    if (!fieldSizing) figure.classList.add("sa-fit-by-script");

    /* Keyboard focus: the browser scrolls a control into view only when it is out of
       view, and leaves one it finds partly visible under Material's sticky header and
       "Back to top" button. It is brought below them, by the space its CSS
       scroll-margin-top keeps for them (self-assessment.css). */
    var article = figure.closest("article") || document.body;
    article.addEventListener("focusin", function (event) {
      var control = event.target;
      if (!control.matches || !control.matches(":focus-visible")) return;
      window.requestAnimationFrame(function () {
        var margin = parseFloat(window.getComputedStyle(control).scrollMarginTop) || 0;
        var top = (control.closest(".sa-choice") || control).getBoundingClientRect().top;
        if (margin && top < margin) window.scrollBy({ top: top - margin, behavior: "instant" });
      });
    });

    var heading = document.querySelector(".md-content h1");
    var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return clean(th.textContent);
    });
    var form = {
      title: heading ? clean(heading.textContent.replace(/¶/g, "")) : "Self-assessment",
      headers: headers,
      attribution: guideData().attribution || "",
      rows: [],
      data: load()
    };
    var restoredFrom = hasContent(form.data) ? form.data.updated : null;
    var inputs = { radios: [], textareas: [], fields: [] };
    var undoData = null;

    function answerFor(id) {
      return form.data.answers[id] || (form.data.answers[id] = {});
    }

    /* Live status line (screen only), with Undo after a clear. */
    var status = el("p", { class: "sa-status", role: "status", "aria-live": "polite" });
    var undoBox = el("div", { class: "sa-undo" });
    undoBox.hidden = true;

    function say(message) {
      if (status.textContent !== message) status.textContent = message;
    }

    function changed() {
      undoBox.hidden = true;
      undoData = null;
      say(store(form.data) ? "Saved in this browser."
        : "Your browser did not allow saving: answers are kept only until you leave this page.");
    }

    /* Optional name and date, after the table: the Markdown's print-only
       "Name: / Date:" lines become fields (or are added if the page has none). */
    var sheet = document.querySelector(".md-content .sa-sheet-fields");
    if (!sheet) {
      sheet = el("div", { class: "sa-sheet-fields" });
      figure.parentNode.insertBefore(sheet, figure.nextSibling);
    }
    sheet.textContent = "";
    sheet.classList.add("sa-sheet-fields--form");
    [["name", "Name", "text", "name"], ["date", "Date", "date", "off"]].forEach(function (spec) {
      var key = spec[0];
      var field = el("div", { class: "sa-field sa-field--" + key });
      var label = el("label", { for: "sa-" + key }, spec[1]);
      label.appendChild(el("span", { class: "sa-optional" }, " (optional)"));
      var input = el("input", { id: "sa-" + key, name: "sa-" + key, autocomplete: spec[3] });
      var printed = el("span", { class: "sa-print-value", "aria-hidden": "true" });
      function show() {
        input.value = form.data[key] || "";
        printed.textContent = key === "date" ? longDate(input.value) : input.value;
      }
      input.addEventListener("input", function () {
        form.data[key] = input.value;
        printed.textContent = key === "date" ? longDate(input.value) : input.value;
        changed();
      });
      field.appendChild(label);
      field.appendChild(printed);
      sheet.appendChild(field);
      inputs.fields.push(show);
      function add() {
        input.type = spec[2];
        field.insertBefore(input, printed);
        show();
      }
      if (spec[2] === "date") {
        /* The page's first date field loads the browser's calendar and locale data:
           as long as building all the rest of the form (20-100 ms at a phone's
           speed). It comes in a task of its own, just after: no one long task. */
        window.setTimeout(add, 0);
      } else {
        add();
      }
    });

    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (tr, index) {
      var cells = tr.querySelectorAll("td");
      if (cells.length < 3) return;
      var strong = cells[0].querySelector("[id]");
      var id = strong ? strong.id : "sa-element-" + (index + 1);
      var element = clean(cells[0].textContent);
      form.rows.push({ id: id, element: element });

      /* 1-5 choice: a fieldset whose legend is the briefing's column header,
         with the element's statement in its accessible name. */
      var fieldset = el("fieldset", { class: "sa-fieldset" });
      var legend = el("legend", { class: "sa-legend" }, headers[1] || "Self-assessment");
      legend.appendChild(hidden("— " + element));
      fieldset.appendChild(legend);
      var scale = el("div", { class: "sa-scale" });
      RATINGS.forEach(function (value) {
        var input = el("input", { type: "radio", name: id + "-rating", id: id + "-rating-" + value, value: value });
        var choice = el("label", { class: "sa-choice", for: input.id });
        input.addEventListener("change", function () {
          answerFor(id).rating = value;
          changed();
        });
        choice.appendChild(input);
        choice.appendChild(el("span", { class: "sa-number" }, value));
        choice.appendChild(el("span", { class: "sa-box", "aria-hidden": "true" }));
        scale.appendChild(choice);
        inputs.radios.push(function () {
          input.checked = (form.data.answers[id] || {}).rating === value;
        });
      });
      fieldset.appendChild(scale);
      cells[1].textContent = "";
      cells[1].appendChild(fieldset);

      /* "Actions I will take..." box, labelled with the header and the statement. */
      var wrap = el("div", { class: "sa-actions" });
      var label = el("label", { for: id + "-actions", class: "sa-actions-label" }, headers[2] || "Actions");
      label.appendChild(hidden("— " + element));
      var textarea = el("textarea", { id: id + "-actions", name: id + "-actions", rows: "3" });
      // Set here, not in self-assessment.css: that stylesheet is inlined into the page,
      // and the Nu HTML checker, which checks inline CSS, does not know the property.
      if (fieldSizing) textarea.style.setProperty("field-sizing", "content");
      var printed = el("div", { class: "sa-print-value", "aria-hidden": "true" });
      textarea.addEventListener("input", function () {
        answerFor(id).actions = textarea.value;
        printed.textContent = textarea.value;
        fit(textarea);
        changed();
      });
      wrap.appendChild(label);
      wrap.appendChild(textarea);
      wrap.appendChild(printed);
      cells[2].textContent = "";
      cells[2].appendChild(wrap);
      inputs.textareas.push(function () {
        textarea.value = (form.data.answers[id] || {}).actions || "";
        printed.textContent = textarea.value;
        fit(textarea);
      });
    });

    function render() {
      inputs.fields.concat(inputs.radios, inputs.textareas).forEach(function (show) { show(); });
    }

    /* Above the form: where the answers are kept, and whether they were restored. */
    var intro = el("div", { class: "sa-intro" });
    intro.appendChild(el("p", { class: "sa-note" },
      "Your answers are saved in this browser only and are never sent anywhere. " +
      "Download or print them to keep a copy."));
    var restored = el("p", { class: "sa-restored" });
    if (restoredFrom) {
      var when = savedAt(restoredFrom);
      restored.textContent = "Restored from this browser" + (when ? " on " + when : "") + ".";
    } else {
      restored.hidden = true;
    }
    intro.appendChild(restored);
    figure.parentNode.insertBefore(intro, figure);

    /* Below the form: downloads, print, clear (with an in-page confirmation). */
    var controls = el("div", { class: "sa-controls", role: "group", "aria-label": "Your self-assessment answers" });
    function button(text, onClick, parent, extra) {
      var node = el("button", { type: "button", class: "md-button" + (extra ? " " + extra : "") }, text);
      node.addEventListener("click", onClick);
      (parent || controls).appendChild(node);
      return node;
    }
    button("Download for a spreadsheet (CSV)", function () {
      download("self-assessment.csv", "text/csv;charset=utf-8", toCsv(form));
      say("Downloaded self-assessment.csv.");
    });
    button("Download as a text record", function () {
      download("self-assessment.txt", "text/plain;charset=utf-8", toText(form));
      say("Downloaded self-assessment.txt.");
    });
    button("Print", function () {
      window.print();
    });
    var clearButton = button("Clear answers", function () {
      // An empty sheet has nothing to clear: asking, then "clearing" it, replaced the
      // answers that Undo clear would bring back with nothing.
      if (!hasContent(form.data)) {
        say(undoData ? "There are no answers to clear. Undo clear brings back the ones you cleared."
          : "There are no answers to clear.");
        return;
      }
      confirmBox.hidden = false;
      question.focus();
    }, null, "sa-clear");

    var confirmBox = el("div", { class: "sa-confirm", role: "group", "aria-labelledby": "sa-confirm-question" });
    confirmBox.hidden = true;
    var question = el("p", { id: "sa-confirm-question", tabindex: "-1" },
      "Clear all your answers, your name and the date from this browser?");
    confirmBox.appendChild(question);
    var confirmButtons = el("div", { class: "sa-confirm-buttons" });
    confirmBox.appendChild(confirmButtons);
    function cancel() {
      confirmBox.hidden = true;
      clearButton.focus();
    }
    button("Yes, clear answers", function () {
      undoData = JSON.parse(JSON.stringify(form.data));
      form.data = empty();
      forget();
      render();
      confirmBox.hidden = true;
      restored.hidden = true;
      say("Answers cleared.");
      undoBox.hidden = false;
      undoButton.focus();
    }, confirmButtons, "md-button--primary");
    button("Cancel", cancel, confirmButtons);
    confirmBox.addEventListener("keydown", function (event) {
      if (event.key === "Escape") cancel();
    });

    var undoButton = button("Undo clear", function () {
      if (!undoData) return;
      form.data = undoData;
      undoData = null;
      render();
      store(form.data);
      undoBox.hidden = true;
      say("Answers restored.");
      clearButton.focus();
    }, undoBox);

    var after = sheet;
    [controls, confirmBox, status, undoBox].forEach(function (node) {
      after.parentNode.insertBefore(node, after.nextSibling);
      after = node;
    });

    render();
    land(figure);
  }

  /* A deep link to a row of the form (#sa-..., listed on "Link to this guide"):
     the browser scrolled to it in the table; the cards are taller, so scroll
     again (not on a reload, which keeps the reader's own position). */
  function land(figure) {
    var id = window.location.hash.slice(1);
    var target = null;
    try {
      target = id && document.getElementById(decodeURIComponent(id));
    } catch (error) { /* not an address of this page */ }
    var navigation = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    if (target && figure.contains(target) && !(navigation.length && navigation[0].type === "reload")) {
      target.scrollIntoView();
    }
  }

  /* Without field-sizing, a new width re-wraps the text: fit the boxes again. */
  if (!fieldSizing) {
    window.addEventListener("resize", function () {
      Array.prototype.forEach.call(document.querySelectorAll(".sa-form textarea"), fit);
    });
  }

  function init() {
    var figure = document.getElementById(TABLE_ID);
    if (figure) enhance(figure);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
