/*
 * 보도시점 in the release form, made plain.
 *
 * Only the fields the chosen kind needs are shown (즉시: none; 일시 지정: 보도 일시; 조간·석간: 보도 날짜),
 * and the moment the release becomes public is written out live, before saving, in the 보도자료 style
 * (2026. 12. 1.(화) 06:00 공개). Hidden fields keep what was typed in them; the server's own rules
 * (Article.clean) decide what is saved. The configured 조간/석간 times, the weekday names and the
 * Korean sentences come from data- attributes on the 보도시점 select (articles/admin.py), so nothing
 * here is inline script and nothing here is a user-facing string.
 */
"use strict";
(function () {
    const DATED = ["morning", "evening"];

    function pad(number) {
        return String(number).padStart(2, "0");
    }

    // "2026-12-01" (the admin's input format), also "2026. 12. 1." or "2026.12.1".
    function parseDate(text) {
        const match = /^\s*(\d{4})\D+(\d{1,2})\D+(\d{1,2})/.exec(text || "");
        if (!match) {
            return null;
        }
        const [year, month, day] = match.slice(1).map(Number);
        const moment = new Date(Date.UTC(year, month - 1, day));
        if (moment.getUTCMonth() !== month - 1 || moment.getUTCDate() !== day) {
            return null;
        }
        return { year: year, month: month, day: day, weekday: moment.getUTCDay() };
    }

    // "06:00", "06:00:00" or "6시 30분"; 24-hour.
    function parseTime(text) {
        const match = /^\s*(\d{1,2})\s*(?::|시)\s*(\d{1,2})?/.exec(text || "");
        if (!match) {
            return null;
        }
        const hour = Number(match[1]);
        const minute = Number(match[2] || 0);
        if (hour > 23 || minute > 59) {
            return null;
        }
        return pad(hour) + ":" + pad(minute);
    }

    function fieldBox(input) {
        return input ? input.closest(".fieldBox") || input.closest(".form-row") : null;
    }

    function show(box, visible) {
        if (box) {
            box.classList.toggle("hidden", !visible);
        }
    }

    function setUp(select) {
        const data = select.dataset;
        const weekdays = data.weekdays || "";
        const dateInput = document.getElementById("id_embargo_date");
        const atDate = document.getElementById("id_embargo_at_0");
        const atTime = document.getElementById("id_embargo_at_1");
        const atBox = fieldBox(atDate);
        const dateBox = fieldBox(dateInput);

        const preview = document.createElement("p");
        preview.id = "embargo_preview";
        preview.className = "embargo-preview";
        preview.setAttribute("aria-live", "polite");
        const strong = document.createElement("strong");
        preview.appendChild(strong);
        (select.closest(".form-row") || select.parentNode).appendChild(preview);

        function moment(date, time) {
            const day = date.year + ". " + date.month + ". " + date.day + ".";
            const weekday = weekdays.charAt(date.weekday);
            return (data.momentText || "%(moment)s").replace(
                "%(moment)s",
                day + (weekday ? "(" + weekday + ")" : "") + " " + time,
            );
        }

        function describe(kind) {
            if (kind === "at") {
                const date = parseDate(atDate && atDate.value);
                const time = parseTime(atTime && atTime.value);
                return date && time ? moment(date, time) : data.missingAtText;
            }
            if (DATED.includes(kind)) {
                const date = parseDate(dateInput && dateInput.value);
                const time = kind === "morning" ? data.morningTime : data.eveningTime;
                return date ? moment(date, time) : data.missingDateText;
            }
            return data.immediateText;
        }

        function update() {
            const kind = select.value;
            show(atBox, kind === "at");
            show(dateBox, DATED.includes(kind));
            // The two boxes share one row: hide the row when neither is wanted.
            const row = (atBox || dateBox) && (atBox || dateBox).closest(".form-row");
            if (row && row !== atBox && row !== dateBox) {
                show(row, kind === "at" || DATED.includes(kind));
            }
            strong.textContent = describe(kind) || "";
        }

        select.addEventListener("change", update);
        [dateInput, atDate, atTime].forEach(function (input) {
            if (input) {
                input.addEventListener("input", update);
                input.addEventListener("change", update);
            }
        });
        // The admin's calendar and clock set the value without an event: look again after any click.
        document.addEventListener("click", function () {
            window.setTimeout(update, 0);
        });
        update();
    }

    // The admin's clock offers 24-hour choices (its own are "오전 6시", "오후 6시").
    function clockChoices(select) {
        const shortcuts = window.DateTimeShortcuts;
        if (!shortcuts || !shortcuts.clockHours) {
            return;
        }
        const hours = [0, 6, 9, 12, 18];
        if (select) {
            [select.dataset.morningTime, select.dataset.eveningTime].forEach(function (time) {
                const hour = parseInt(time, 10);
                if (!Number.isNaN(hour) && !hours.includes(hour)) {
                    hours.push(hour);
                }
            });
            hours.sort(function (a, b) {
                return a - b;
            });
        }
        shortcuts.clockHours.default_ = [["Now", -1]].concat(
            hours.map(function (hour) {
                return [pad(hour) + ":00", hour];
            }),
        );
    }

    document.addEventListener("DOMContentLoaded", function () {
        const select = document.getElementById("id_embargo_kind");
        clockChoices(select);
        if (select && select.tagName === "SELECT") {
            setUp(select);
        }
    });
})();
