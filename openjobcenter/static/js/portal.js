// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Phones: fold the main navigation into a "Menü" disclosure. Without JavaScript the button stays
  // hidden and the navigation simply wraps.
  function enhanceNavigation(nav) {
    var toggle = nav.querySelector(".ojc-nav__toggle");
    if (!toggle) {
      return;
    }
    toggle.hidden = false;
    nav.classList.add("ojc-nav--collapsible");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }

  // The language menu is a native <details>; Escape closes it and returns focus to its summary.
  function enhanceLanguageMenu(details) {
    details.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && details.open) {
        details.open = false;
        details.querySelector("summary").focus();
      }
    });
    details.addEventListener("focusout", function (event) {
      if (details.open && event.relatedTarget && !details.contains(event.relatedTarget)) {
        details.open = false;
      }
    });
  }

  // The installable app: the Jobcenter's service worker keeps the app shell and an offline page.
  // Pages tell it their language, so the offline page is in the language the person reads.
  function registerServiceWorker() {
    var body = document.body;
    var url = body.getAttribute("data-service-worker");
    if (!url || !("serviceWorker" in navigator) || !window.isSecureContext) {
      return;
    }
    var language = document.documentElement.lang;
    navigator.serviceWorker.register(url, { scope: body.getAttribute("data-scope") }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (registration.active) {
        registration.active.postMessage({ type: "language", language: language });
      }
    }).catch(function () { /* no app features; the site works as before */ });
  }

  function init() {
    document.querySelectorAll("[data-ojc-nav]").forEach(enhanceNavigation);
    document.querySelectorAll("[data-ojc-language]").forEach(enhanceLanguageMenu);
    registerServiceWorker();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
