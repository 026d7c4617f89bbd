/* The rating pad: told over its WebSocket when the ticket at its window is finished, it
   fetches the five levels; after a rating, or its time without one, it thanks and shows the
   window's badge again. While idle it asks once a minute in case a message was lost. */
(function () {
  "use strict";
  var body = document.body, screen = document.getElementById("pad-screen");
  var screenUrl = body.dataset.padScreen, seconds = Number(body.dataset.padSeconds) || 60;
  var timer = null, THANKS_SECONDS = 4, IDLE_CHECK_SECONDS = 60;

  function later(action, wait) {
    clearTimeout(timer);
    timer = setTimeout(action, wait * 1000);
  }

  function show(html) {
    screen.innerHTML = html;
    var form = screen.querySelector("[data-pad-rate]");
    if (form) {
      wire(form);
      later(timeUp, seconds);
    } else if (screen.querySelector("[data-pad-thanks]")) {
      later(function () { fetchScreen(true); }, THANKS_SECONDS);
    } else {
      later(function () { fetchScreen(false); }, IDLE_CHECK_SECONDS);
    }
  }

  function fetchScreen(idle) {
    fetch(screenUrl + (idle ? "?idle=1" : ""), {credentials: "same-origin", headers: {"X-Requested-With": "pad"}})
      .then(function (response) {
        if (response.status === 403) { location.reload(); }  // revoked: the pairing form
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(show)
      .catch(function () { later(function () { fetchScreen(idle); }, 5); });
  }

  function timeUp() {  // nobody rated in time: thank and go back to the badge
    show(document.getElementById("pad-thanks-template").innerHTML);
  }

  function wire(form) {
    var send = form.querySelector("[data-pad-send]");
    form.addEventListener("change", function (event) {
      later(timeUp, seconds);  // someone is choosing: their time starts again
      if (event.target.name !== "level") { return; }
      form.querySelectorAll("[data-tags-for]").forEach(function (fieldset) {
        fieldset.hidden = fieldset.dataset.tagsFor !== event.target.value;
      });
      send.disabled = false;
    });
    form.addEventListener("input", function () { later(timeUp, seconds); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (form.dataset.sent) { return; }
      form.dataset.sent = "1";
      send.disabled = true;
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(show)
        .catch(function () { delete form.dataset.sent; send.disabled = false; });
    });
  }

  var state = window.HallLive.liveState(document.querySelector("[data-live-state]"), body.dataset);
  window.HallLive.connect(body.dataset.padSocket, function (message) {
    if (message.type === "finished") { fetchScreen(false); }
  }, state, window.HallLive.heartbeat());
  show(screen.innerHTML);
})();
