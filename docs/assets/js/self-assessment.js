/* Interactive self-assessment (docs/self-assessment.md).
 *
 * Progressive enhancement of the page's Markdown table (figure
 * #self-assessment-table): each element gets a 1-5 radio group and an
 * "Actions I will take" text box. Answers are kept in this browser only
 * (localStorage); nothing is sent anywhere. They can be exported as a
 * Markdown or CSV file, printed as a filled-in sheet and cleared. Without
 * JavaScript the page stays the blank printable form.
 *
 * Material's instant navigation replaces the page without a new load, so the
 * script initialises on every page view through Material's document$.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "systems-leadership:self-assessment:v1";
  var TABLE_ID = "self-assessment-table";
  var RATINGS = ["1", "2", "3", "4", "5"];

  function load() {
    try {
      var data = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "{}");
      return data && typeof data.answers === "object" && data.answers ? data : { answers: {} };
    } catch (error) {
      return { answers: {} };
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

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function clean(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  /* --- Export ---------------------------------------------------------- */

  function mdCell(text) {
    return clean(String(text).replace(/\r?\n/g, " ")).replace(/\\/g, "\\\\").replace(/\|/g, "\\|") || " ";
  }

  function csvCell(text) {
    var value = String(text);
    return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  function toMarkdown(form) {
    var lines = [
      "# " + form.title,
      "",
      "| " + form.headers.map(mdCell).join(" | ") + " |",
      "| --- | --- | --- |"
    ];
    form.rows.forEach(function (row) {
      var answer = form.data.answers[row.id] || {};
      lines.push("| " + [row.element, answer.rating || "", answer.actions || ""].map(mdCell).join(" | ") + " |");
    });
    lines.push("", "Exported on " + new Date().toISOString().slice(0, 10) + " from " + window.location.href.split("#")[0]);
    lines.push("", "Source: Miller, R. (2020) Systems leadership – enhancing the role of social care. Research in Practice.", "");
    return lines.join("\n");
  }

  function toCsv(form) {
    var lines = [form.headers.map(csvCell).join(",")];
    form.rows.forEach(function (row) {
      var answer = form.data.answers[row.id] || {};
      lines.push([row.element, answer.rating || "", answer.actions || ""].map(csvCell).join(","));
    });
    return lines.join("\r\n") + "\r\n";
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

  /* --- Form ------------------------------------------------------------ */

  function enhance(figure) {
    var table = figure.querySelector("table");
    if (!table || figure.getAttribute("data-sa-ready")) return;
    figure.setAttribute("data-sa-ready", "true");

    var heading = document.querySelector(".md-content h1");
    var form = {
      title: heading ? clean(heading.textContent.replace(/¶/g, "")) : "Self-assessment",
      headers: Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return clean(th.textContent);
      }),
      rows: [],
      data: load()
    };
    function answerFor(id) {
      return form.data.answers[id] || (form.data.answers[id] = {});
    }
    var status = el("p", { class: "sa-status", role: "status", "aria-live": "polite" });

    function save(message) {
      var ok = store(form.data);
      status.textContent = ok ? message || "" : "Your browser did not allow saving: answers are kept only until you leave this page.";
    }

    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (tr, index) {
      var cells = tr.querySelectorAll("td");
      if (cells.length < 3) return;
      var strong = cells[0].querySelector("[id]");
      var id = strong ? strong.id : "sa-element-" + (index + 1);
      var element = clean(cells[0].textContent);
      var answer = answerFor(id);
      form.rows.push({ id: id, element: element });

      /* 1-5 choice: a fieldset whose legend names the element. */
      var fieldset = el("fieldset", { class: "sa-fieldset" });
      var legend = el("legend", { class: "guide-visually-hidden" },
        "Self-assessment, 1 (not at all) to 5 (fully): " + element);
      fieldset.appendChild(legend);
      RATINGS.forEach(function (value) {
        var choice = el("span", { class: "sa-choice" });
        var input = el("input", { type: "radio", name: id + "-rating", id: id + "-rating-" + value, value: value });
        input.checked = answer.rating === value;
        input.addEventListener("change", function () {
          answerFor(id).rating = value;
          save("Saved in this browser.");
        });
        choice.appendChild(input);
        choice.appendChild(el("label", { for: input.id }, value));
        fieldset.appendChild(choice);
      });
      cells[1].textContent = "";
      cells[1].appendChild(fieldset);

      /* "Actions I will take" text box with its own label. */
      var wrap = el("div", { class: "sa-actions" });
      var label = el("label", { for: id + "-actions", class: "guide-visually-hidden" }, "Actions I will take: " + element);
      var textarea = el("textarea", { id: id + "-actions", rows: "3" });
      var printed = el("div", { class: "sa-print-value", "aria-hidden": "true" });
      textarea.value = answer.actions || "";
      printed.textContent = textarea.value;
      textarea.addEventListener("input", function () {
        answerFor(id).actions = textarea.value;
        printed.textContent = textarea.value;
        save("Saved in this browser.");
      });
      wrap.appendChild(label);
      wrap.appendChild(textarea);
      wrap.appendChild(printed);
      cells[2].textContent = "";
      cells[2].appendChild(wrap);
    });

    /* Buttons, a note on privacy and a live status line. */
    var controls = el("div", { class: "sa-controls", role: "group", "aria-label": "Your self-assessment answers" });
    function button(text, onClick) {
      var node = el("button", { type: "button", class: "md-button" }, text);
      node.addEventListener("click", onClick);
      controls.appendChild(node);
      return node;
    }
    button("Export as Markdown", function () {
      download("self-assessment.md", "text/markdown;charset=utf-8", toMarkdown(form));
      status.textContent = "Exported self-assessment.md.";
    });
    button("Export as CSV", function () {
      download("self-assessment.csv", "text/csv;charset=utf-8", toCsv(form));
      status.textContent = "Exported self-assessment.csv.";
    });
    button("Print", function () {
      window.print();
    });
    button("Clear answers", function () {
      form.data = { answers: {} };
      Array.prototype.forEach.call(table.querySelectorAll("input[type=radio]"), function (input) {
        input.checked = false;
      });
      Array.prototype.forEach.call(table.querySelectorAll("textarea"), function (textarea) {
        textarea.value = "";
      });
      Array.prototype.forEach.call(table.querySelectorAll(".sa-print-value"), function (node) {
        node.textContent = "";
      });
      try {
        window.localStorage.removeItem(STORAGE_KEY);
      } catch (error) { /* nothing stored */ }
      status.textContent = "Answers cleared.";
    });

    var note = el("p", { class: "sa-note" },
      "Your answers are saved in this browser only (localStorage) and are never sent anywhere. " +
      "Use Export to keep a copy, or Clear answers to remove them.");
    figure.parentNode.insertBefore(note, figure.nextSibling);
    note.parentNode.insertBefore(controls, note.nextSibling);
    controls.parentNode.insertBefore(status, controls.nextSibling);
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
