// Case file uploads: refuse a file that is too large before sending it, with the same message the
// server would give (the server still checks everything; without JavaScript the form works as is).
(function () {
  "use strict";

  function showError(input, text) {
    var group = input.closest(".kern-form-input");
    var error = group.querySelector(".ojc-js-size-error");
    if (!error) {
      error = document.createElement("p");
      error.className = "kern-error ojc-js-size-error";
      error.id = input.id + "_size_error";
      error.setAttribute("role", "alert");
      var text_node = document.createElement("span");
      text_node.className = "kern-body";
      error.appendChild(text_node);
      input.parentNode.insertBefore(error, input);
    }
    error.querySelector(".kern-body").textContent = text;
    group.classList.add("kern-form-input--error");
    input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + error.id).trim());
  }

  function tooLarge(input) {
    var limit = parseInt(input.dataset.maxBytes, 10);
    return Array.prototype.some.call(input.files || [], function (file) { return file.size > limit; });
  }

  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    input.form.addEventListener("submit", function (event) {
      if (tooLarge(input)) {
        event.preventDefault();
        showError(input, input.dataset.tooLarge);
        input.focus();
      }
    });
  });
})();
