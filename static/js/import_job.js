/* A background bulk import's page: poll its progress, reload when it has ended.
   Without this script the page refreshes itself (<noscript> meta refresh). */
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-progress-url");
  var bar = box.querySelector("progress");
  var text = box.querySelector(".progress-text");
  var english = document.documentElement.lang === "en";
  var working = english ? "Processing…" : "Đang xử lý…";

  function poll() {
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) return;
        if (state.finished) {
          window.location.reload();
          return;
        }
        if (state.status === "running") {
          if (state.total) {
            bar.value = Math.round((100 * state.done) / state.total);
            text.textContent = working + " " + state.done + "/" + state.total;
          } else {
            bar.removeAttribute("value");
            text.textContent = working;
          }
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
