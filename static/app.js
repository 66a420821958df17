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
  // The plan's rows carry only «Изменить» (a plain link, the no-JS way in); it opens the row in
  // place, and so does a click on the row's text. The row's other actions are one shared
  // toolbar, #row-tools, moved into the row under the pointer or the keyboard focus. The rows'
  // cells have no classes: 0 number, 5 status, 6 actions.
  var ROW = "table.plan.editable tr[id^='activity-']:not(.editing)";
  function openRow(row) {
    var edit = row.cells[6] && row.cells[6].querySelector("a");
    if (edit) { htmx.ajax("GET", edit.getAttribute("href"), {source: edit, target: row, swap: "outerHTML"}); }
  }
  function showTools(row) {
    var tools = document.getElementById("row-tools");
    var cell = row && row.cells[6];
    if (!tools || !cell || tools.parentElement === cell) { return; }
    var id = row.id.replace("activity-", "");
    tools.querySelectorAll("button[data-do]").forEach(function (button) {
      button.value = id + " " + button.getAttribute("data-do");
    });
    var number = row.cells[0].textContent.trim();
    tools.querySelector("button[data-do=delete]").setAttribute("data-confirm", "Удалить мероприятие " + number + "?");
    tools.querySelector("a[data-after]").setAttribute("href", row.parentElement.getAttribute("data-new") + "?after=" + id);
    cell.appendChild(tools);
    tools.hidden = false;
  }
  // A section opens in place from its title or its «Изменить».
  function openSection(sectionRow) {
    var edit = sectionRow.querySelector("td a");
    var body = sectionRow.parentElement;
    if (edit) { htmx.ajax("GET", edit.getAttribute("href"), {source: edit, target: body, swap: "outerHTML"}); }
  }
  document.addEventListener("mouseover", function (event) {
    var row = event.target.closest && event.target.closest(ROW);
    if (row) { showTools(row); }
  });
  document.addEventListener("focusin", function (event) {
    var row = event.target.closest && event.target.closest(ROW);
    if (row) { showTools(row); }
  });
  // Before htmx swaps a section or a row out, the toolbar goes back to its place, or it would
  // leave the page with the row it sits in.
  document.addEventListener("htmx:beforeSwap", function () {
    var tools = document.getElementById("row-tools");
    var home = document.getElementById("ra");
    if (tools && home && tools.previousElementSibling !== home) {
      tools.hidden = true;
      home.after(tools);
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); return; }
    var after = event.target.closest("#row-tools a[data-after]");
    if (after) {
      event.preventDefault();
      htmx.ajax("GET", after.getAttribute("href"), {source: after, target: after.closest("tr"), swap: "afterend"});
      return;
    }
    var section = event.target.closest("table.plan.editable tr.section-row:not(.editing)");
    if (section && (event.target.closest(".section-title") || event.target.closest("td a"))) {
      event.preventDefault();
      openSection(section);
      return;
    }
    var row = event.target.closest(ROW);
    if (!row) { return; }
    var cell = event.target.closest("td");
    var edit = cell === row.cells[6] && event.target.closest("a:not([data-after])");
    if (edit || (!event.target.closest("a, button, details, input, select, textarea, #row-tools")
                 && cell !== row.cells[5])) {
      event.preventDefault();
      openRow(row);
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
  // Person pickers search as one types (htmx): «Найти» is for browsers without JavaScript, and
  // Enter in the search box searches now instead of sending the whole form.
  document.documentElement.classList.add("js");
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.matches || !event.target.matches(".picker-search input")) { return; }
    event.preventDefault();
    if (window.htmx) { window.htmx.trigger(event.target, "search"); }
  });
})();
