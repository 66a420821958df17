// Tell the user when an htmx request fails instead of doing nothing visible.
(function () {
  function notice(text) {
    var box = document.getElementById("notice");
    if (!box) {
      box = document.createElement("div");
      box.id = "notice";
      box.setAttribute("role", "alert");
      document.body.appendChild(box);
    }
    box.textContent = text;
    box.hidden = false;
    clearTimeout(box._timer);
    box._timer = setTimeout(function () { box.hidden = true; }, 8000);
  }
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var text = (xhr && xhr.responseText && xhr.responseText.length < 300) ? xhr.responseText : "";
    notice(text || "Не удалось выполнить действие (ошибка " + (xhr ? xhr.status : "?") + "). Обновите страницу.");
  });
  // In an edit row: Escape cancels, Ctrl+Enter saves, as people expect from a table editor.
  document.addEventListener("keydown", function (event) {
    var row = event.target.closest && event.target.closest("tr.editing");
    if (!row) { return; }
    if (event.key === "Escape") {
      var cancel = Array.prototype.find.call(row.querySelectorAll("a.button"), function (a) { return a.textContent.trim() === "Отмена"; });
      if (cancel) { event.preventDefault(); cancel.click(); }
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      var save = row.querySelector("button.primary[type=submit]");
      if (save) { event.preventDefault(); save.click(); }
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); return; }
    // In the plan an editor opens a row by clicking its text: the row's «Изменить» does it.
    var cell = event.target.closest("table.plan.editable td.e");
    if (cell && !event.target.closest("a, button, details, input, select, textarea")) {
      var edit = cell.parentElement.querySelector("td.actions a[hx-get]");
      if (edit) { edit.click(); }
    }
  });
  // A submit button with data-confirm asks first — when htmx sends its form (the plan rows'
  // shared actions form) and when the browser does.
  document.addEventListener("htmx:confirm", function (event) {
    var submitter = event.detail.triggerEvent && event.detail.triggerEvent.submitter;
    var text = submitter && submitter.getAttribute("data-confirm");
    if (!text) { return; }
    event.preventDefault();
    if (window.confirm(text)) { event.detail.issueRequest(true); }
  });
  // A button with data-confirm asks before its form is sent (htmx buttons use hx-confirm).
  document.addEventListener("submit", function (event) {
    var text = event.submitter && event.submitter.getAttribute("data-confirm");
    if (text && !window.confirm(text)) { event.preventDefault(); }
  });
  document.addEventListener("htmx:sendError", function () {
    notice("Нет связи с сервером. Проверьте сеть и повторите.");
  });
})();
