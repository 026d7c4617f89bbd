// htmx leaves 4xx answers unswapped. Two kinds are meant to be shown: a domain error, sent to
// the page's message area with HX-Retarget (hall.core.middleware), and a form sent back with
// its errors (422) into the place it came from.
document.addEventListener("htmx:beforeSwap", (event) => {
  const xhr = event.detail.xhr;
  if (xhr.status >= 400 && (xhr.status === 422 || xhr.getResponseHeader("HX-Retarget"))) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// An error shown for an earlier action goes once a later one succeeds: a red message left
// standing would say something failed that has since been done.
document.addEventListener("htmx:afterRequest", (event) => {
  const xhr = event.detail.xhr;
  if (xhr && xhr.status < 400 && !xhr.getResponseHeader("HX-Retarget")) {
    document.querySelectorAll("#messages .message.error").forEach((message) => message.remove());
  }
});

// A choice sent on change and refused (a double booking in the roster grid) goes back to what
// the server holds: the list must not show a name that was not saved.
document.addEventListener("htmx:afterRequest", (event) => {
  const element = event.detail.elt;
  if (event.detail.xhr.status >= 400 && element instanceof HTMLSelectElement) {
    for (const option of element.options) { option.selected = option.defaultSelected; }
  }
});
