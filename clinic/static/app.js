// threadcare: small progressive enhancements. Loaded from a file because the
// Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  // Buttons with data-confirm ask before their form is sent.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });

  // "Go back" on error pages goes back in history when there is one.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-back]") : null;
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // Phone simulator: show the newest message first, as a phone would.
  ready(function () {
    var screen = document.getElementById("screen");
    if (screen) screen.scrollTop = screen.scrollHeight;
  });

  // Booking form: hide procedure details unless a procedure is chosen.
  ready(function () {
    var kind = document.getElementById("kind");
    var details = document.getElementById("procedure-details");
    var duration = document.getElementById("duration_minutes");
    if (!kind || !details) return;
    var durationTouched = false;
    if (duration) duration.addEventListener("input", function () { durationTouched = true; });
    function sync(changed) {
      var isProcedure = kind.value === "procedure";
      details.hidden = !isProcedure;
      details.disabled = !isProcedure;
      // Suggest the usual length, but never overwrite one the receptionist typed.
      if (changed && duration && !durationTouched) duration.value = isProcedure ? 60 : 30;
    }
    kind.addEventListener("change", function () { sync(true); });
    sync(false);
  });
})();
