// One modal for every question the page asks: a reason, a category, or a yes/no with
// what will happen spelled out. Enter confirms, Esc cancels; it asks once.
"use strict";

const dialog = document.getElementById("dialog");
const form = document.getElementById("dialog-form");
const title = document.getElementById("dialog-title");
const body = document.getElementById("dialog-body");
const reasonInput = document.getElementById("reason");
const select = document.getElementById("category");
const ok = document.getElementById("dialog-ok");
const cancelButton = document.getElementById("dialog-cancel");

export function isOpen() {
  return dialog.open || !!document.querySelector("dialog[open]");
}

// Resolves with {reason, category}, or null when cancelled.
export function ask(heading, { reason = null, category = null, content = null, okLabel = "确定（Enter）" } = {}) {
  title.textContent = heading;
  body.replaceChildren(...(content ? [content] : []));
  const wantsReason = reason !== null;
  const wantsCategory = category !== null;
  reasonInput.hidden = document.getElementById("reason-label").hidden = !wantsReason;
  select.hidden = document.getElementById("category-label").hidden = !wantsCategory;
  reasonInput.value = wantsReason ? reason : "";
  reasonInput.removeAttribute("aria-invalid");
  if (wantsCategory) select.value = category;
  ok.textContent = okLabel;
  const back = document.activeElement;
  return new Promise((resolve) => {
    const done = (result) => {
      dialog.close();
      dialog.removeEventListener("cancel", onCancel);
      form.onsubmit = null;
      cancelButton.onclick = null;
      if (back && back.focus) back.focus({ preventScroll: true });
      resolve(result);
    };
    const onCancel = (event) => { event.preventDefault(); done(null); };
    dialog.addEventListener("cancel", onCancel);
    cancelButton.onclick = () => done(null);
    form.onsubmit = (event) => {
      event.preventDefault();
      if (wantsReason && !reasonInput.value.trim()) {
        reasonInput.setAttribute("aria-invalid", "true");
        reasonInput.focus();
        return;
      }
      done({ reason: reasonInput.value.trim(), category: select.value });
    };
    dialog.showModal();
    if (wantsReason) { reasonInput.focus(); reasonInput.select(); }
    else if (wantsCategory) select.focus();
    else ok.focus();
  });
}

export async function confirmBox(heading, content, okLabel = "确定（Enter）") {
  return (await ask(heading, { content, okLabel })) !== null;
}

// Enter in the category list confirms, as it does in the reason field.
dialog.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.tagName === "SELECT") {
    event.preventDefault();
    // Not on to the page's keys: this Enter answered the question, nothing more.
    event.stopPropagation();
    form.requestSubmit();
  }
});

export function element(tag, text, className) {
  const el = document.createElement(tag);
  if (text !== undefined && text !== null) el.textContent = text;
  if (className) el.className = className;
  return el;
}
