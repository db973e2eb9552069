// Jump to a date: open that day's issue; when the paper did not appear that day,
// say so and offer the nearest issues before and after it instead of guessing.
(function () {
  "use strict";
  var form = document.getElementById("jump");
  if (!form) return;
  var dates = JSON.parse(form.getAttribute("data-dates") || "[]");
  var input = document.getElementById("jump-date");
  var note = document.getElementById("jump-note");
  var root = form.getAttribute("action");

  function href(iso) { return root + iso.replace(/-/g, "/") + "/"; }
  function label(iso) {
    var p = iso.split("-");
    return p[0] + "年" + Number(p[1]) + "月" + Number(p[2]) + "日";
  }
  function link(iso, prefix) {
    var a = document.createElement("a");
    a.href = href(iso);
    a.textContent = prefix + label(iso);
    return a;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var wanted = input.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(wanted) || !dates.length) return;
    var before = null, after = null;
    for (var i = 0; i < dates.length; i++) {
      if (dates[i] === wanted) { window.location.href = href(wanted); return; }
      if (dates[i] < wanted) before = dates[i];
      else { after = dates[i]; break; }
    }
    note.textContent = label(wanted) + "没有收录的报纸。";
    if (before) note.appendChild(link(before, "前一期："));
    if (before && after) note.appendChild(document.createTextNode(" · "));
    if (after) note.appendChild(link(after, "后一期："));
  });
})();
