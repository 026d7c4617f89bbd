/* The window workstation: one key per button (shown as <kbd>), and a desk that is told what
   changed over its WebSocket and fetches only that part; a part with someone typing in it
   waits until they are done (nothing typed is ever replaced). The line's counts come with
   the message; its list is fetched only while the window is free to call from it, or once
   it becomes free: while someone is served, nobody reads it, and thirty workstations
   fetching it at every change would load a busy hall more than its calls. */
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.altKey || event.metaKey) { return; }
    if (target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA")) { return; }
    var button = document.querySelector('#desk [data-key="' + event.key.toLowerCase() + '"]');
    if (button && !button.disabled) {
      event.preventDefault();
      button.click();
    }
  });

  // Someone is typing or choosing in this part: focus inside it, or a value typed and not sent.
  function busy(part) {
    var active = document.activeElement;
    if (active && part.contains(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName)) { return true; }
    return Array.prototype.some.call(part.querySelectorAll("input:not([type=hidden]), textarea, select"), function (field) {
      return field.tagName === "SELECT" ? field.selectedIndex > 0 : field.value !== "";
    });
  }

  // This page, named in each of its requests: what its own action changed comes back in the
  // answer, and the message saying so (naming it as origin) need not be fetched again.
  var pageId = Array.prototype.map.call(crypto.getRandomValues(new Uint8Array(12)), function (b) {
    return (b % 36).toString(36);
  }).join("") + Date.now().toString(36);
  document.body.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-Hall-Page"] = pageId;
  });

  function refresh(name) {
    var part = document.getElementById("desk-" + name);
    if (!part) { return; }
    if (busy(part)) { part.dataset.stale = "1"; return; }
    htmx.trigger(part, "refresh");
  }

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var refreshing = event.detail.requestConfig && event.detail.requestConfig.verb === "get";
    if (refreshing && target && target.id && target.id.indexOf("desk-") === 0 && busy(target)) {
      event.detail.shouldSwap = false;  // a fallback refresh arrived while someone types
      target.dataset.stale = "1";
    }
  });
  document.addEventListener("focusout", function () {
    setTimeout(function () {
      ["state", "line"].forEach(function (name) {
        var part = document.getElementById("desk-" + name);
        if (part && part.dataset.stale && !busy(part)) { delete part.dataset.stale; refresh(name); }
      });
    }, 0);
  });

  function free() {
    var state = document.getElementById("desk-state");
    return Boolean(state && state.hasAttribute("data-free"));
  }

  // A line of this window that changed arrives as its count (a second at most after), and
  // the windows asking for help (跨窗通办) when they change: the counts shown are updated in
  // place; the list is fetched only while the window is free to call from it, or once it is,
  // and then at most every LINE_SECONDS: a busy line changes every second, and every free
  // window of it fetching it each time was the slowest request of a province (bench.province).
  var LINE_SECONDS = 3, lineFetchedAt = 0, lineLater = null;
  function refreshLine() {
    var wait = lineFetchedAt + LINE_SECONDS * 1000 - Date.now();
    if (wait <= 0) {
      lineFetchedAt = Date.now();
      refresh("line");
    } else if (!lineLater) {
      lineLater = setTimeout(function () { lineLater = null; refreshLine(); }, wait);
    }
  }

  function lineChanged() {
    var line = document.getElementById("desk-line");
    if (free()) { refreshLine(); } else if (line) { line.dataset.behind = "1"; }
  }

  function counted(unsent) {
    var changed = false;
    Object.keys(unsent).forEach(function (code) {
      var shown = document.querySelector('#desk-line [data-waiting="' + code + '"]');
      if (shown && shown.textContent !== String(unsent[code])) {
        shown.textContent = String(unsent[code]);
        changed = true;
      }
    });
    if (changed) { lineChanged(); }
  }

  document.body.addEventListener("htmx:afterSettle", function () {  // e.g. the window is free again
    var line = document.getElementById("desk-line");
    if (line && line.dataset.behind && free()) {
      delete line.dataset.behind;
      refreshLine();
    }
  });

  // Minutes served (or since the call), counted here between refreshes.
  function tick() {
    Array.prototype.forEach.call(document.querySelectorAll("#desk [data-since]"), function (span) {
      var minutes = Math.max(0, Math.floor((Date.now() - Date.parse(span.dataset.since)) / 60000));
      span.textContent = String(minutes);
    });
  }
  setInterval(tick, 15000);
  document.body.addEventListener("htmx:afterSettle", tick);
  tick();

  var desk = document.getElementById("desk");
  if (!desk || !desk.dataset.live) { return; }
  var delay = 500;
  function open() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + desk.dataset.live);
    socket.onopen = function () {
      if (delay > 500) { refresh("state"); refresh("line"); }  // back after a break: catch up
      delay = 500;
      document.body.dataset.deskLive = "1";
    };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.part === "waiting") { counted(message.unsent); }
      else if (message.part === "help") { lineChanged(); }
      else if (!(message.part === "state" && message.origin === pageId)) { refresh(message.part); }
    };
    socket.onclose = function () {
      delete document.body.dataset.deskLive;
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 10000);
    };
  }
  open();
})();
