// The document page: keyboard first, every button also for the mouse. What the page
// offers follows the role and the document's state (the server checks both anyway).
"use strict";

import { call } from "./api.js";
import { confirmBox, element, isOpen } from "./dialog.js";
import { offsetOf, Review } from "./findings.js";
import { PageView } from "./pageview.js";
import { refused, restore, say, sayAfterReload } from "./status.js";

const root = document.querySelector(".doc");
const api = "/api/v1/documents/" + root.dataset.document;
const version = Number(root.dataset.version);
const canReview = root.dataset.canReview === "1";
const canPropose = root.dataset.canPropose === "1";
const canRelease = root.dataset.canRelease === "1";
const text = document.getElementById("text");
const labels = Object.fromEntries([...document.querySelectorAll("#category option")].map((o) => [o.value, o.textContent]));

const review = new Review({
  api, version, canReview, labels,
  findings: JSON.parse(document.getElementById("findings-data").textContent),
  guesses: JSON.parse(document.getElementById("guesses-data").textContent),
});

// --- the list: one line per finding, its own buttons, a category filter -------------

const list = document.getElementById("finding-list");
list.addEventListener("click", async (event) => {
  const button = event.target.closest("button");
  const item = event.target.closest("li[data-finding]");
  if (!button || !item) return;
  const f = review.findings.find((x) => String(x.id) === item.dataset.finding);
  review.focusId(f.id);
  const act = button.dataset.act;
  if (act === "redact") await review.decide(f, "redact");
  else if (act === "keep") await review.keep(f);
  else if (act === "category") await review.changeCategory(f);
  else if (act === "undecide") await review.undecide(f);
  // Not left on the button: Enter must not decide that finding a second time.
  if (act) (text.hidden ? pageview : text).focus({ preventScroll: true });
});

const filter = document.getElementById("category-filter");
const acceptCategory = document.getElementById("accept-category");
function fillFilter() {
  const counts = new Map();
  for (const f of review.findings) counts.set(f.category, (counts.get(f.category) || 0) + 1);
  const chosen = filter.value;
  filter.replaceChildren(element("option", `全部类别（${review.findings.length}）`));
  filter.firstChild.value = "";
  for (const [category, n] of counts) {
    const undecided = review.undecided(category).length;
    const option = element("option", `${labels[category] || category}（${n}${undecided ? "，未决 " + undecided : ""}）`);
    option.value = category;
    filter.append(option);
  }
  filter.value = chosen;
}
filter.addEventListener("change", () => {
  review.filter = filter.value;
  for (const f of review.findings) document.getElementById("item-" + f.id)?.classList.toggle("filtered", !review.visible(f));
  if (acceptCategory) acceptCategory.disabled = !filter.value;
  if (review.finding && !review.visible(review.finding)) review.step(1);
});
acceptCategory?.addEventListener("click", () => review.accept(filter.value || null));
document.getElementById("accept-all")?.addEventListener("click", () => review.accept(null));
document.getElementById("undo")?.addEventListener("click", () => review.undo());

review.on("update", () => {
  document.getElementById("undecided").textContent = review.undecided().length;
  fillFilter();
});

text.addEventListener("click", (event) => {
  const mark = event.target.closest("mark[data-finding]");
  if (mark) review.focusId(Number(mark.dataset.finding));
});
for (const f of review.findings) {
  const mark = document.getElementById("f" + f.id);
  if (mark) mark.title = `${f.label}：${f.explanation}${f.legal_basis ? " · " + f.legal_basis : ""}`;
}

// --- adding what was missed --------------------------------------------------------

async function addSelection() {
  const selection = window.getSelection();
  if (previewing) { say("请先按 P 退出预览，再选中漏掉的文字。", { error: true }); return; }
  if (!selection || selection.isCollapsed) {
    say("先用鼠标或 Shift+方向键选中漏掉的文字，再按 A。", { error: true });
    return;
  }
  const range = selection.getRangeAt(0);
  const start = offsetOf(range.startContainer, range.startOffset);
  const end = offsetOf(range.endContainer, range.endOffset);
  if (start === null || end === null || end <= start) {
    say("只能选中同一段正文里的文字。", { error: true });
    return;
  }
  await review.add(start, end, selection.toString());
}

// --- preview: what a reader of the published file would see ---------------------------

let previewing = false;
function togglePreview() {
  previewing = !previewing;
  document.getElementById("preview-toggle").setAttribute("aria-pressed", String(previewing));
  root.classList.toggle("previewing", previewing);
  for (const f of review.findings) {
    const mark = document.getElementById("f" + f.id);
    if (!mark) continue;
    if (previewing && f.decision === "redact") {
      mark.dataset.text = mark.textContent;
      mark.textContent = `【已删除·${f.label}】`;
    } else if (mark.dataset.text !== undefined) {
      mark.textContent = mark.dataset.text;
      delete mark.dataset.text;
    }
  }
  say(previewing ? "预览：确认删除的文字显示为删除标记。再按 P 返回原文。" : "已返回原文。");
}
document.getElementById("preview-toggle").addEventListener("click", togglePreview);

// --- the page view (PDF) -----------------------------------------------------------

const pageview = document.getElementById("pageview");
let pages = null;
const showPages = document.getElementById("show-pages");
function togglePages() {
  if (!pageview) return;
  const on = pageview.hidden;
  if (!pages) {
    pages = new PageView(pageview, {
      api, pages: Number(root.dataset.pages) || 1, sha: root.dataset.sha,
      findingText: (id) => { const f = review.findings.find((x) => x.id === id); return f ? `${f.label}“${f.text}”` : "发现"; },
      onSelect: (id) => review.focusId(id),
    });
    review.on("focus", (f) => pages.show(f));
    review.on("update", (f) => pages.update(f));
  }
  pageview.hidden = !on;
  text.hidden = on;
  document.getElementById("zoom").hidden = !on;
  showPages.setAttribute("aria-pressed", String(on));
  showPages.textContent = on ? "返回正文（V）" : "页面视图（V）";
  if (on && review.finding) pages.show(review.finding);
  else review.focus(review.current, { quiet: true });
}
showPages?.addEventListener("click", togglePages);
document.getElementById("zoom-in")?.addEventListener("click", () => pages?.setZoom(pages.zoom * 1.25));
document.getElementById("zoom-out")?.addEventListener("click", () => pages?.setZoom(pages.zoom / 1.25));
document.getElementById("zoom-fit")?.addEventListener("click", () => pages?.setZoom(1));

// --- the attribute (初审/复审), reopening, release ---------------------------------------

const form = document.getElementById("attribute-form");
const attributePanel = document.getElementById("attribute-panel");
async function submitAttribute(action) {
  const attribute = document.getElementById("attribute").value;
  const ground = attribute === "不予公开" ? document.getElementById("ground").value || null : null;
  try {
    const result = await call("POST", `${api}/${action}`, { attribute, ground, ...(action === "decision" ? { version } : {}) });
    const what = `${attribute}${ground ? "（" + ground + "）" : ""}`;
    sayAfterReload(action === "proposal" ? `已提出初审意见：${what}。` : `复审已决定：${what}，文件${result.state_label}。`);
  } catch (error) { refused(error); }
}
form?.addEventListener("submit", (event) => {
  event.preventDefault();
  submitAttribute(event.submitter?.dataset.action || (canReview ? "decision" : "proposal"));
});

// D: the decision as the form has it (the suggestion, unless changed), asked once.
async function decideByKey() {
  if (!form) return;
  attributePanel.open = true;
  const action = canReview ? "decision" : "proposal";
  const attribute = document.getElementById("attribute").value;
  const ground = attribute === "不予公开" ? document.getElementById("ground").value : "";
  const undecided = review.undecided().length;
  const body = element("p", `公开属性：${attribute}${ground ? "（" + ground + "）" : ""}。要改，请取消后在“公开属性”中选择。` +
    (action === "decision" && attribute === "主动公开" && undecided ? `注意：还有 ${undecided} 处发现未决定，主动公开会被拒绝。` : ""));
  if (await confirmBox(action === "decision" ? "作出复审决定？" : "提出初审意见？", body)) await submitAttribute(action);
}

document.getElementById("reopen")?.addEventListener("click", async () => {
  if (!(await confirmBox("撤销复审决定？", element("p", "文件回到“审查中”，可以再改动各处决定和公开属性；撤销会记入历史。")))) return;
  try {
    await call("POST", `${api}/reopen`, { reason: "撤销复审决定（重新审查）" });
    sayAfterReload("已撤销复审决定，文件回到审查中。");
  } catch (error) { refused(error); }
});

// Release with a last look: what goes, how many removals, the redacted text; then ask.
async function release() {
  if (!canRelease) return;
  const removed = review.findings.filter((f) => f.decision === "redact");
  const byCategory = new Map();
  for (const f of removed) byCategory.set(f.label, (byCategory.get(f.label) || 0) + 1);
  const content = element("div");
  content.append(element("p", `将删除 ${removed.length} 处后发布：` +
    ([...byCategory].map(([label, n]) => `${label} ${n} 处`).join("，") || "没有要删除的") +
    `；保留 ${review.findings.filter((f) => f.decision === "keep").length} 处。`));
  const preview = element("div", null, "preview-text");
  preview.setAttribute("aria-label", "删除后的文字");
  const copy = text.cloneNode(true);
  for (const mark of copy.querySelectorAll("mark.redact")) {
    const f = review.findings.find((x) => String(x.id) === mark.dataset.finding);
    const removedMark = element("span", `【已删除·${f ? f.label : ""}】`, "removed");
    mark.replaceWith(removedMark);
  }
  copy.querySelectorAll("mark").forEach((m) => m.replaceWith(document.createTextNode(m.dataset.text ?? m.textContent)));
  preview.append(...copy.childNodes);
  content.append(preview);
  const link = element("a", "下载删除后的文件（与将发布的一致，已做泄露检查）");
  link.href = `${api}/preview`;
  const download = element("p");
  download.append(link);
  content.append(download);
  if (!(await confirmBox("发布前最后确认", content, `确认发布（删除 ${removed.length} 处）`))) return;
  try {
    const publication = await call("POST", `${api}/release`);
    sayAfterReload(publication.state === "published" ? "已发布。" : "已进入发布队列。");
  } catch (error) { refused(error); }
}
document.getElementById("release")?.addEventListener("click", release);

document.getElementById("keys-toggle").addEventListener("click", (event) => {
  const keys = document.getElementById("keys");
  keys.hidden = !keys.hidden;
  event.currentTarget.setAttribute("aria-expanded", String(!keys.hidden));
});

// --- keys ----------------------------------------------------------------------------

document.addEventListener("keydown", async (event) => {
  if (isOpen() || event.target.closest("input, select, textarea, dialog") || event.ctrlKey || event.metaKey || event.altKey) return;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  const inText = event.target === text || event.target === pageview;
  const f = review.finding;
  const actions = {
    j: () => review.step(1), k: () => review.step(-1),
    ArrowDown: inText ? () => review.step(1) : null, ArrowUp: inText ? () => review.step(-1) : null,
    p: togglePreview, v: pageview ? togglePages : null,
    "+": pages && !pageview.hidden ? () => pages.setZoom(pages.zoom * 1.25) : null,
    "=": pages && !pageview.hidden ? () => pages.setZoom(pages.zoom * 1.25) : null,
    "-": pages && !pageview.hidden ? () => pages.setZoom(pages.zoom / 1.25) : null,
    "?": () => document.getElementById("keys-toggle").click(),
    d: canReview || canPropose ? decideByKey : null,
    r: canRelease ? release : null,
  };
  if (canReview && f) {
    Object.assign(actions, {
      c: () => review.decide(f, "redact"),
      x: () => review.keep(f), g: () => review.changeCategory(f),
      s: () => review.accept(null), z: () => review.undo(), a: addSelection,
    });
    if (!event.target.closest("button, a, summary")) actions.Enter = () => review.decide(f, "redact");
  } else if (canReview) {
    Object.assign(actions, { a: addSelection, z: () => review.undo() });
  }
  const action = actions[key];
  if (!action) return;
  event.preventDefault();
  await action();
});

fillFilter();
const said = restore();
if (review.findings.length) review.focus(review.current, { quiet: said });
else if (!said) say("没有发现个人信息。");
