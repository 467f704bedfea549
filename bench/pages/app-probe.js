// Injected into the app page by bench/throughput-app.ts ((d) of the bench).
// install(rowsSelector, marker): records performance.now() at the first Enter keydown
// (t0) and when `marker` appears in the console's DOM rows (tSeen; a MutationObserver,
// so nothing polls). result() resolves with { t0, tSeen } once the marker was seen.
window.benchProbe = (function () {
  var state = null;
  return {
    install: function (rowsSelector, marker) {
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
      return s.seen.then(function (tSeen) { return { t0: s.t0, tSeen: tSeen }; });
    },
  };
})();
