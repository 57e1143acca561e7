/*
 * Photos dropped into a release or event form (the photo rows of photos.admin.PhotoLinkInline).
 *
 * Each file dropped or chosen is shown at once as a preview in a new photo row, sent to
 * photos:stage (which checks and stores it like any upload), and the row's photo field is set to
 * the stored photo. The writer then types the 대체 텍스트 (and caption, credit) in the same row, and
 * saving the form places the photos in the order given. A file the server refuses removes its row
 * and says why. Saving waits while a file is on its way. All wording comes from data- attributes
 * on the zone (templates/admin/photos/edit_inline/photo_links.html).
 */
"use strict";
(function () {
    function format(text, values) {
        return text.replace(/%\((\w+)\)s/g, function (_match, key) {
            return values[key] === undefined ? "" : values[key];
        });
    }

    function init(zone) {
        const prefix = zone.dataset.prefix;
        const group = document.getElementById(prefix + "-group");
        const form = zone.closest("form");
        if (!group || !form) {
            return;
        }
        const heading = group.querySelector(".inline-heading");
        (heading || group.firstElementChild).after(zone);
        zone.hidden = false;
        const input = zone.querySelector(".photo-drop-input");
        const status = zone.querySelector(".photo-drop-status");
        const csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
        let pending = 0;

        function say(text, isError) {
            const line = document.createElement("li");
            line.textContent = text;
            if (isError) {
                line.className = "errornote";
            }
            status.append(line);
            return line;
        }

        function busy(delta) {
            pending += delta;
            zone.classList.toggle("photo-drop-busy", pending > 0);
            form.dataset.photoUploads = String(pending);
        }

        form.addEventListener("submit", function (event) {
            if (pending > 0) {
                event.preventDefault();
                say(zone.dataset.busyText, true);
            }
        });

        const inline = window.gbtpInlineRows;

        function place(file) {
            const order = inline.nextOrder(prefix);
            const row = inline.add(prefix);
            if (!row) {
                return;
            }
            inline.setOrder(row, order);
            const preview = document.createElement("img");
            preview.src = URL.createObjectURL(file);
            preview.alt = "";
            preview.className = "photo-thumb";
            const cell = row.querySelector(".field-preview .readonly");
            if (cell) {
                cell.textContent = "";
                cell.append(preview);
            }
            const line = say(format(zone.dataset.uploadingText, { name: file.name }));
            busy(1);
            const body = new FormData();
            body.append("file", file);
            fetch(zone.dataset.stageUrl, {
                method: "POST",
                body: body,
                credentials: "same-origin",
                headers: { "X-CSRFToken": csrf ? csrf.value : "" },
            })
                .then(function (response) {
                    return response
                        .json()
                        .catch(function () {
                            return {};
                        })
                        .then(function (data) {
                            if (!response.ok || !data.id) {
                                throw new Error(data.error || String(response.status));
                            }
                            return data;
                        });
                }, function () {
                    throw new Error(zone.dataset.networkText);
                })
                .then(function (data) {
                    const select = row.querySelector("select[name$='-photo']");
                    inline.choose(select, data.id, data.label || file.name);
                    row.classList.add("photo-staged");
                    line.textContent = format(zone.dataset.doneText, { name: file.name });
                })
                .catch(function (error) {
                    inline.remove(row);
                    line.className = "errornote";
                    line.textContent = format(zone.dataset.failedText, {
                        name: file.name,
                        reason: error.message,
                    });
                })
                .finally(function () {
                    busy(-1);
                });
        }

        function placeAll(files) {
            Array.from(files || []).forEach(place);
        }

        input.addEventListener("change", function () {
            placeAll(input.files);
            input.value = "";
        });
        ["dragenter", "dragover"].forEach(function (name) {
            zone.addEventListener(name, function (event) {
                event.preventDefault();
                zone.classList.add("photo-drop-over");
            });
        });
        ["dragleave", "drop"].forEach(function (name) {
            zone.addEventListener(name, function () {
                zone.classList.remove("photo-drop-over");
            });
        });
        zone.addEventListener("drop", function (event) {
            event.preventDefault();
            placeAll(event.dataTransfer && event.dataTransfer.files);
        });
    }

    function start() {
        document.querySelectorAll(".photo-drop").forEach(init);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
