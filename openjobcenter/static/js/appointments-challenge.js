// The booking form's proof-of-work check (ALTCHA widget, loaded from our own server).
// The widget's "external" build brings no workers of its own: register ours for the algorithms the
// server may ask for. Until the check is done the form waits and sends itself afterwards, so a quick
// click on "Buchen" is never lost. Server-side verification is what counts; this only helps people.
(function () {
  "use strict";

  var PBKDF2 = ["PBKDF2/SHA-256", "PBKDF2/SHA-384", "PBKDF2/SHA-512"];
  var SHA = ["SHA-256", "SHA-384", "SHA-512"];

  function registerWorkers(base) {
    var registry = window.$altcha && window.$altcha.algorithms;
    if (!registry) {
      return;
    }
    PBKDF2.forEach(function (name) {
      registry.set(name, function () {
        return new Worker(base + "pbkdf2.js");
      });
    });
    SHA.forEach(function (name) {
      registry.set(name, function () {
        return new Worker(base + "sha.js");
      });
    });
  }

  function holdFormUntilVerified(widget) {
    var form = widget.closest("form");
    var status = document.getElementById(widget.getAttribute("data-ojc-status"));
    if (!form) {
      return;
    }
    var state = "unverified";
    var waitingSubmitter = null;
    var waiting = false;
    widget.addEventListener("statechange", function (event) {
      state = (event.detail && event.detail.state) || state;
      if (state === "verified" && waiting) {
        waiting = false;
        if (status) {
          status.textContent = "";
        }
        form.requestSubmit(waitingSubmitter && waitingSubmitter.form === form ? waitingSubmitter : undefined);
      }
    });
    form.addEventListener("submit", function (event) {
      // Only wait while the check is running; after an error the server explains what to do.
      if (state !== "unverified" && state !== "verifying") {
        return;
      }
      event.preventDefault();
      waiting = true;
      waitingSubmitter = event.submitter || null;
      if (status) {
        status.textContent = status.getAttribute("data-waiting") || "";
      }
    });
  }

  function init() {
    document.querySelectorAll("altcha-widget[data-ojc-workers]").forEach(function (widget) {
      registerWorkers(widget.getAttribute("data-ojc-workers"));
      holdFormUntilVerified(widget);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
