// Small progressive enhancements; the site works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to an error summary so keyboard and screen-reader users hear it first.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});
document.addEventListener("htmx:afterSwap", (event) => {
  const live = event.detail.target.querySelector("[data-focus-after-swap]");
  if (live) live.focus();
});
// KOTengage search: after Back/Forward restores a page from htmx's history, put the
// filter fields back in line with the URL (the browser keeps typed values otherwise).
document.addEventListener("htmx:historyRestore", () => {
  const form = document.getElementById("opportunity-filters");
  if (!form) return;
  const params = new URLSearchParams(window.location.search);
  for (const field of form.elements) {
    if (!field.name) continue;
    if (field.type === "checkbox") field.checked = params.has(field.name);
    else if (field.tagName !== "BUTTON") field.value = params.get(field.name) || "";
  }
});
// Shareable search URLs: leave empty filters out of the request (and the pushed URL).
document.addEventListener("htmx:configRequest", (event) => {
  const source = event.detail.elt;
  if (!source.closest || !source.closest("#opportunity-filters, #opportunity-results")) return;
  const data = event.detail.formData;
  if (!data) return;
  for (const [name, value] of Array.from(data.entries())) {
    if (value === "") data.delete(name);
  }
});
