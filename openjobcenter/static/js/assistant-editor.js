// The knowledge-base editor: while an answer is typed, its preview shows the text with the
// Jobcenter's placeholders filled in. Without JavaScript, "Vorschau aktualisieren" does the same.
(function () {
  "use strict";
  const form = document.querySelector(".ojc-kb-form");
  if (!form) return;
  const values = {
    jobcenter_name: form.dataset.jobcenterName || "",
    jobcenter_phone: form.dataset.jobcenterPhone || "",
    jobcenter_email: form.dataset.jobcenterEmail || "",
    jobcenter_address: form.dataset.jobcenterAddress || "",
  };
  function fill(text) {
    return text.replace(/\{(jobcenter_name|jobcenter_phone|jobcenter_email|jobcenter_address)\}/g, function (_m, name) {
      return values[name];
    });
  }
  form.querySelectorAll("textarea[data-kb-answer]").forEach(function (area) {
    const preview = form.querySelector('[data-kb-preview="' + area.dataset.kbAnswer + '"]');
    if (!preview) return;
    let timer = null;
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        preview.textContent = fill(area.value.trim()) || "–";
      }, 250);
    });
  });
})();
