/* The call display, live: listens to the location's event stream (docs/realtime.md) and shows the
   calls of its own zone. Each "snapshot" replaces the whole state, so a display that lost its network
   looks exactly like a freshly loaded one once EventSource has reconnected by itself. The chime is
   off by default (browsers block sound until somebody touches the screen) and synthesised with
   WebAudio; no audio file is loaded. */
(function () {
  "use strict";

  var frame = document.getElementById("anzeige");
  if (!frame || !window.EventSource) { return; }
  document.body.classList.add("ojc-display--live");

  var zone = frame.dataset.zone;
  var maxCalls = parseInt(frame.dataset.maxCalls, 10) || 8;
  var newestBox = document.getElementById("neuester");
  var list = document.getElementById("letzte");
  var waitValue = document.getElementById("wartezeit-wert");
  var waiting = document.getElementById("wartende");
  var notice = document.getElementById("verbindung");
  var clock = document.getElementById("uhr");
  var chimeButton = document.getElementById("ton");
  var calls = [];
  var shownKey = null;
  var initial = newestBox.querySelector("[data-number]");
  if (initial) { shownKey = [initial.dataset.number, initial.dataset.callCount, initial.dataset.counter].join("|"); }

  function text(name, values) {
    var template = frame.dataset["text" + name] || "";
    return template.replace(/%\((\w+)\)s/g, function (_m, key) { return values && key in values ? values[key] : ""; });
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined) { node.textContent = content; }
    return node;
  }

  function numberNode(className, value) {
    var node = el("bdi", className, value);
    node.setAttribute("dir", "ltr");
    return node;
  }

  function arrow() {
    var node = el("span", "ojc-display__arrow", "→");
    node.setAttribute("aria-hidden", "true");
    return node;
  }

  function keyOf(call) { return call ? [call.ticket_number, call.call_count, call.counter || ""].join("|") : null; }

  function renderCalls(flash) {
    var newest = calls[0];
    newestBox.textContent = "";
    if (newest) {
      var p = el("p", "ojc-display__call ojc-display__call--new");
      p.appendChild(numberNode("ojc-display__number", newest.ticket_number));
      p.appendChild(document.createTextNode(" "));
      var to = el("span", "ojc-display__to");
      to.appendChild(arrow());
      to.appendChild(document.createTextNode(" "));
      to.appendChild(el("bdi", "ojc-display__counter", text("Counter", { name: newest.counter || "–" })));
      p.appendChild(to);
      if (newest.call_count > 1) { p.appendChild(el("span", "ojc-display__recall", text("Recall"))); }
      newestBox.appendChild(p);
      if (flash) {
        void p.offsetWidth;
        p.classList.add("ojc-display__call--flash");
      }
    }
    list.textContent = "";
    var earlier = calls.slice(1, maxCalls);
    if (!earlier.length) { list.appendChild(el("li", "ojc-display__item ojc-display__item--none", "–")); }
    earlier.forEach(function (call) {
      var li = el("li", "ojc-display__item");
      li.appendChild(numberNode("ojc-display__item-number", call.ticket_number));
      li.appendChild(arrow());
      li.appendChild(el("bdi", "ojc-display__item-counter", text("Counter", { name: call.counter || "–" })));
      list.appendChild(li);
    });
    shownKey = keyOf(newest);
  }

  function renderTimes(body) {
    var row = (body && body.zones || []).filter(function (z) { return z.zone === zone; })[0];
    if (!row) { return; }
    waitValue.textContent = row.estimated_wait_range
      ? text("WaitRange", { low: row.estimated_wait_range[0], high: row.estimated_wait_range[1] })
      : text("WaitNone");
    waiting.textContent = row.waiting === 0 ? text("WaitingZero")
      : row.waiting === 1 ? text("WaitingOne") : text("Waiting", { count: row.waiting });
  }

  /* --- The chime ------------------------------------------------------------------------------ */
  var audio = null;
  var chimeOn = false;

  function chime() {
    if (!chimeOn || !audio) { return; }
    var start = audio.currentTime + 0.05;
    [659.25, 880].forEach(function (frequency, i) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      var t = start + i * 0.45;
      osc.type = "sine";
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.35, t + 0.04);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.9);
      osc.connect(gain).connect(audio.destination);
      osc.start(t);
      osc.stop(t + 1);
    });
  }

  function setChime(on) {
    chimeOn = on;
    chimeButton.setAttribute("aria-pressed", on ? "true" : "false");
    chimeButton.textContent = on ? text("ChimeOn") : text("ChimeOff");
  }

  if (chimeButton && (window.AudioContext || window.webkitAudioContext)) {
    chimeButton.hidden = false;
    chimeButton.addEventListener("click", function () {
      if (!audio) { audio = new (window.AudioContext || window.webkitAudioContext)(); }
      if (audio.state === "suspended") { audio.resume(); }
      setChime(!chimeOn);
      chime();
    });
  }

  /* --- The clock ------------------------------------------------------------------------------ */
  function tick() {
    var now = new Date();
    var hh = String(now.getHours()).padStart(2, "0");
    var mm = String(now.getMinutes()).padStart(2, "0");
    clock.textContent = hh + ":" + mm;
    clock.setAttribute("datetime", now.toISOString());
  }
  tick();
  window.setInterval(tick, 5000);

  /* --- The event stream ------------------------------------------------------------------------ */
  var source = null;
  var retryTimer = null;

  function parse(event) {
    try { return JSON.parse(event.data); } catch (_e) { return null; }
  }

  function connect() {
    source = new EventSource(frame.dataset.eventsUrl);
    source.addEventListener("snapshot", function (event) {
      var data = parse(event);
      if (!data) { return; }
      notice.hidden = true;
      calls = (data.recent_calls || []).filter(function (c) { return c.zone === zone; }).slice(0, maxCalls);
      var changed = keyOf(calls[0]) !== shownKey;
      renderCalls(changed && calls.length > 0);
      if (changed && calls.length) { chime(); }
      renderTimes(data.waiting_times);
    });
    source.addEventListener("ticket-called", function (event) {
      var call = parse(event);
      if (!call || call.zone !== zone) { return; }
      calls = calls.filter(function (c) { return c.ticket_number !== call.ticket_number; });
      calls.unshift(call);
      calls = calls.slice(0, maxCalls);
      renderCalls(true);
      chime();
    });
    source.addEventListener("waiting-times", function (event) {
      renderTimes(parse(event));
    });
    source.addEventListener("error", function () {
      notice.hidden = false;
      /* EventSource retries by itself unless the server refused the stream: then start again. */
      if (source.readyState === EventSource.CLOSED && !retryTimer) {
        retryTimer = window.setTimeout(function () { retryTimer = null; connect(); }, 5000);
      }
    });
  }

  connect();
})();
