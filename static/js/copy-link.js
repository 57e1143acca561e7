// "주소 복사" buttons: copy the text of the field named by data-copy-target. Where the clipboard API
// is missing or refused (plain http, older browsers, a denied permission), the field's text is
// selected instead so that Ctrl+C or ⌘+C copies it. A static file, so it runs under the strict
// script-src 'self' policy of the admin and the public site; all wording comes from data attributes.
(() => {
  const selectField = (field) => {
    field.focus();
    field.select();
    field.setSelectionRange(0, field.value.length);
  };

  const copy = async (button) => {
    const field = document.getElementById(button.dataset.copyTarget);
    const status = document.getElementById(button.getAttribute("aria-controls"));
    if (!field) return;
    const say = (text) => {
      if (status) status.textContent = text || "";
    };
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error("no clipboard");
      await navigator.clipboard.writeText(field.value);
      say(button.dataset.copied);
    } catch {
      selectField(field);
      say(button.dataset.selected);
    }
  };

  const start = () => {
    for (const button of document.querySelectorAll("[data-copy-target]")) {
      button.addEventListener("click", () => copy(button));
    }
    for (const field of document.querySelectorAll("input[readonly][id]")) {
      if (document.querySelector(`[data-copy-target="${CSS.escape(field.id)}"]`)) {
        field.addEventListener("focus", () => field.select());
      }
    }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
