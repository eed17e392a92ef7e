// Calls to the /api routes from the page, and how their refusals read: in Chinese,
// with the English for developers left out. Every change carries the session's CSRF
// token in a header a page on another site cannot set.
"use strict";

const CSRF = document.querySelector('meta[name="csrf-token"]')?.content || "";

const CHINESE_BY_CODE = {
  not_found: "找不到该文件或这一处发现，或您无权查看。",
  forbidden: "您的角色无权执行此操作。",
  unauthorized: "请先登录。",
  session_expired: "登录已过期，请重新登录。",
  conflict: "操作与文件的当前状态冲突，请刷新页面后再试。",
  illegal_transition: "文件当前的状态不允许这一步。",
  not_ready: "条件尚不具备。",
  publication_blocked: "文件标有密级，不得公开。",
  invalid_input: "输入有误。",
  invalid_request: "输入有误。",
  too_many_attempts: "尝试次数过多，请稍后再试。",
};
const HAN = /[\u4e00-\u9fff]/;
const ENGLISH = /[A-Za-z]{2,}[^A-Za-z]+[A-Za-z]{2,}/;

// "中文说明（English for developers）" reads "中文说明"; a message without Chinese is
// replaced by the Chinese for its code (the same rule as api/web/common.py).
export function chinese(message, code) {
  if (!message || !HAN.test(message)) return CHINESE_BY_CODE[code] || "操作未能完成。";
  let text = message.trimEnd();
  if (text.endsWith("）")) {
    let depth = 0;
    for (let at = text.length - 1; at >= 0; at--) {
      if (text[at] === "）") depth++;
      else if (text[at] === "（") depth--;
      if (depth === 0) {
        if (ENGLISH.test(text.slice(at)) && HAN.test(text.slice(0, at))) text = text.slice(0, at).trimEnd();
        break;
      }
    }
  }
  return text;
}

export class Refused extends Error {
  constructor(message, status, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function call(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Gongkai-CSRF": CSRF },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new Refused("连不上服务器，请检查网络后重试。", 0, "network");
  }
  const json = response.headers.get("content-type")?.includes("json");
  const data = json ? await response.json() : null;
  if (!response.ok) {
    const code = data?.code || (response.status === 401 ? "unauthorized" : "error");
    throw new Refused(chinese(data?.detail || "", code), response.status, code);
  }
  return data;
}
