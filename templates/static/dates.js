// Jump to a date: open the issue of that day, or the nearest earlier one.
(function () {
  "use strict";
  var form = document.getElementById("jump");
  if (!form) return;
  var dates = JSON.parse(form.getAttribute("data-dates") || "[]");
  var input = document.getElementById("jump-date");
  var note = document.getElementById("jump-note");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var wanted = input.value;
    if (!wanted || !dates.length) return;
    var found = dates[0];
    for (var i = 0; i < dates.length && dates[i] <= wanted; i++) found = dates[i];
    if (found !== wanted) note.textContent = "当日无报纸,已前往 " + found;
    window.location.href = form.getAttribute("action") + found.replace(/-/g, "/") + "/";
  });
})();
