/* Data entry form: small improvements on a form that works without JavaScript.
   - recomputes the hints beside the inputs (computers per staff…) while typing;
   - hides the "carried over" label once a carried value is changed;
   - after a refused save, puts the cursor in the first field with a problem;
   - ignores a second click on Save/Send while the first is on its way (the server
     would answer it "already done" anyway: the form carries a one-time key). */
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  // Old browsers (no Element.closest) keep the plain form, which does everything.
  if (!form || !form.closest || !window.JSON) return;
  var specsNode = document.getElementById("hint-specs");
  var specs = specsNode ? JSON.parse(specsNode.textContent) : [];

  // The same reading as indicators/rules.py: "1.200" = 1200, "12,5" = 12.5.
  function parse(text) {
    text = (text || "").replace(/[\s\u00a0\u202f]/g, "");
    if (!text) return null;
    if (/^[+-]?\d+$/.test(text)) return Number(text);
    if (/^[+-]?\d{1,3}(\.\d{3})+$/.test(text)) return Number(text.replace(/\./g, ""));
    if (/^[+-]?(\d{1,3}(\.\d{3})*|\d+),\d+$/.test(text)) return Number(text.replace(/\./g, "").replace(",", "."));
    if (/^[+-]?\d*\.\d+$/.test(text)) return Number(text);
    return null;
  }

  function value(code) {
    var inputs = form.querySelectorAll('[name="v_' + code + '"]');
    if (!inputs.length) return null;
    if (inputs[0].type === "radio") {
      for (var i = 0; i < inputs.length; i++) if (inputs[i].checked) return Number(inputs[i].value);
      return null;
    }
    return parse(inputs[0].value);
  }

  // The page's language picks the separators, as on the server: "91,5" or "91.5".
  var locale = document.documentElement.lang === "en" ? "en-US" : "vi-VN";

  function format(number, decimals) {
    return number.toLocaleString(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }

  function updateHints() {
    var shown = {};
    specs.forEach(function (spec) {
      var numerator = value(spec.numerator), denominator = value(spec.denominator);
      if (numerator === null || !denominator) return;
      var result = (numerator / denominator) * spec.factor;
      var text = format(result, spec.decimals) + (spec.suffix === "%" ? "%" : spec.suffix ? " " + spec.suffix : "");
      (shown[spec.field] = shown[spec.field] || []).push(spec.label + ": " + text);
    });
    var nodes = form.querySelectorAll("[data-hints-for]");
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].textContent = (shown[nodes[i].getAttribute("data-hints-for")] || []).join(" · ");
    }
  }

  form.addEventListener("input", function (event) {
    var row = event.target.closest(".entry-row");
    var carried = row && row.querySelector(".carried");
    if (carried && event.target.name && event.target.name.indexOf("v_") === 0) carried.hidden = true;
    updateHints();
  });
  form.addEventListener("change", updateHints);

  // After a refused save, start where the first problem is.
  var firstError = form.querySelector(".entry-row.has-error");
  if (firstError) {
    var input = firstError.querySelector("[aria-invalid=true]") || firstError.querySelector("input, textarea");
    if (input) input.focus();
    firstError.scrollIntoView({ block: "center" });
  }

  form.addEventListener("submit", function (event) {
    if (form.getAttribute("data-sending")) {
      event.preventDefault();
      return;
    }
    // Not disabling the buttons: a disabled button would not send its name (save/send).
    form.setAttribute("data-sending", "1");
    form.classList.add("sending");
  });
})();
