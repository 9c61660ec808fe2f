// GOV.UK Frontend's components (error summary focus, service navigation menu, details, skip link).
// A module script: browsers too old for modules get the pages without JavaScript, as GOV.UK intends.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
