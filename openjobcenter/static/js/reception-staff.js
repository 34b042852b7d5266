/* Reception desk and counter pages: keep the queue region current. The location's event stream
   (docs/realtime.md) says when something changed; the page then fetches itself and swaps in the
   region marked data-ojc-live, so what is shown is always the server's own rendering. While the
   person is inside that region (focus in a form or button), the swap waits until they leave it. */
(function () {
  "use strict";

  var region = document.querySelector("[data-ojc-live]");
  if (!region || !window.EventSource || !window.fetch || !window.DOMParser) { return; }
  var url = region.dataset.eventsUrl;
  var pending = false;
  var timer = null;
  var first = true;

  function notice(show) {
    var node = region.querySelector("[data-ojc-connection]");
    if (node) { node.hidden = !show; }
  }

  function swap() {
    if (region.contains(document.activeElement) && document.activeElement !== document.body) {
      pending = true;
      return;
    }
    pending = false;
    window.fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(region.id);
        if (!fresh) { return; }
        region.innerHTML = fresh.innerHTML;
        notice(false);
      })
      .catch(function () { /* the next event tries again */ });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(swap, 300);
  }

  region.addEventListener("focusout", function () {
    window.setTimeout(function () { if (pending && !region.contains(document.activeElement)) { swap(); } }, 0);
  });

  var source = new EventSource(url);
  source.addEventListener("snapshot", function () {
    notice(false);
    if (first) { first = false; return; }  // the page was just rendered
    later();  // reconnected: what we show may be stale
  });
  source.addEventListener("ticket-called", later);
  source.addEventListener("waiting-times", later);
  source.addEventListener("error", function () { notice(true); });
  document.documentElement.classList.add("js");
})();
