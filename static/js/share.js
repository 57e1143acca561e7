// Share buttons without third-party scripts: copy the address, or hand it to the phone's share sheet
// (which offers KakaoTalk, Band, messages...). Works under the site's CSP: no inline code.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-share-native]")) {
    if (!navigator.share) continue;
    button.hidden = false;
    button.addEventListener("click", () => {
      navigator.share({ title: button.dataset.title, url: button.dataset.url }).catch(() => {});
    });
  }
  for (const button of document.querySelectorAll("[data-share-copy]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const status = document.getElementById(button.getAttribute("aria-controls"));
      try {
        await navigator.clipboard.writeText(button.dataset.url);
        status.textContent = button.dataset.done;
      } catch {
        status.textContent = button.dataset.failed;
      }
    });
  }
});
