// threadcare: the compose form's live segment counter and canned answers.
// The segment rules mirror clinic/segments.py; keep the two in step.
(function () {
  "use strict";

  var GSM_BASIC =
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var GSM_EXTENDED = "^{}\\[~]|€\f";
  var LIMITS = { "GSM-7": [160, 153], "UCS-2": [70, 67] };

  // Count a text's segments as carriers do: GSM-7 when every character is in the
  // GSM alphabet (extension characters take two units), otherwise UCS-2 (UTF-16
  // units); a two-unit character is never split between segments.
  function countSegments(text) {
    var chars = Array.from(text);
    var gsm = chars.every(function (c) {
      return GSM_BASIC.indexOf(c) >= 0 || GSM_EXTENDED.indexOf(c) >= 0;
    });
    var encoding = gsm ? "GSM-7" : "UCS-2";
    var units = chars.map(function (c) {
      if (gsm) return GSM_EXTENDED.indexOf(c) >= 0 ? 2 : 1;
      return c.codePointAt(0) > 0xffff ? 2 : 1;
    });
    var total = units.reduce(function (a, b) { return a + b; }, 0);
    var single = LIMITS[encoding][0], part = LIMITS[encoding][1];
    if (total <= single) return { characters: chars.length, encoding: encoding, segments: chars.length ? 1 : 0 };
    var segments = 1, used = 0;
    units.forEach(function (size) {
      if (used + size > part) { segments += 1; used = 0; }
      used += size;
    });
    return { characters: chars.length, encoding: encoding, segments: segments };
  }
  window.threadcareSegments = countSegments;

  function fill(format, values) {
    return format.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? String(values[key]) : whole;
    });
  }

  function setUp(form) {
    var body = form.querySelector("textarea[name=body]");
    var counter = form.querySelector("#segment-count");
    var confirm = form.querySelector("[data-confirm-long]");
    if (!body || !counter) return;
    var over = parseInt(counter.dataset.over, 10) || 3;

    function update() {
      var count = countSegments(body.value.trim());
      counter.textContent = fill(counter.dataset.fmt, {
        chars: count.characters, encoding: count.encoding, segments: count.segments
      });
      if (confirm) {
        var long = count.segments > over;
        confirm.hidden = !long;
        var label = confirm.querySelector("[data-fmt]");
        if (label) label.textContent = fill(label.dataset.fmt, { n: count.segments });
        if (!long) {
          var box = confirm.querySelector("input[type=checkbox]");
          if (box) box.checked = false;
        }
      }
    }
    body.addEventListener("input", update);
    update();

    var canned = form.querySelector("[data-canned]");
    if (!canned) return;
    canned.hidden = false;
    var pick = canned.querySelector("select");
    canned.querySelector("[data-insert]").addEventListener("click", function () {
      var option = pick.options[pick.selectedIndex];
      if (!option) return;
      var text = option.dataset.body || "";
      // Into the cursor's place (replacing a selection), so staff can build on it.
      var start = body.selectionStart, end = body.selectionEnd;
      if (typeof start !== "number") start = end = body.value.length;
      body.value = body.value.slice(0, start) + text + body.value.slice(end);
      body.focus();
      body.setSelectionRange(start + text.length, start + text.length);
      update();
    });
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-compose]"), setUp);
  });
})();
