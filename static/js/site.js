// Small behaviours that must not be inline (the Content-Security-Policy forbids inline scripts).
// Every page works without this file.
document.addEventListener("focusin", (event) => {
  // A read-only address to copy (the calendar feed) is selected when it gets focus.
  if (event.target instanceof HTMLInputElement && event.target.matches("[data-select-on-focus]")) {
    event.target.select();
  }
});

// A wide table scrolls sideways inside its own box (.table-scroll) instead of widening the page.
// When it does, the box can take keyboard focus so it can be scrolled without a mouse, and it is
// named after the table's caption.
function markScrollingTables() {
  for (const box of document.querySelectorAll(".table-scroll")) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      const caption = box.querySelector("caption");
      if (caption && caption.textContent.trim()) {
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption.textContent.trim());
      }
    } else if (!scrolls && box.getAttribute("tabindex") === "0") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
}
document.addEventListener("DOMContentLoaded", markScrollingTables);
window.addEventListener("resize", markScrollingTables);
