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
