// What any page of the hall may use, with no inline script (the Content-Security-Policy
// forbids it): forms sent once or confirmed first, print buttons, lists that send their form
// when changed, "Back" on an error page.
//
// A form whose data-confirm says what it does asks first (cancelling a booking); a form
// marked data-once is sent once: a double tap on a slow phone would only be refused by the
// server (one booking per person and day), but the person should not have to read that.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  if (!form.hasAttribute("data-once")) return;
  if (form.dataset.sent) {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "1";
});
// Back to a page the browser kept: its forms may be sent again.
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-sent]").forEach((form) => delete form.dataset.sent);
});
// "Back" on an error page: to the page before (no inline script: the policy forbids it).
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element && event.target.closest("a[data-back]");
  if (link && history.length > 1) {
    event.preventDefault();
    history.back();
  }
});
// A print button (data-print) prints the page.
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) {
    event.preventDefault();
    window.print();
  }
});
// A list that sends its form as soon as something is chosen (data-submit-on-change).
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change") && field.form) {
    field.form.submit();
  }
});
