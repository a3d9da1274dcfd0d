// The timeline's filters and date labels. Without JavaScript the full timeline shows; this only
// hides what the reader filters out, and keeps the filters in the address so it can be shared.
(function () {
  "use strict";

  // Material's script takes every <link rel="alternate"> for the root of a site in another
  // language: it asks for sitemap.xml beside it and reroutes clicks on links below it. Ours are the
  // same page in the other language (hreflang) and the feeds (ko/feed.xml), so it would ask for a
  // sitemap.xml in every page's folder and in ko/ (requests that fail, on every page view) and
  // turn the language switch into a redirect. Hidden from it while it starts (it looks once, on
  // DOMContentLoaded, before this script's listener), then put back as the page was sent.
  var alternates = document.querySelectorAll('link[rel="alternate"]');
  alternates.forEach(function (link) { link.rel = "x-alternate"; });
  document.addEventListener("DOMContentLoaded", function () {
    alternates.forEach(function (link) { link.rel = "alternate"; });
  }, { once: true });

  // A scheduled event whose last day has passed is "awaiting update", whenever the page is read.
  function markAwaiting() {
    var today = new Date().toISOString().slice(0, 10);
    document.querySelectorAll("[data-status='scheduled'][data-last-day]").forEach(function (el) {
      if (el.getAttribute("data-last-day") >= today) return;
      if (el.querySelector(".tl-badge--awaiting")) return;
      var scheduled = el.querySelector(".tl-badge--scheduled");
      if (scheduled) {
        scheduled.className = "tl-badge tl-badge--awaiting";
        // In the page's language, as the build writes the badge (templates/pages/timeline.md.j2).
        scheduled.textContent = el.getAttribute("data-awaiting") || "Awaiting update";
      }
    });
  }

  // On a large timeline's event page: "Event 12 of 10,340", from the ids in timeline order (the
  // pages do not print it, so that adding an event does not rewrite every one of them).
  function showPosition(el) {
    var request = new XMLHttpRequest();
    request.open("GET", el.getAttribute("data-order"));
    request.responseType = "json";
    request.onload = function () {
      var ids = request.response && request.response.events;
      if (!ids) return;
      var at = ids.indexOf(el.getAttribute("data-event"));
      if (at < 0) return;
      // The words in the page's language, as the build writes them (data-format).
      var format = el.getAttribute("data-format") || "Event {position} of {total}";
      el.textContent = format.replace("{position}", (at + 1).toLocaleString("en"))
        .replace("{total}", ids.length.toLocaleString("en"));
      el.hidden = false;
    };
    request.send();
  }

  function setUpFilters(form) {
    var cards = Array.prototype.slice.call(document.querySelectorAll(".tl-event"));
    var marks = Array.prototype.slice.call(document.querySelectorAll(".tl-overview__mark"));
    var count = form.querySelector(".tl-filters__count");
    // "accounts" is a check box, offered only on a page where some event's accounts differ.
    var names = ["tag", "actor", "year", "accounts"].filter(function (name) {
      return form.elements[name];
    });

    function valueOf(name) {
      var field = form.elements[name];
      if (field.type === "checkbox") return field.checked ? field.value : "";
      return field.value;
    }

    function matches(card, wanted) {
      var tags = (card.getAttribute("data-tags") || "").split(" ");
      var actors = (card.getAttribute("data-actors") || "").split(" ");
      return (!wanted.tag || tags.indexOf(wanted.tag) >= 0) &&
        (!wanted.actor || actors.indexOf(wanted.actor) >= 0) &&
        (!wanted.year || card.getAttribute("data-year") === wanted.year) &&
        (!wanted.accounts || card.getAttribute("data-accounts") === wanted.accounts);
    }

    function apply(updateAddress) {
      var wanted = {};
      names.forEach(function (name) { wanted[name] = valueOf(name); });
      var shown = {};
      var visible = 0;
      cards.forEach(function (card) {
        var show = matches(card, wanted);
        card.hidden = !show;
        shown[card.id] = show;
        if (show) visible += 1;
      });
      marks.forEach(function (mark) {
        mark.classList.toggle("tl-dim", !shown[mark.getAttribute("data-event")]);
      });
      // A month or a year with nothing left to show loses its heading too.
      document.querySelectorAll(".tl-events").forEach(function (list) {
        var any = list.querySelector(".tl-event:not([hidden])") !== null;
        list.hidden = !any;
        var heading = list.previousElementSibling;
        if (heading && heading.classList.contains("tl-month")) heading.hidden = !any;
      });
      document.querySelectorAll(".tl-year").forEach(function (year) {
        var any = false;
        for (var el = year.nextElementSibling; el && !el.classList.contains("tl-year");
          el = el.nextElementSibling) {
          if (el.classList.contains("tl-events") && !el.hidden) any = true;
        }
        year.hidden = !any;
      });
      // The words in the page's language, as the build writes them (data-format).
      count.textContent = (count.getAttribute("data-format") || "{shown} of {count} events")
        .replace("{shown}", visible).replace("{count}", cards.length);
      if (updateAddress) {
        var params = new URLSearchParams(window.location.search);
        names.forEach(function (name) {
          if (wanted[name]) params.set(name, wanted[name]); else params.delete(name);
        });
        var query = params.toString();
        history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") +
          window.location.hash);
      }
    }

    var params = new URLSearchParams(window.location.search);
    names.forEach(function (name) {
      var value = params.get(name);
      var field = form.elements[name];
      if (!value) return;
      if (field.type === "checkbox") {
        field.checked = field.value === value;
      } else if (field.querySelector("option[value='" + CSS.escape(value) + "']")) {
        field.value = value;
      }
    });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply(false);
  }

  function start() {
    markAwaiting();
    var form = document.querySelector(".tl-filters");
    if (form) setUpFilters(form);
    var position = document.querySelector(".tl-pager__position[data-order]");
    if (position) showPosition(position);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
