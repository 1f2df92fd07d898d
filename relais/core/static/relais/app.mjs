// Starts the GOV.UK Frontend components present on the page (installed from npm).
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();
