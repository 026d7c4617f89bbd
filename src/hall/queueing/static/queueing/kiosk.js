/* The kiosk. It follows the hall's live channel like a board: the lines' counts change in
   place, and when emergency operation begins or ends it goes back to its start page to show
   who may take a number now, without waiting for a touch. Opened once as …?equipment=<key>,
   it tells the equipment register it is alive (F1), on every page of the tab.
   A step left half done (the priority question) goes back to the start after a while without
   a touch, so the next person does not find someone else's choice. */
(function () {
  "use strict";
  var kiosk = document.querySelector("[data-kiosk]");
  if (!kiosk) { return; }
  var start = kiosk.dataset.start;

  var step = document.querySelector("[data-return-after]");
  if (step) {
    var timer = null;
    var wait = function () {
      clearTimeout(timer);
      timer = setTimeout(function () { location.replace(start); }, Number(step.dataset.returnAfter) * 1000);
    };
    ["pointerdown", "keydown"].forEach(function (name) { document.addEventListener(name, wait); });
    wait();
  }

  function kept(name, value) {  // the tab's storage; without it, nothing is kept
    try {
      if (value) { sessionStorage.setItem(name, value); }
      return sessionStorage.getItem(name);
    } catch (error) { return value || null; }
  }
  var key = kept("kiosk-equipment", new URLSearchParams(location.search).get("equipment"));

  function backToStart() {
    // At most once in 10 s: a notice changing back and forth does not keep the kiosk blank.
    if (Date.now() - Number(kept("kiosk-reloaded") || 0) < 10000) { return; }
    kept("kiosk-reloaded", String(Date.now()));
    location.replace(start);
  }
  function showWaiting(lines) {
    lines.forEach(function (line) {
      var count = document.querySelector("[data-waiting-of='" + line.code + "']");
      if (count) { count.textContent = count.textContent.replace(/\d+/, line.waiting); }
    });
  }
  window.HallLive.connect("/ws/board/" + kiosk.dataset.kiosk + "/?for=kiosk", function (message) {
    if (message.type === "issuing") {
      backToStart();
    } else if (message.type === "snapshot") {
      // What changed while the connection was away (or since the page was drawn).
      if ((message.notice || "") !== kiosk.dataset.notice) { backToStart(); return; }
      showWaiting(message.waiting || []);
    } else if (message.type === "waiting") {
      showWaiting(message.waiting);
    }
  }, function (connected) { document.body.dataset.live = connected ? "on" : "off"; },
  window.HallLive.heartbeat(key));
})();
