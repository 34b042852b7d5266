// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // The language select submits itself when changed; the button stays for keyboard and no-JS use.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.submit();
    }
  });
})();
