// baoku serve: reload this page after each rebuild, and show a failed rebuild's problems.
// Served only by `baoku serve` (added to the HTML it sends); never part of a built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var loaded = Number(script.getAttribute("data-generation"));
  var banner = null;

  function hide() {
    if (banner) {
      banner.remove();
      banner = null;
    }
  }

  function show(problems) {
    hide();
    banner = document.createElement("div");
    banner.id = "baoku-serve-problems";
    banner.setAttribute("role", "alert");
    banner.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:40vh;" +
      "overflow:auto;margin:0;padding:.75em 1em;background:#fff4f2;color:#8a1c0f;" +
      "border-top:3px solid #c0392b;font:14px/1.5 system-ui,sans-serif;box-shadow:0 -2px 8px rgba(0,0,0,.15)";
    var title = document.createElement("strong");
    title.textContent = "重新生成失败（" + problems.length + " 个问题），页面仍是上一次生成的结果：";
    var list = document.createElement("ul");
    list.style.cssText = "margin:.4em 0 0;padding-left:1.4em;font-family:ui-monospace,monospace;white-space:pre-wrap";
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.textContent = problem;  // text, never markup
      list.appendChild(item);
    });
    banner.appendChild(title);
    banner.appendChild(list);
    document.body.appendChild(banner);
  }

  var events = new EventSource(script.src.replace(/reload\.js(\?.*)?$/, "events"));
  events.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.generation !== loaded) {
      events.close();
      location.reload();
    } else if (state.problems.length) {
      show(state.problems);
    } else {
      hide();
    }
  };
})();
