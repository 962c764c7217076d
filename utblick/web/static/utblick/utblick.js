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
