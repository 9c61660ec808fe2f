// GOV.UK Frontend's components (error summary focus, service navigation menu, details, skip link).
// A module script: browsers too old for modules get the pages without JavaScript, as GOV.UK intends.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// A table wider than its box scrolls sideways (.op-scroll): keyboard users must be able to reach and
// scroll it, so a box that scrolls is focusable and named after its table's caption; one that fits is not.
function markScrollingTables() {
  for (const box of document.querySelectorAll(".op-scroll")) {
    if (box.scrollWidth > box.clientWidth) {
      const caption = box.querySelector("caption");
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
}
markScrollingTables();
window.addEventListener("resize", markScrollingTables);
