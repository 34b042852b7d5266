// Today's list: after htmx replaced a row (attended / did not attend), put the focus on its status,
// so keyboard and screen reader users hear the result. Without JavaScript the form posts and reloads.
(function () {
  "use strict";

  document.addEventListener("htmx:afterSettle", function () {
    var row = document.querySelector("tr[data-ojc-swapped]");
    if (!row) {
      return;
    }
    row.removeAttribute("data-ojc-swapped");
    var status = row.querySelector("td[tabindex='-1']");
    if (status) {
      status.focus();
    }
  });
})();
