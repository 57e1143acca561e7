/*
 * 보도 담당자 in the release form, ticked from a list (articles/admin.py ArticleContactInline).
 *
 * The list groups staff by department with the release's department open first; choosing 담당 부서
 * opens that group. Ticking a person adds a row to the inline below with that person and the role
 * they usually have; unticking takes the row out again (a saved row is marked for deletion). The
 * boxes start ticked for the people already in the table, and follow rows changed by hand.
 */
"use strict";
(function () {
    const inline = window.gbtpInlineRows;

    function init(picker) {
        const prefix = picker.dataset.prefix;
        const box = document.getElementById(prefix + "-group");
        if (!box) {
            return;
        }
        const heading = box.querySelector(".inline-heading, h2");
        (heading || box.firstElementChild).after(picker);
        picker.hidden = false;
        const boxes = Array.from(picker.querySelectorAll("input[type=checkbox]"));

        function rowFor(id) {
            return inline.rows(prefix).find(function (row) {
                const select = row.querySelector("select[name$='-contact']");
                const deleted = row.querySelector("input[name$='-DELETE']");
                return select && select.value === String(id) && !(deleted && deleted.checked);
            });
        }

        function sync() {
            boxes.forEach(function (item) {
                item.checked = Boolean(rowFor(item.value));
            });
        }

        boxes.forEach(function (item) {
            item.addEventListener("change", function () {
                const existing = rowFor(item.value);
                if (item.checked && !existing) {
                    const order = inline.nextOrder(prefix);
                    const row = inline.add(prefix);
                    if (!row) {
                        item.checked = false;
                        return;
                    }
                    inline.setOrder(row, order);
                    inline.choose(row.querySelector("select[name$='-contact']"), item.value, item.dataset.label);
                    const role = row.querySelector("select[name$='-role']");
                    if (role && item.dataset.role) {
                        role.value = item.dataset.role;
                    }
                } else if (!item.checked && existing) {
                    inline.remove(existing);
                }
            });
        });

        box.addEventListener("change", function (event) {
            if (!picker.contains(event.target)) {
                sync();
            }
        });
        const department = document.getElementById("id_department");
        if (department) {
            department.addEventListener("change", function () {
                const wanted = department.value.trim();
                picker.querySelectorAll("details").forEach(function (group) {
                    if (group.dataset.department === wanted) {
                        group.open = true;
                    }
                });
            });
        }
        sync();
    }

    function start() {
        document.querySelectorAll(".contact-picker").forEach(init);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
