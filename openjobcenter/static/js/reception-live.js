// Live updates for the public waiting-time pages and the personal ticket page (Server-Sent Events,
// format in docs/realtime.md), and the kiosk ticket's way back to the start. Every page works
// without this file: it shows the state of when it was loaded and has an "Aktualisieren" link.
(function () {
  "use strict";

  var RETRY_CLOSED_MS = 5000;

  function readJSON(id) {
    var element = document.getElementById(id);
    if (!element) {
      return null;
    }
    try {
      return JSON.parse(element.textContent);
    } catch (error) {
      return null;
    }
  }

  function parse(event) {
    try {
      return JSON.parse(event.data);
    } catch (error) {
      return null;
    }
  }

  // "etwa 10–20 Minuten": the same rules as wait_text() in reception/views/public.py.
  function waitText(range, texts) {
    if (!range || range.length !== 2) {
      return texts.closed;
    }
    var text = range[0] > 0 ? texts.range : texts.up_to;
    return text.replace("{low}", String(range[0])).replace("{high}", String(range[1]));
  }

  function setText(root, field, value) {
    var element = root.querySelector("[data-field='" + field + "']");
    if (element && element.textContent !== value) {
      element.textContent = value;
    }
  }

  // One stream. Each (re)connection starts with a snapshot that replaces the whole state, so a
  // client that reconnects ends where a fresh page load would. EventSource reconnects by itself;
  // when the server answered with an error instead (the stream is then closed) we start anew.
  function listen(root, url, handlers) {
    var notice = root.querySelector("[data-live-notice]");
    var source = null;
    var timer = null;

    function open() {
      source = new EventSource(url);
      source.addEventListener("snapshot", function (event) {
        var data = parse(event);
        if (notice) {
          notice.hidden = true;
        }
        root.setAttribute("data-live-state", "live");
        if (data) {
          handlers.snapshot(data);
        }
      });
      Object.keys(handlers).forEach(function (name) {
        if (name === "snapshot") {
          return;
        }
        source.addEventListener(name, function (event) {
          var data = parse(event);
          if (data) {
            handlers[name](data);
          }
        });
      });
      source.addEventListener("error", function () {
        if (notice) {
          notice.hidden = false;
        }
        root.setAttribute("data-live-state", "reconnecting");
        if (source.readyState === EventSource.CLOSED && timer === null) {
          timer = window.setTimeout(function () {
            timer = null;
            open();
          }, RETRY_CLOSED_MS);
        }
      });
    }

    function close() {
      if (timer !== null) {
        window.clearTimeout(timer);
        timer = null;
      }
      if (source) {
        source.close();
        source = null;
      }
    }

    open();
    // Leave no stream open behind a page in the back-forward cache; reconnect when it comes back.
    window.addEventListener("pagehide", close);
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && !source) {
        open();
      }
    });
  }

  // --- Waiting times of a location ---------------------------------------------------------------
  function enhancePlace(root, texts) {
    var url = root.getAttribute("data-events-url");
    if (!url || !texts) {
      return;
    }
    function show(body) {
      (body.zones || []).forEach(function (zone) {
        var row = root.querySelector("[data-zone='" + String(zone.zone).replace(/'/g, "") + "']");
        if (!row) {
          return;
        }
        setText(row, "wait", waitText(zone.estimated_wait_range, texts));
        setText(row, "waiting", String(zone.waiting));
        setText(row, "open_counters", String(zone.open_counters));
      });
    }
    listen(root, url, {
      snapshot: function (data) {
        if (data.waiting_times) {
          show(data.waiting_times);
        }
        var badge = root.querySelector("[data-live-badge]");
        if (badge) {
          badge.hidden = false;
        }
      },
      "waiting-times": show,
    });
  }

  // --- The personal ticket page ------------------------------------------------------------------
  function enhanceTicket(root, config) {
    var url = root.getAttribute("data-events-url");
    if (!url || !config) {
      return;
    }
    var texts = config.texts;
    var alertBox = root.querySelector("[data-field='alert']");
    var status = root.getAttribute("data-status");
    var shownAlert = alertBox ? alertBox.textContent.trim() : "";

    function alertFor(state) {
      if (state.status === "called") {
        return ["called", texts.called.replace("{counter}", state.counter || "–")];
      }
      if (state.status === "serving") {
        return ["serving", texts.serving];
      }
      if (state.status === "waiting" && state.position === 0) {
        return ["soon", texts.next];
      }
      if (state.status === "waiting" && state.position <= config.soon_position) {
        return ["soon", texts.soon];
      }
      if (state.status === "parked") {
        return ["info", texts.parked];
      }
      if (state.status === "done" || state.status === "no_show" || state.status === "cancelled") {
        return ["info", texts.ended];
      }
      return ["", ""];
    }

    function show(state) {
      var waiting = state.status === "waiting";
      setText(root, "status", config.statuses[state.status] || state.status);
      setText(root, "position", waiting ? String(state.position) : texts.none);
      setText(root, "wait", waiting ? waitText(state.estimated_wait_range, texts) : texts.none);
      setText(root, "counter", state.counter || texts.none);
      var next = alertFor(state);
      // Change the alert only when its text changes: each change is read out.
      if (alertBox && next[1] !== shownAlert) {
        alertBox.textContent = "";
        if (next[0]) {
          var message = document.createElement("p");
          message.className = "ojc-ticket-alert ojc-ticket-alert--" + next[0];
          message.textContent = next[1];
          alertBox.appendChild(message);
        }
        shownAlert = next[1];
      }
      if (state.status === "called" && status !== "called" && navigator.vibrate) {
        navigator.vibrate([300, 150, 300]);
      }
      status = state.status;
      root.setAttribute("data-status", state.status);
    }

    listen(root, url, { snapshot: show, "ticket-updated": show });
  }

  // --- The kiosk's ticket: back to the start after a while ---------------------------------------
  function enhanceKioskReturn(root) {
    var url = root.getAttribute("data-kiosk-return");
    var total = parseInt(root.getAttribute("data-seconds"), 10) || 30;
    var countdown = root.querySelector("[data-countdown]");
    var left = total;
    var output = countdown ? countdown.querySelector("[data-seconds-left]") : null;
    var more = countdown ? countdown.querySelector("[data-more-time]") : null;
    if (countdown) {
      countdown.hidden = false;
    }
    if (more) {
      more.addEventListener("click", function () {
        left = total * 2;
      });
    }
    window.setInterval(function () {
      left -= 1;
      if (output) {
        output.textContent = String(Math.max(left, 0));
      }
      if (left <= 0) {
        window.location.assign(url);
      }
    }, 1000);
  }

  function start() {
    var waitTexts = readJSON("ojc-wait-texts");
    document.querySelectorAll("[data-live-place]").forEach(function (root) {
      if (window.EventSource) {
        enhancePlace(root, waitTexts);
      }
    });
    var ticket = document.querySelector("[data-live-ticket]");
    if (ticket && window.EventSource) {
      enhanceTicket(ticket, readJSON("ojc-ticket-data"));
    }
    var kiosk = document.querySelector("[data-kiosk-return]");
    if (kiosk) {
      enhanceKioskReturn(kiosk);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
