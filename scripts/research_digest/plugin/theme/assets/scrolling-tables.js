// A wide table scrolls sideways in the box Material wraps it in (.md-typeset__scrollwrap, made by its
// script). A keyboard reader can scroll that box only once it takes focus: so a box that overflows is
// focusable, and named after its table's caption or nearest heading for a screen reader (WCAG 2.1.1).
(() => {
  "use strict";

  function heading(box) {
    for (let node = box; node && !node.matches(".md-content__inner"); node = node.parentElement) {
      for (let before = node.previousElementSibling; before; before = before.previousElementSibling) {
        if (/^H[1-6]$/.test(before.tagName)) return before.textContent.replace("¶", "").trim();
      }
    }
    return "";
  }

  function mark() {
    for (const box of document.querySelectorAll(".md-typeset__scrollwrap")) {
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        const name = heading(box);
        box.setAttribute("aria-label", `Table${name ? `: ${name}` : ""} (scrolls sideways)`);
      } else {
        for (const name of ["tabindex", "role", "aria-label"]) box.removeAttribute(name);
      }
    }
  }

  document$.subscribe(mark); // Material's signal that a page's content is in place
  let timer;
  window.addEventListener("resize", () => {
    clearTimeout(timer);
    timer = setTimeout(mark, 200);
  });
})();
