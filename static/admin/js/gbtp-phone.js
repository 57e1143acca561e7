"use strict";
// Labels for tabular inlines on a phone. Under 600 px static/admin/css/gbtp-phone.css stacks each
// inline row into a block; a cell then needs its column's name beside it. Django renders the names
// only once, in the table head (th.column-<field>), so this copies each one onto the matching cells
// (td.field-<field>) as data-label, and the delete header onto td.delete. Rows added later with
// "추가" are labelled as they appear. Without JavaScript the inline stays a scrollable table.
(function () {
    function labelTable(table) {
        const labels = {};
        let deleteLabel = "";
        table.querySelectorAll("thead th").forEach(function (th) {
            const text = th.textContent.replace(/\s+/g, " ").trim();
            const column = Array.from(th.classList).find(function (name) {
                return name.startsWith("column-");
            });
            if (column) {
                labels["field-" + column.slice("column-".length)] = text;
            } else if (!th.classList.contains("original") && text) {
                deleteLabel = text;
            }
        });
        table.querySelectorAll("tbody td").forEach(function (td) {
            if (td.classList.contains("delete")) {
                if (deleteLabel) {
                    td.dataset.label = deleteLabel;
                }
                return;
            }
            const field = Array.from(td.classList).find(function (name) {
                return Object.prototype.hasOwnProperty.call(labels, name);
            });
            if (field && labels[field]) {
                td.dataset.label = labels[field];
            }
        });
        table.classList.add("phone-labelled");
    }

    function labelAll() {
        document.querySelectorAll(".inline-group .tabular table").forEach(labelTable);
    }

    document.addEventListener("formset:added", function (event) {
        const table = event.target.closest("table");
        if (table) {
            labelTable(table);
        }
    });
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", labelAll);
    } else {
        labelAll();
    }
})();
