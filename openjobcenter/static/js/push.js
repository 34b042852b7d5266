// Switch on push notifications for this device: ask the browser, subscribe with the portal's VAPID
// key, and hand the subscription to the portal. Forms carry their texts (translated by the server).
(function () {
  "use strict";

  function keyBytes(base64url) {
    var padded = base64url.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((base64url.length + 3) % 4);
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }

  function enhance(form) {
    var status = form.querySelector("[data-push-status]");
    var button = form.querySelector("[data-push-button]");
    var say = function (name) { status.textContent = form.getAttribute("data-text-" + name); };
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      say("unsupported");
      return;
    }
    status.textContent = "";
    if (button) { button.hidden = false; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var topics = Array.prototype.map.call(form.querySelectorAll("input[name=topics]:checked"), function (box) {
        return box.value;
      });
      var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") { throw new Error("denied"); }
        return navigator.serviceWorker.ready;
      }).then(function (registration) {
        return registration.pushManager.getSubscription().then(function (existing) {
          return existing || registration.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: keyBytes(form.getAttribute("data-key"))
          });
        });
      }).then(function (subscription) {
        return fetch(form.getAttribute("data-url"), {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": token },
          body: JSON.stringify({ subscription: subscription.toJSON(), topics: topics })
        });
      }).then(function (response) {
        if (!response.ok) {
          return response.json().then(function (body) { throw new Error(body.error.message); });
        }
        say("done");
        if (form.hasAttribute("data-reload")) { window.location.reload(); }
      }).catch(function (error) {
        if (error.message === "denied") { say("denied"); return; }
        status.textContent = error.message && error.message.length > 20 ? error.message : form.getAttribute("data-text-failed");
      });
    });
  }

  function init() {
    document.querySelectorAll("[data-push-subscribe]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
