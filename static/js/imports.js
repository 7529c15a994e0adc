/* Bulk import page: a progress bar while the file is processed.
   The form works without this script (the page just waits). With it, the form is sent
   with fetch, and a small JSON endpoint is polled for the number of reports done. */
(function () {
  "use strict";
  var form = document.getElementById("import-form");
  if (!form || !window.fetch || !window.FormData) return;
  var box = document.getElementById("import-progress");
  var bar = box.querySelector("progress");
  var text = box.querySelector(".progress-text");
  var lang = document.documentElement.lang;
  var working = lang === "en" ? "Processing…" : "Đang xử lý…";

  function token() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return String(Date.now()) + "-" + String(Math.random()).slice(2, 12);
  }

  form.addEventListener("submit", function (event) {
    if (!form.checkValidity()) return;
    event.preventDefault();
    var id = token();
    form.querySelector("[name=progress]").value = id;
    var url = form.getAttribute("data-progress-url").replace("TOKEN", id);
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    box.hidden = false;
    bar.removeAttribute("value");  // indeterminate until the server says more
    text.textContent = working;
    var timer = window.setInterval(function () {
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : {}; })
        .then(function (state) {
          if (!state.total) return;
          bar.value = Math.round((100 * state.done) / state.total);
          text.textContent = working + " " + state.done + "/" + state.total;
        })
        .catch(function () {});
    }, 500);
    fetch(form.action || window.location.href, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        window.clearInterval(timer);
        if (response.redirected) {
          window.location.assign(response.url);
          return;
        }
        // A refused upload (400): show the page the server rendered, with its message.
        return response.text().then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var fresh = page.getElementById("import");
          if (fresh) document.getElementById("import").replaceWith(fresh);
          window.location.hash = "import";
          // The replaced form has no listener: a second try is a plain POST.
        });
      })
      .catch(function () {
        window.clearInterval(timer);
        form.submit();
      });
  });
})();
