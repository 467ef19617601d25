// threadcare: the nav's unread badge and the inbox list, refreshed every 30 seconds
// from /inbox/unread.json (no page reload). These requests do not keep a session alive.
(function () {
  "use strict";
  var EVERY_MS = 30000;

  var SIGNED_OUT = "signed out";

  function later(badge) {
    window.setTimeout(function () { refresh(badge); }, EVERY_MS);
  }

  function refresh(badge) {
    fetch(badge.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        // Signed out (the session ended): stop quietly; the next click shows the sign-in page.
        if (response.redirected || type.indexOf("application/json") < 0) throw new Error(SIGNED_OUT);
        if (!response.ok) throw new Error("try again");
        return response.json();
      })
      .then(function (data) {
        badge.textContent = String(data.unread);
        badge.setAttribute("aria-label", data.unread_label);
        badge.hidden = data.unread === 0;
        var rows = document.querySelector("[data-inbox-rows]");
        if (rows) rows.innerHTML = data.html;  // rendered and escaped by the server
        var count = document.querySelector("[data-inbox-unread]");
        if (count) count.textContent = data.unread_label;
        later(badge);
      })
      .catch(function (error) {
        // A network hiccup: try again next time. Signed out: stop.
        if (error.message !== SIGNED_OUT) later(badge);
      });
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var badge = document.querySelector("[data-unread-badge]");
    if (badge) later(badge);
  });
})();
