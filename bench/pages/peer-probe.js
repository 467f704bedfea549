// Injected into every page of the side-by-side bench (bench/peers.ts) before its own scripts
// (CDP Page.addScriptToEvaluateOnNewDocument), so it sees the first frame of each peer.
// All times are the page's performance.now() (0 = navigation start), ms.
//   peerProbe.watchPrompt(rowsSelector, prompt): records when a terminal's DOM rows first show `prompt`
//   peerProbe.promptAt(): that time, or null
//   peerProbe.expect(rowsSelector, text): arms a wait for `text` in those rows after the next keydown
//   peerProbe.seen(): resolves with { keyAt, seenAt } once armed text is drawn
window.peerProbe = (function () {
  var promptAt = null;
  var keyAt = 0;
  var pending = null;
  window.addEventListener('keydown', function () { keyAt = performance.now(); }, { capture: true });
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
            resolve({ keyAt: keyAt, seenAt: performance.now() });
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
