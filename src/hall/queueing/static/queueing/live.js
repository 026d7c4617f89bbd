/* Live boards, window screens and the phone page: WebSocket with reconnect, chime and voice.
   Everything comes from the hall's own server; nothing is loaded from the internet. */
(function () {
  "use strict";

  function connect(path, onMessage, onState) {
    var delay = 500;
    function open() {
      var scheme = location.protocol === "https:" ? "wss://" : "ws://";
      var socket = new WebSocket(scheme + location.host + path);
      socket.onopen = function () { delay = 500; onState(true); };
      socket.onmessage = function (event) { onMessage(JSON.parse(event.data)); };
      socket.onclose = function () {
        onState(false);
        setTimeout(open, delay);  // a new connection gets a fresh snapshot: the board catches up
        delay = Math.min(delay * 2, 10000);
      };
    }
    open();
  }

  var audio = null;
  function chime() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      [[880, 0], [660, 0.35]].forEach(function (tone) {
        var oscillator = audio.createOscillator(), gain = audio.createGain();
        oscillator.frequency.value = tone[0];
        gain.gain.setValueAtTime(0.25, audio.currentTime + tone[1]);
        gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + tone[1] + 0.6);
        oscillator.connect(gain).connect(audio.destination);
        oscillator.start(audio.currentTime + tone[1]);
        oscillator.stop(audio.currentTime + tone[1] + 0.6);
      });
    } catch (error) { /* no sound device: the board still shows the call */ }
  }

  function speak(text) {
    if (!("speechSynthesis" in window)) { return; }
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "zh-CN";
    utterance.rate = 0.9;
    window.speechSynthesis.speak(utterance);  // queued: consecutive calls are all heard
  }

  function liveState(element, labels) {
    return function (connected) {
      if (!element) { return; }
      element.textContent = connected ? labels.connected : labels.disconnected;
      element.classList.toggle("lost", !connected);
    };
  }

  function board(body) {
    var hall = body.dataset.board, onlyWindow = body.dataset.window, onlyZone = body.dataset.zone;
    var labels = document.querySelector("[data-labels]").dataset;
    var recent = document.querySelector("[data-recent]");
    var nowNumber = document.querySelector("[data-now-number]");
    var nowWindow = document.querySelector("[data-now-window]");
    var soundOn = false;
    var toggle = document.querySelector("[data-sound-toggle]");
    toggle.addEventListener("click", function () { soundOn = true; chime(); toggle.hidden = true; });

    function wanted(call) {
      return (!onlyWindow || String(call.window) === onlyWindow) && (!onlyZone || call.zone === onlyZone);
    }
    function row(call) {
      var tr = document.createElement("tr");
      tr.dataset.callId = call.id || "";
      [call.number, labels.windowFormat.replace("{n}", call.window), call.at || ""].forEach(function (text) {
        var td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      });
      return tr;
    }
    function show(call) {
      nowNumber.textContent = call.number;
      nowWindow.textContent = call.text;
    }
    connect("/ws/board/" + hall + "/", function (message) {
      if (message.type === "snapshot") {
        var calls = message.calls.filter(wanted);
        recent.replaceChildren.apply(recent, calls.slice(0, 10).map(row));
        if (calls.length) { show(calls[0]); }
      } else if (message.type === "call" && wanted(message)) {
        recent.insertBefore(row(message), recent.firstChild);
        while (recent.children.length > 10) { recent.removeChild(recent.lastChild); }
        show(message);
        document.body.classList.remove("flash");
        void document.body.offsetWidth;
        document.body.classList.add("flash");
        if (soundOn) { chime(); setTimeout(function () { speak(message.speech); }, 800); }
      }
    }, liveState(document.querySelector("[data-live-state]"), labels));

    var clock = document.querySelector("[data-clock]");
    var timeZone = labels.timeZone || "Asia/Shanghai";  // the hall's time, whatever the PC says
    setInterval(function () {
      clock.textContent = new Date().toLocaleTimeString("zh-CN", {hour12: false, timeZone: timeZone});
    }, 1000);
  }

  function phone(section) {
    var alertBox = document.getElementById("called-alert");
    var labels = section.dataset;  // connected / disconnected, translated by the page
    connect("/ws/ticket/" + section.dataset.follow + "/", function (message) {
      if (message.type === "standing") {
        section.querySelectorAll("[data-field]").forEach(function (element) {
          var value = message[element.dataset.field];
          if (value !== undefined && value !== null) { element.textContent = value; }
        });
      } else if (message.type === "called") {
        alertBox.textContent = message.text;
        alertBox.hidden = false;
        if (navigator.vibrate) { navigator.vibrate([400, 200, 400, 200, 400]); }
        chime();
        document.title = "★ " + message.text;
      }
    }, liveState(section.querySelector("[data-live-state]"), labels));
  }

  var body = document.body;
  if (body.dataset.board) { board(body); }
  var follow = document.querySelector("[data-follow]");
  if (follow) { phone(follow); }
})();
