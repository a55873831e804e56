// Plan builder: keep every save on the latest revision, say when a save fails, drag to reorder.
(function () {
  "use strict";

  function revision() {
    var input = document.getElementById("plan-revision");
    return input ? input.value : "";
  }

  function say(text, isError) {
    var status = document.getElementById("save-status");
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("save-status--error", Boolean(isError));
  }

  // Forms swapped in earlier may carry an older revision: always send the page's latest.
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb !== "get" && revision()) {
      event.detail.parameters["revision"] = revision();
    }
  });
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.requestConfig && event.detail.requestConfig.verb !== "get") say("Saving…");
  });
  // No answer at all: the input stays in the page; nothing was saved.
  document.body.addEventListener("htmx:sendError", function () {
    say("Connection lost: your last change is not saved. It is still in the form; try again.", true);
  });
  document.body.addEventListener("htmx:responseError", function () {
    say("Could not save your last change. It is still in the form; try again.", true);
  });

  // Drag and drop reordering; the Move up/down buttons do the same from the keyboard.
  var dragged = null;
  document.addEventListener("dragstart", function (event) {
    var row = event.target.closest && event.target.closest("[data-sortable] > [data-item-id]");
    if (!row) return;
    dragged = row;
    row.classList.add("plan-row--dragging");
    event.dataTransfer.effectAllowed = "move";
  });
  document.addEventListener("dragover", function (event) {
    if (!dragged) return;
    var row = event.target.closest && event.target.closest("[data-sortable] > [data-item-id]");
    if (!row || row === dragged || row.parentNode !== dragged.parentNode) return;
    event.preventDefault();
    var box = row.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    row.parentNode.insertBefore(dragged, after ? row.nextSibling : row);
  });
  document.addEventListener("dragend", function () {
    if (!dragged) return;
    var list = dragged.parentNode;
    dragged.classList.remove("plan-row--dragging");
    dragged = null;
    var order = Array.prototype.map.call(list.querySelectorAll(":scope > [data-item-id]"), function (row) {
      return row.getAttribute("data-item-id");
    });
    htmx.ajax("POST", list.getAttribute("data-sortable"), {
      target: list.closest("section"),
      swap: "outerHTML",
      values: { order: order.join(","), revision: revision() },
    });
  });
})();
