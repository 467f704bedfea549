// Injected into every page of the side-by-side bench (bench/peers.ts) before its own scripts
// (CDP Page.addScriptToEvaluateOnNewDocument), so it sees the first frame of each peer.
// All times are the page's performance.now() (0 = navigation start), ms.
//   peerProbe.watchPrompt(rowsSelector, prompt): records when a terminal's DOM rows first show `prompt`
//   peerProbe.promptAt(): that time, or null
//   peerProbe.expect(rowsSelector, text): arms a wait for `text` in those rows after the next keydown
//   peerProbe.seen(): resolves with { keyAt, seenAt, trail } once armed text is drawn (trail: the
//     WebSocket sends, messages and animation frames after the keydown, for peers.ts's echo hops)
window.peerProbe = (function () {
  var promptAt = null;
  var keyAt = 0;
  var pending = null;
  // What happened after the last keydown (page clock, ms): WebSocket sends, messages
  // received (the probe's listener is added in the socket's constructor, before the page's
  // own, so it sees each message's dispatch), animation frames asked of the browser and
  // frames run. peers.ts tells the echo's own message and frame from them.
  var trail = { sends: [], msgs: [], asks: [], frames: [] };
  window.addEventListener('keydown', function () {
    keyAt = performance.now();
    trail = { sends: [], msgs: [], asks: [], frames: [] };
  }, { capture: true });
  var NativeWs = window.WebSocket;
  if (NativeWs) {
    var send = NativeWs.prototype.send;
    NativeWs.prototype.send = function (d) {
      if (keyAt > 0) trail.sends.push(performance.now());
      return send.call(this, d);
    };
    var Probed = function (url, protocols) {
      var ws = protocols === undefined ? new NativeWs(url) : new NativeWs(url, protocols);
      ws.addEventListener('message', function () { if (keyAt > 0) trail.msgs.push(performance.now()); });
      return ws;
    };
    Probed.prototype = NativeWs.prototype;
    ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(function (k) { Probed[k] = NativeWs[k]; });
    window.WebSocket = Probed;
  }
  var nativeRaf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = function (cb) {
    if (keyAt > 0) trail.asks.push(performance.now());
    return nativeRaf(function (t) {
      var f = trail.frames;
      var now = performance.now();
      if (keyAt > 0 && (f.length === 0 || now - f[f.length - 1] > 1)) f.push(now);
      cb(t);
    });
  };
  function rowsOf(sel) {
    var el = document.querySelectorAll(sel);
    return el.length ? el : null;
  }
  function textOf(list) {
    var s = '';
    for (var i = 0; i < list.length; i++) s += list[i].textContent || '';
    return s;
  }
  return {
    watchPrompt: function (sel, prompt) {
      var tick = function () {
        if (promptAt !== null) return;
        var rows = document.querySelector(sel);
        if (rows && (rows.textContent || '').indexOf(prompt) >= 0) promptAt = performance.now();
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    promptAt: function () { return promptAt; },
    expect: function (sel, text) {
      var rows = document.querySelector(sel);
      if (!rows) throw new Error('no terminal rows at ' + sel);
      var p = {};
      p.promise = new Promise(function (resolve) {
        var armedAt = performance.now();
        var check = function () {
          if ((rows.textContent || '').indexOf(text) >= 0 && keyAt >= armedAt) {
            observer.disconnect();
            resolve({ keyAt: keyAt, seenAt: performance.now(), trail: trail });
            return true;
          }
          return false;
        };
        var observer = new MutationObserver(check);
        observer.observe(rows, { childList: true, subtree: true, characterData: true });
      });
      pending = p;
      return true;
    },
    seen: function () { return pending.promise; },
  };
})();
