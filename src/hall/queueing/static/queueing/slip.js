/* The kiosk prints the slip as soon as it is shown, then returns to the start. */
(function () {
  "use strict";
  var body = document.body;
  if (body.hasAttribute("data-autoprint")) {
    window.addEventListener("load", function () { window.print(); });
  }
  if (body.dataset.back) {
    setTimeout(function () { location.href = body.dataset.back; }, 12000);
  }
})();
