/*
 * Rows of a Django admin inline, added and filled from script: the photo drop zone
 * (photo-drop.js) and the 보도 담당자 list (contact-picker.js) both add a row through the inline's
 * own "추가" link, so Django's formset keeps counting, then choose the row's related object.
 */
"use strict";
window.gbtpInlineRows = (function () {
    function group(prefix) {
        return document.getElementById(prefix + "-group");
    }

    // The rows shown, saved and new, without Django's hidden template row.
    function rows(prefix) {
        const box = group(prefix);
        return box
            ? Array.from(box.querySelectorAll(".inline-related, tr.form-row")).filter(function (row) {
                  return !row.classList.contains("empty-form") && row.id.startsWith(prefix + "-");
              })
            : [];
    }

    // A new row through the inline's own add link; null when no more rows are allowed.
    function add(prefix) {
        const box = group(prefix);
        const link = box && box.querySelector(".add-row a");
        if (!link || link.offsetParent === null) {
            return null;
        }
        link.click();
        const template = document.getElementById(prefix + "-empty");
        return template ? template.previousElementSibling : null;
    }

    // A new row is taken out again; a saved one is marked for deletion.
    function remove(row) {
        const link = row.querySelector(".inline-deletelink");
        if (link) {
            link.click();
            return;
        }
        const box = row.querySelector("input[name$='-DELETE']");
        if (box) {
            box.checked = true;
        }
    }

    // Sets a select (plain or Django's autocomplete) to the object `id`, shown as `label`.
    function choose(select, id, label) {
        let option = Array.from(select.options).find(function (item) {
            return item.value === String(id);
        });
        if (!option) {
            option = new Option(label, String(id), false, false);
            select.append(option);
        }
        select.value = String(id);
        if (window.django && window.django.jQuery) {
            window.django.jQuery(select).trigger("change");
        } else {
            select.dispatchEvent(new Event("change", { bubbles: true }));
        }
    }

    // One more than the highest number in the rows' 순서 fields.
    function nextOrder(prefix) {
        let highest = 0;
        rows(prefix).forEach(function (row) {
            const field = row.querySelector("input[name$='-order']");
            if (field && /^\d+$/.test(field.value)) {
                highest = Math.max(highest, Number(field.value));
            }
        });
        return highest + 1;
    }

    function setOrder(row, value) {
        const field = row.querySelector("input[name$='-order']");
        if (field) {
            field.value = String(value);
        }
    }

    return {
        rows: rows,
        add: add,
        remove: remove,
        choose: choose,
        nextOrder: nextOrder,
        setOrder: setOrder,
    };
})();
