// The status line: what just happened, or why it did not. A stale page or an expired
// session says so and offers the way out (refresh, sign in again).
"use strict";

const line = document.getElementById("status");
const KEY = "gongkai-status";

export function say(message, { error = false } = {}) {
  line.textContent = message;
  line.classList.toggle("error", error);
}

export function refused(error) {
  say("未完成：" + error.message, { error: true });
  if (error.status === 401) {
    const link = document.createElement("a");
    link.href = "/ui/login?next=" + encodeURIComponent(location.pathname);
    link.textContent = "重新登录";
    line.append(" ", link);
  } else if (error.status === 409) {
    const link = document.createElement("a");
    link.href = location.pathname;
    link.textContent = "刷新页面";
    line.append(" ", link);
  }
}

// A message that survives the reload after a change of state.
export function sayAfterReload(message) {
  sessionStorage.setItem(KEY, message);
  location.reload();
}

export function restore() {
  const message = sessionStorage.getItem(KEY);
  if (message) {
    sessionStorage.removeItem(KEY);
    say(message);
    return true;
  }
  return false;
}
