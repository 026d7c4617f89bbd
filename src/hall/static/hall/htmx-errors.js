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
