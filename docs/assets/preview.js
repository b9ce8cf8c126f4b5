/* Only under `make serve`: while a playbook has problems, the preview keeps the last good pages
   and this shows the located problems on top of every page (as text, never as HTML). */
(function () {
  "use strict";
  // The status file is at the site's root, beside assets/ where this script is.
  var script = document.currentScript;
  if (!script || !script.src || !window.fetch) return;
  var status = new URL("../handbook-status.json", script.src).href;
  window.fetch(status, { cache: "no-store" }).then(function (response) {
    return response.ok ? response.json() : { problems: [] };
  }).then(function (data) {
    var problems = Array.isArray(data.problems) ? data.problems : [];
    if (!problems.length) return;
    var box = document.createElement("div");
    box.className = "hb-build-errors";
    box.setAttribute("role", "alert");
    var title = document.createElement("p");
    title.textContent = problems.length + (problems.length === 1 ? " problem" : " problems") +
      " in the playbooks: this page shows the last version that checked clean. Fix, save, and it updates.";
    var list = document.createElement("pre");
    list.textContent = problems.join("\n");
    box.appendChild(title);
    box.appendChild(list);
    var target = document.querySelector(".md-content__inner") || document.body;
    target.insertBefore(box, target.firstChild);
  }).catch(function () {});
})();
