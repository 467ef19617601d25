// threadcare: the plan editor's live preview. The server renders the step text for a
// sample patient (the same code that renders it for patients) and counts its segments.
(function () {
  "use strict";

  function fill(format, values) {
    return format.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? String(values[key]) : whole;
    });
  }

  function setUp(form) {
    var url = form.dataset.previewUrl;
    var token = form.querySelector("input[name=csrf_token]");
    form.querySelectorAll("[data-preview-for]").forEach(function (box) {
      var source = document.getElementById(box.dataset.previewFor);
      var text = box.querySelector(".preview-text");
      var segments = box.querySelector(".segments");
      var error = box.querySelector(".preview-error");
      var timer = null, asked = 0;
      if (!source || !text || !segments || !error) return;

      function show(result) {
        text.textContent = result.text || "";
        segments.textContent = fill(segments.dataset.fmt, {
          chars: result.characters, encoding: result.encoding, segments: result.segments
        });
        error.textContent = result.error || "";
        error.hidden = !result.error;
      }

      function ask() {
        var mine = ++asked;
        fetch(url, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.value : "" },
          body: JSON.stringify({ language: box.dataset.language, text: source.value })
        }).then(function (response) {
          return response.json();
        }).then(function (result) {
          if (mine === asked) show(result);
        }).catch(function () { /* the saved form is checked again on the server */ });
      }

      source.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(ask, 250);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-preview-url]").forEach(setUp);
  });
})();
