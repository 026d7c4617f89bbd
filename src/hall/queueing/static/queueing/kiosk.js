/* A kiosk step left half done (the priority question) goes back to the start after a while
   without a touch, so the next person does not find someone else's choice. */
(function () {
  "use strict";
  var step = document.querySelector("[data-return-after]");
  if (!step) { return; }
  var timer = null;
  function wait() {
    clearTimeout(timer);
    timer = setTimeout(function () { location.replace(step.dataset.returnTo); },
      Number(step.dataset.returnAfter) * 1000);
  }
  ["pointerdown", "keydown"].forEach(function (name) { document.addEventListener(name, wait); });
  wait();
})();
