/* The office's dashboard and the big screen: the hall's live channel (the boards' own) says
   something moved; the figures are fetched again at once, then at most every 400 ms while
   more comes. A lost connection reconnects by itself; the minute's poll covers the gap. */
(function () {
  "use strict";
  var last = 0, later = null;
  function fetchNow() {
    last = Date.now();
    later = null;
    var panel = document.querySelector("[data-hall-now]");
    if (panel && window.htmx) { window.htmx.trigger(panel, "refresh"); }
  }
  function refresh() {
    var wait = 400 - (Date.now() - last);
    if (wait <= 0) { fetchNow(); } else if (!later) { later = setTimeout(fetchNow, wait); }
  }
  var panel = document.querySelector("[data-hall-now]");
  if (!panel || !window.HallLive) { return; }
  window.HallLive.connect(panel.dataset.livePath, refresh, function (connected) {
    document.body.dataset.nowLive = connected ? "1" : "0";
    if (connected) { refresh(); }  // caught up after a reconnect
  }, window.HallLive.heartbeat());  // a big screen opened as …?equipment=<key> (F1)
})();
