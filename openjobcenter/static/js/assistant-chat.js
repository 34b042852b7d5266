// The assistant's chat window. Without this file the launcher is a link to the assistant's own page.
// With it: the button opens a modal dialog (focus moves into it, Escape closes it and focus returns to
// the button), the form posts through htmx and the reply is appended to the conversation, which lives
// only in this page. Replies are announced by the conversation's role="log".
(function () {
  "use strict";

  function init() {
    var dialog = document.querySelector("[data-ojc-chat]");
    var open = document.querySelector("[data-ojc-chat-open]");
    var link = document.querySelector("[data-ojc-chat-link]");
    if (!dialog || !open || typeof dialog.showModal !== "function") {
      return; // no dialog support: the link to the page stays
    }
    var form = dialog.querySelector("[data-ojc-chat-form]");
    var input = dialog.querySelector("textarea[name='question']");
    var scroller = dialog.querySelector("[data-ojc-chat-scroll]");
    var busy = dialog.querySelector("[data-ojc-chat-busy]");
    var error = dialog.querySelector("#ojc-chat-error");

    if (link) {
      link.hidden = true;
    }
    open.hidden = false;

    open.addEventListener("click", function () {
      dialog.showModal();
      open.setAttribute("aria-expanded", "true");
      input.focus();
    });
    dialog.querySelector("[data-ojc-chat-close]").addEventListener("click", function () {
      dialog.close();
    });
    dialog.addEventListener("close", function () {
      open.setAttribute("aria-expanded", "false");
      open.focus();
    });
    // A click on the backdrop (outside the window) closes it too.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) {
        var box = dialog.getBoundingClientRect();
        var inside = event.clientX >= box.left && event.clientX <= box.right &&
          event.clientY >= box.top && event.clientY <= box.bottom;
        if (!inside) {
          dialog.close();
        }
      }
    });

    // Enter sends, Shift+Enter starts a new line (as in other chats).
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        if (typeof form.requestSubmit === "function") {
          form.requestSubmit();
        } else {
          form.querySelector("button[type='submit']").click();
        }
      }
    });

    function insideChat(element) {
      return element && dialog.contains(element);
    }

    document.body.addEventListener("htmx:beforeRequest", function (event) {
      if (insideChat(event.detail.elt) && busy && event.detail.elt.matches("[data-ojc-chat-form]")) {
        busy.textContent = busy.getAttribute("data-text");
      }
    });

    // Bad input (422) and "too many questions" (429) come with a message to show, not as a failure.
    document.body.addEventListener("htmx:beforeSwap", function (event) {
      var status = event.detail.xhr.status;
      if (insideChat(event.detail.elt) && (status === 422 || status === 429)) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
      }
    });

    document.body.addEventListener("htmx:afterRequest", function (event) {
      var elt = event.detail.elt;
      if (!insideChat(elt)) {
        return;
      }
      if (busy) {
        busy.textContent = "";
      }
      var status = event.detail.xhr ? event.detail.xhr.status : 0;
      if (status === 0 || status >= 500) {
        error.innerHTML = "";
        var message = document.createElement("p");
        message.className = "kern-error";
        message.setAttribute("role", "alert");
        message.textContent = dialog.getAttribute("data-offline") || "";
        error.appendChild(message);
        return;
      }
      if (status !== 200) {
        input.focus();
        return;
      }
      if (elt.matches("[data-ojc-chat-form]") || elt.closest(".ojc-chat__suggestions")) {
        // A new exchange was appended: clear the field, show the reply's start, keep typing.
        error.innerHTML = "";
        if (elt.matches("[data-ojc-chat-form]")) {
          input.value = "";
        }
        var turns = dialog.querySelectorAll(".ojc-chat__turn--person");
        var last = turns[turns.length - 1];
        if (last && scroller) {
          scroller.scrollTop = last.offsetTop - scroller.offsetTop - 8;
        }
        input.focus();
      }
    });

    // After "helpful?" the buttons are gone: focus goes to the thank-you, not to the page's start.
    document.body.addEventListener("htmx:afterSettle", function () {
      var thanks = dialog.querySelector("[data-ojc-chat-focus]");
      if (thanks) {
        thanks.removeAttribute("data-ojc-chat-focus");
        thanks.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
