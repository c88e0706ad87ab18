"use strict";
// Reload when the server says the files moved on from the version this page was rendered at.
const shown = document.body.dataset.version;
const events = new EventSource("/events");
events.addEventListener("message", (event) => {
  if (event.data !== shown) {
    events.close();
    window.location.reload();
  }
});
