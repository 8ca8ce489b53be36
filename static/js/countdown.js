// Lease countdowns: <span data-countdown-seconds="N"> counts down once a second; at zero it says so.
// The end time beside it is shown in the browser's own time zone as well as the server's.
(function () {
  function fmt(s) { var m = Math.floor(s / 60), r = s % 60; return m + " min " + (r < 10 ? "0" : "") + r + " s"; }
  function start() {
    document.querySelectorAll("[data-countdown-seconds]").forEach(function (el) {
      var end = Date.now() + parseInt(el.getAttribute("data-countdown-seconds"), 10) * 1000;
      function tick() {
        var left = Math.max(0, Math.round((end - Date.now()) / 1000));
        el.textContent = left > 0 ? fmt(left) + " left" : "lease ended: the claim may be handed to someone else";
        if (left > 0) { setTimeout(tick, 1000); }
      }
      tick();
    });
    document.querySelectorAll("time[data-local]").forEach(function (el) {
      var d = new Date(el.getAttribute("datetime"));
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      var local = d.toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"});
      var out = el.parentNode.querySelector("[data-local-out]");
      if (out) { out.textContent = " (" + local + " your time, " + zone + ")"; }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
