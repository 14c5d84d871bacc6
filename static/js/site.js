// Small behaviours that must not be inline (the Content-Security-Policy forbids inline scripts).
// Every page works without this file.
document.addEventListener("focusin", (event) => {
  // A read-only address to copy (the calendar feed) is selected when it gets focus.
  if (event.target instanceof HTMLInputElement && event.target.matches("[data-select-on-focus]")) {
    event.target.select();
  }
});
