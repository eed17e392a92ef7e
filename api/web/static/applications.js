// Pages for applications, the catalogue and the annual report: every form and button
// sends JSON to the /api routes (with the header a foreign form cannot set) and shows
// the answer's problem detail, in Chinese, when a step is refused.
"use strict";

function statusLine(text, bad) {
  const line = document.getElementById("status");
  if (line) { line.textContent = text; line.classList.toggle("error", !!bad); }
}

// The session's CSRF token, as the reviewer page sends it (see static/review/api.js).
const CSRF = document.querySelector('meta[name="csrf-token"]')?.content || "";

async function send(url, method, body) {
  const response = await fetch(url, {
    method: method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-Gongkai-CSRF": CSRF },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  if (!response.ok) {
    const detail = data && data.detail ? data.detail : "请求未完成（" + response.status + "）";
    throw new Error(typeof detail === "string" ? detail : "请检查填写的内容");
  }
  return data;
}

function formBody(form) {
  const body = {};
  for (const element of form.elements) {
    if (!element.name || element.value === "") continue;
    const value = element.type === "number" ? Number(element.value) : element.value;
    const path = element.name.split(".");
    let at = body;
    for (const key of path.slice(0, -1)) { at = at[key] = at[key] || {}; }
    at[path[path.length - 1]] = value;
  }
  return body;
}

document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form.api");
  if (!form) return;
  event.preventDefault();
  statusLine("正在提交……");
  try {
    const data = await send(form.dataset.api, form.dataset.method || "POST", formBody(form));
    statusLine("已保存");
    const next = form.dataset.next;
    if (next && data && data.id) { window.location = next.replace("{id}", data.id); }
    else { window.location.reload(); }
  } catch (error) { statusLine("未完成：" + error.message, true); }
});

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button.act");
  if (!button) return;
  statusLine("正在提交……");
  try {
    const body = button.dataset.body ? JSON.parse(button.dataset.body) : {};
    await send(button.dataset.api, "POST", body);
    statusLine("已完成");
    const url = new URL(window.location);
    url.searchParams.delete("q");
    window.location = url;
  } catch (error) { statusLine("未完成：" + error.message, true); }
});
