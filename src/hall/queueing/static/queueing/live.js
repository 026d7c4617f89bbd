/* Live boards, window screens and the phone page: WebSocket with reconnect, chime and voice.
   Everything comes from the hall's own server; nothing is loaded from the internet. */
(function () {
  "use strict";

  function connect(path, onMessage, onState, onOpen) {
    var delay = 500;
    function open() {
      var scheme = location.protocol === "https:" ? "wss://" : "ws://";
      var socket = new WebSocket(scheme + location.host + path);
      socket.onopen = function () { delay = 500; onState(true); if (onOpen) { onOpen(socket); } };
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

  // The call is spoken from the hall's recorded clips (请 · A · 零 · 零 · 一 · 号 …), so a PC
  // without a Chinese voice still speaks; the browser's own voice is the fallback when a clip
  // is missing. Calls queue: consecutive calls are all heard, in order.
  var spoken = [], speaking = false;
  function sayNext(labels) {
    if (speaking || !spoken.length) { return; }
    speaking = true;
    var call = spoken.shift(), clips = (call.clips || []).slice();
    function done() { speaking = false; setTimeout(function () { sayNext(labels); }, 400); }
    function fallback() {
      if (!("speechSynthesis" in window)) { done(); return; }
      var utterance = new SpeechSynthesisUtterance(call.speech);
      utterance.lang = "zh-CN";
      utterance.rate = 0.9;
      utterance.onend = utterance.onerror = done;
      window.speechSynthesis.speak(utterance);
    }
    function play() {
      if (!clips.length) { done(); return; }
      var clip = new Audio(labels.voiceUrl.replace("NAME", clips.shift()));
      clip.onended = play;
      clip.onerror = function () { clips = []; fallback(); };
      clip.play().catch(function () { clips = []; fallback(); });
    }
    if (clips.length) { play(); } else { fallback(); }
  }
  function speak(call, labels) { spoken.push(call); sayNext(labels); }

  function liveState(element, labels) {
    return function (connected) {
      if (!element) { return; }
      element.textContent = connected ? labels.connected : labels.disconnected;
      element.classList.toggle("lost", !connected);
    };
  }

  // A screen set up as …?equipment=<key> tells the equipment register it is alive (F1); the
  // kiosk passes the key it keeps for the tab, as its pages change.
  function heartbeat(known) {
    var key = known || new URLSearchParams(location.search).get("equipment");
    var timer = null;
    if (!key) { return null; }
    return function (socket) {
      function alive() {
        if (socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify({type: "alive", equipment: key})); }
      }
      clearInterval(timer);
      alive();
      timer = setInterval(alive, 30000);
    };
  }

  function board(body) {
    var hall = body.dataset.board, onlyWindow = body.dataset.window, onlyZone = body.dataset.zone;
    var labels = document.querySelector("[data-labels]").dataset;
    var recent = document.querySelector("[data-recent]");
    var waiting = document.querySelector("[data-waiting]");
    var notice = document.querySelector("[data-notice]");
    var nowNumber = document.querySelector("[data-now-number]");
    var nowWindow = document.querySelector("[data-now-window]");
    var windowState = document.querySelector("[data-window-state]");
    var windowReason = document.querySelector("[data-window-reason]");
    var soundOn = false;
    var toggle = document.querySelector("[data-sound-toggle]");
    toggle.addEventListener("click", function () { soundOn = true; chime(); toggle.hidden = true; });

    function wanted(call) {
      return (!onlyWindow || String(call.window) === onlyWindow) && (!onlyZone || call.zone === onlyZone);
    }
    function cells(tr, texts) {
      texts.forEach(function (text) {
        var td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      });
      return tr;
    }
    function row(call) {
      var tr = document.createElement("tr");
      tr.dataset.callId = call.id || "";
      return cells(tr, [call.number, labels.windowFormat.replace("{n}", call.window), call.category || "", call.at || ""]);
    }
    function show(call) {
      nowNumber.textContent = call.number;
      if (nowWindow) { nowWindow.textContent = call.text; }
    }
    function showWaiting(lines) {
      if (!waiting) { return; }
      waiting.replaceChildren.apply(waiting, lines.map(function (line) {
        var li = document.createElement("li");
        li.textContent = line.prefix + " " + line.name + " " + line.waiting;
        li.classList.toggle("none", !line.waiting);
        return li;
      }));
    }
    function showNotice(text) {
      notice.hidden = !text;
      notice.firstElementChild.textContent = text || "";
    }
    function showWindow(state) {  // a window's own screen: its state, and its number gone
      if (!windowState || String(state.window) !== onlyWindow) { return; }
      windowState.textContent = labels["state" + state.state.charAt(0).toUpperCase() + state.state.slice(1)] || state.state;
      windowState.className = "window-state state-" + state.state;
      if (state.reason !== undefined) { windowReason.textContent = state.state === "open" ? "" : state.reason; }
      if (state.freed && nowNumber.textContent === state.freed) { nowNumber.textContent = "—"; }
      if (state.ticket !== undefined) { nowNumber.textContent = state.ticket || "—"; }  // snapshot
    }
    connect("/ws/board/" + hall + "/", function (message) {
      if (message.type === "snapshot") {
        var calls = message.calls.filter(wanted);
        if (recent) { recent.replaceChildren.apply(recent, calls.slice(0, 10).map(row)); }
        if (calls.length && !onlyWindow) { show(calls[0]); }
        message.windows.forEach(function (state) { showWindow(state); });
        showWaiting(message.waiting || []);
        showNotice(message.notice);
      } else if (message.type === "call" && wanted(message)) {
        if (recent) {
          recent.insertBefore(row(message), recent.firstChild);
          while (recent.children.length > 10) { recent.removeChild(recent.lastChild); }
        }
        show(message);
        document.body.classList.remove("flash");
        void document.body.offsetWidth;
        document.body.classList.add("flash");
        if (soundOn) { chime(); setTimeout(function () { speak(message, labels); }, 800); }
      } else if (message.type === "window") {
        showWindow(message);
      } else if (message.type === "waiting") {
        showWaiting(message.waiting);
      } else if (message.type === "notice") {
        showNotice(message.text);
      }
    }, liveState(document.querySelector("[data-live-state]"), labels), heartbeat());

    var clock = document.querySelector("[data-clock]");
    var timeZone = labels.timeZone || "Asia/Shanghai";  // the hall's time, whatever the PC says
    function tick() {
      clock.textContent = new Date().toLocaleTimeString("zh-CN", {hour12: false, timeZone: timeZone});
    }
    tick();
    setInterval(tick, 1000);
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
        // What the page offers in one state only (the rating, once the ticket is done).
        section.querySelectorAll("[data-shown-when]").forEach(function (element) {
          element.hidden = element.dataset.shownWhen !== message.status;
        });
        var atWindow = section.querySelector("[data-at-window]");
        atWindow.hidden = !message.window;
        if (message.window) {
          section.querySelector("[data-window-text]").textContent = labels.windowFormat.replace("{n}", message.window);
        }
        // Sent back to the line (过号, 转窗) or done: the call is no longer for them.
        if (message.status !== "called" && message.status !== "serving") {
          alertBox.hidden = true;
          document.title = message.number;
        }
      } else if (message.type === "called") {
        alertBox.textContent = message.text;
        alertBox.hidden = false;
        if (navigator.vibrate) { navigator.vibrate([400, 200, 400, 200, 400]); }
        chime();
        document.title = "★ " + message.text;
      }
    }, liveState(section.querySelector("[data-live-state]"), labels));
  }

  // For the rating pad (pad.js) and the dashboard.
  window.HallLive = {connect: connect, liveState: liveState, heartbeat: heartbeat};
  var body = document.body;
  if (body.dataset.board) { board(body); }
  var follow = document.querySelector("[data-follow]");
  if (follow) { phone(follow); }
})();
