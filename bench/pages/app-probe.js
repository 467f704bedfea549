// Injected into the app page by bench/throughput-app.ts ((d) of the bench).
// install(rowsSelector, marker): records performance.now() at the first Enter keydown
// (t0) and when `marker` appears in the console's DOM rows (tSeen; a MutationObserver,
// so nothing polls). result() resolves with { t0, tSeen } once the marker was seen.
window.benchProbe = (function () {
  var state = null;
  var acked = 0;
  var wrapped = false;
  function countAcks() {
    if (wrapped) return;
    wrapped = true;
    var send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
      if (typeof data === 'string' && data.indexOf('"sessions.ack"') >= 0) {
        try {
          var msg = JSON.parse(data);
          if (msg && msg.method === 'sessions.ack' && msg.params) acked += msg.params.chars || 0;
        } catch (e) { /* not a request of ours */ }
      }
      return send.apply(this, arguments);
    };
  }
  return {
    install: function (rowsSelector, marker) {
      countAcks();
      acked = 0;
      var rows = document.querySelector(rowsSelector);
      if (!rows) throw new Error('no console rows at ' + rowsSelector);
      var resolveSeen;
      state = { t0: 0, seen: new Promise(function (r) { resolveSeen = r; }) };
      var s = state;
      window.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' && s.t0 === 0) s.t0 = performance.now();
      }, { capture: true });
      var observer = new MutationObserver(function () {
        if ((rows.textContent || '').indexOf(marker) >= 0) {
          observer.disconnect();
          resolveSeen(performance.now());
        }
      });
      observer.observe(rows, { childList: true, subtree: true, characterData: true });
    },
    result: function () {
      var s = state;
      return s.seen.then(function (tSeen) { return { t0: s.t0, tSeen: tSeen, acked: acked }; });
    },
  };
})();
