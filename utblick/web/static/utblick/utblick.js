// Utblick: small enhancements. Every page works without this file (and without htmx).
(function () {
  "use strict";

  // htmx requests carry Django's CSRF token, read from the page's <meta name="csrf-token">.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      event.detail.headers["X-CSRFToken"] = meta.getAttribute("content");
    }
  });

  // After a part of the page is replaced, move focus to its first problem, if any. The event
  // is dispatched on the new content: with hx-swap="outerHTML", event.detail.target is the
  // replaced element, already out of the document.
  document.addEventListener("htmx:afterSwap", function (event) {
    var invalid = event.target.querySelector('[aria-invalid="true"], [role="alert"]');
    if (invalid) {
      if (!invalid.hasAttribute("tabindex") && invalid.getAttribute("role") === "alert") {
        invalid.setAttribute("tabindex", "-1");
      }
      invalid.focus();
    }
  });

  // A table box that scrolls sideways joins the tab order as a named region, so that a
  // keyboard can scroll it (WCAG 2.1.1, axe "scrollable-region-focusable"); one that fits
  // again leaves it. Boxes a template made focusable itself are left as they are.
  function reachable(root) {
    root.querySelectorAll(".table-wrap").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
        }
        box.setAttribute("data-reachable", "");
      } else if (!scrolls && box.hasAttribute("data-reachable")) {
        ["tabindex", "role", "aria-label", "data-reachable"].forEach(function (name) {
          box.removeAttribute(name);
        });
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { reachable(document); });
  document.addEventListener("htmx:afterSettle", function () { reachable(document); });
  var resizing;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { reachable(document); }, 150);
  });

  // Choosing a partnership fills in its country (the form does the same on the server when the
  // country is left empty): the select carries a map from partnership to country code.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("select[data-country-of]")) {
      return;
    }
    var country = JSON.parse(select.getAttribute("data-country-of"))[select.value];
    var target = document.getElementById(select.getAttribute("data-fills"));
    if (country && target) {
      target.value = country;
    }
  });

  // Type-ahead on long lists: a labelled search box before every single select of more than
  // 15 options (countries, programmes, units, people…) keeps only the options that contain what
  // is typed, and chooses the first of them when the current choice is no longer among them.
  // The select itself stays as it is and is what the form submits, with or without this.
  var LONG_LIST = 15;
  var typeaheadCount = 0;
  function enhanceSelect(select) {
    var root = document.body; // carries the box's words in the page's language
    var id = select.id || "typeahead-" + (++typeaheadCount);
    var own = document.querySelector('label[for="' + id + '"]');
    var box = document.createElement("div");
    var label = document.createElement("label");
    var input = document.createElement("input");
    var count = document.createElement("span");
    var entries = Array.prototype.map.call(select.querySelectorAll("option"), function (option) {
      return { option: option, parent: option.parentNode, text: option.textContent.toLocaleLowerCase("sv") };
    }).filter(function (entry) { return entry.option.value !== ""; });
    select.id = id;
    select.setAttribute("data-typeahead-ready", "");
    box.className = "typeahead";
    label.id = id + "-typeahead-label";
    label.htmlFor = id + "-typeahead";
    label.className = "typeahead__label";
    label.textContent = root.getAttribute("data-typeahead-label");
    input.type = "search";
    input.id = id + "-typeahead";
    input.className = "typeahead__input";
    input.autocomplete = "off";
    input.placeholder = label.textContent;
    input.setAttribute("aria-controls", id);
    // Named by its own label; the list's label describes it (a test or a reader asking for
    // the field "Land" finds the select, not its search box).
    input.setAttribute("aria-describedby", id + "-typeahead-count");
    if (own) {
      own.id = own.id || id + "-label";
      input.setAttribute("aria-describedby", own.id + " " + id + "-typeahead-count");
    }
    count.id = id + "-typeahead-count";
    count.className = "typeahead__count muted";
    count.setAttribute("aria-live", "polite");
    box.append(label, input, count);
    select.parentNode.insertBefore(box, select);

    function matches() {
      var wanted = input.value.trim().toLocaleLowerCase("sv");
      var found = [];
      entries.forEach(function (entry) {
        if (entry.text.indexOf(wanted) !== -1) {
          entry.parent.appendChild(entry.option); // in the original order
          found.push(entry.option);
        } else if (entry.option.parentNode) {
          entry.option.remove();
        }
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option");
      });
      var words = root.getAttribute(found.length === 1 ? "data-typeahead-one" : "data-typeahead-count");
      count.textContent = wanted ? words.replace("{count}", found.length) : "";
      return found;
    }
    function choose(option) {
      if (option && select.value !== option.value) {
        select.value = option.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
    input.addEventListener("input", function () {
      var found = matches();
      if (found.length && found.indexOf(select.selectedOptions[0]) === -1) {
        choose(found[0]);
      }
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === "ArrowDown") {
        event.preventDefault(); // Enter chooses here; it does not submit the form
        var found = matches();
        if (event.key === "Enter" && found.length && found.indexOf(select.selectedOptions[0]) === -1) {
          choose(found[0]);
        }
        select.focus();
      }
    });
    // The box's own "change" is not the form's: the form's live check listens for changes.
    input.addEventListener("change", function (event) { event.stopPropagation(); });
  }
  function typeahead(root) {
    root.querySelectorAll("select:not([multiple]):not([data-typeahead-ready])").forEach(function (select) {
      if (select.options.length > LONG_LIST || select.hasAttribute("data-typeahead")) {
        enhanceSelect(select);
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { typeahead(document); });
  document.addEventListener("htmx:afterSettle", function (event) { typeahead(event.target); });

  // A profile error's "rad 12" selects that line of the profile's text.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-goto-line]") : null;
    var text = document.getElementById("id_text");
    if (!link || !text) {
      return;
    }
    event.preventDefault();
    var lines = text.value.split("\n");
    var wanted = Math.min(parseInt(link.getAttribute("data-goto-line"), 10), lines.length) - 1;
    var start = 0;
    for (var i = 0; i < wanted; i++) {
      start += lines[i].length + 1;
    }
    text.focus();
    text.setSelectionRange(start, start + lines[wanted].length);
  });

  // An error summary or a stale-edit notice is read first: give it focus on load.
  document.addEventListener("DOMContentLoaded", function () {
    var first = document.getElementById("stale-notice") || document.getElementById("error-summary");
    if (first) {
      first.focus();
    }
  });
})();
