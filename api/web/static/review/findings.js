// The findings and every decision on them. Each change goes to /api with the document
// version and the finding's revision the page shows, so a stale page is refused (409)
// instead of overwriting someone else's decision; each one can be undone (Z), which is
// a new decision on the server, never a deletion.
"use strict";

import { call } from "./api.js";
import { ask, confirmBox, element } from "./dialog.js";
import { refused, say } from "./status.js";

const DECIDED = { redact: "删除", keep: "保留" };
const SUGGESTED = { redact: "删除", review: "复核", keep: "保留" };
const WITHDRAWN = "审查人员撤销添加";

export class Review {
  constructor({ api, version, canReview, findings, guesses, labels }) {
    this.api = api;
    this.version = version;
    this.canReview = canReview;
    this.findings = findings.sort((a, b) => a.start - b.start || a.id - b.id);
    this.guesses = guesses.map(([pattern, category]) => [new RegExp(pattern), category]);
    this.labels = labels; // category -> Chinese label
    this.filter = "";
    this.undoStack = [];
    // Findings whose decision is on its way: a second key press meanwhile (Enter held,
    // pressed twice) must not send a second decision on the old revision.
    this.sending = new Set();
    this.listeners = { focus: [], update: [] };
    const first = this.findings.findIndex((f) => f.decision === null);
    this.current = first < 0 ? 0 : first;
  }

  on(event, callback) { this.listeners[event].push(callback); }

  get finding() { return this.findings[this.current]; }

  visible(f) { return !this.filter || f.category === this.filter; }

  focus(index, { quiet = false } = {}) {
    if (!this.findings.length) return;
    this.current = Math.max(0, Math.min(index, this.findings.length - 1));
    const f = this.finding;
    document.querySelectorAll("mark.current, li.current").forEach((el) => el.classList.remove("current"));
    const item = document.getElementById("item-" + f.id);
    item?.classList.add("current");
    item?.scrollIntoView({ block: "nearest" });
    const mark = document.getElementById("f" + f.id);
    if (mark && mark.offsetParent !== null) {
      mark.classList.add("current");
      mark.scrollIntoView({ block: "center" });
    }
    this.listeners.focus.forEach((callback) => callback(f));
    if (!quiet) say(this.describe(f));
  }

  focusId(id) {
    const index = this.findings.findIndex((f) => f.id === id);
    if (index >= 0) this.focus(index);
  }

  step(delta) {
    const n = this.findings.length;
    for (let k = 1; k <= n; k++) {
      const index = (this.current + delta * k + n * n) % n;
      if (this.visible(this.findings[index])) return this.focus(index);
    }
  }

  describe(f) {
    const at = this.findings.indexOf(f) + 1;
    const decided = f.decision ? `已决定${DECIDED[f.decision]}${f.decision_reason ? "（" + f.decision_reason + "）" : ""}` : "未决";
    return `第 ${at}/${this.findings.length} 处 · ${f.label}“${f.text}” · 建议${SUGGESTED[f.suggested_action]}` +
      (f.action_reason ? `（${f.action_reason}）` : "") + ` · ${decided}`;
  }

  // --- showing what the server answered ------------------------------------------

  update(fresh) {
    const i = this.findings.findIndex((x) => x.id === fresh.id);
    const old = this.findings[i];
    const f = Object.assign(old, fresh, { label: this.labels[fresh.category] || fresh.category });
    for (const el of [document.getElementById("f" + f.id), document.getElementById("item-" + f.id)]) {
      if (!el) continue;
      el.classList.remove("undecided", "redact", "keep");
      el.classList.add(f.decision || "undecided");
      [...el.classList].filter((c) => c.startsWith("cat-")).forEach((c) => el.classList.remove(c));
      el.classList.add("cat-" + f.category);
    }
    const item = document.getElementById("item-" + f.id);
    if (item) {
      item.querySelector(".decision").textContent = f.decision ? DECIDED[f.decision] : "未决";
      item.querySelector(".chip").textContent = f.label;
      const undecide = item.querySelector('[data-act="undecide"]');
      if (undecide) undecide.disabled = !f.decision;
      item.querySelector(".own").textContent = f.decision
        ? `审查意见：${DECIDED[f.decision]}${f.decision_reason ? "，" + f.decision_reason : ""}（${f.decided_by_name || "我"}）`
        : "";
    }
    this.listeners.update.forEach((callback) => callback(f));
  }

  undecided(category = null) {
    return this.findings.filter((f) => f.decision === null && (!category || f.category === category));
  }

  // --- decisions --------------------------------------------------------------------

  before(f) {
    return { finding_id: f.id, decision: f.decision, reason: f.decision_reason, category: f.category };
  }

  remember(label, befores) {
    this.undoStack.push({ label, restore: befores });
    document.getElementById("undo")?.removeAttribute("disabled");
  }

  answered(list) {
    for (const f of list) this.update({ ...f, decided_by_name: f.decision ? "我" : null });
  }

  async decide(f, decision, reason = null, category = null) {
    if (this.sending.has(f.id)) return;
    this.sending.add(f.id);
    const before = this.before(f);
    const body = { decision, reason, revision: f.revision, version: this.version };
    if (category) body.category = category;
    try {
      const fresh = await call("POST", `${this.api}/findings/${f.id}/decision`, body);
      this.answered([fresh]);
      this.remember(`${DECIDED[decision]}“${f.text}”`, [before]);
      say(`已${DECIDED[decision]}：${f.label}“${f.text}”${reason ? "（" + reason + "）" : ""}。按 Z 撤销。`);
      this.advance();
    } catch (error) { refused(error); } finally { this.sending.delete(f.id); }
  }

  // After a decision, the next undecided finding that is in view.
  advance() {
    const n = this.findings.length;
    for (let k = 1; k < n; k++) {
      const index = (this.current + k) % n;
      const f = this.findings[index];
      if (f.decision === null && this.visible(f)) return this.focus(index, { quiet: true });
    }
  }

  async keep(f) {
    const answer = await ask(`保留“${f.text}”：理由（已按建议填好，Enter 确认）`, { reason: f.keep_reason || "" });
    if (answer) await this.decide(f, "keep", answer.reason);
  }

  async changeCategory(f) {
    const answer = await ask(`“${f.text}”改为哪一类？`, { category: f.category });
    if (!answer || answer.category === f.category) return;
    // A change of category confirms the removal unless the finding was kept.
    await this.decide(f, f.decision || "redact", f.decision === "keep" ? f.decision_reason : null, answer.category);
  }

  async undecide(f) {
    if (!f.decision) return;
    await this.restore([{ ...this.before(f), decision: null, reason: null }], `“${f.text}”改回未决`, [this.before(f)]);
  }

  async restore(items, label, befores = null) {
    const restore = items.map((item) => ({ ...item, revision: this.findings.find((f) => f.id === item.finding_id).revision }));
    try {
      const fresh = await call("POST", `${this.api}/findings/undo`, { restore, version: this.version });
      this.answered(fresh);
      if (befores) this.remember(label, befores);
      say(`已撤销：${label}（已记入历史）。`);
      return true;
    } catch (error) { refused(error); return false; }
  }

  async undo() {
    const last = this.undoStack.pop();
    if (!last) { say("没有可撤销的决定。"); return; }
    const ok = await this.restore(last.restore, last.label);
    if (!ok) this.undoStack.push(last);
    if (!this.undoStack.length) document.getElementById("undo")?.setAttribute("disabled", "");
    const first = last.restore[0];
    if (ok && first) {
      const index = this.findings.findIndex((f) => f.id === first.finding_id);
      if (index >= 0) this.focus(index, { quiet: true });
    }
  }

  // "Accept every suggestion", for the document or one category: says how many of
  // which, asks once, and sends exactly the findings it showed.
  async accept(category = null) {
    const plan = this.undecided(category).filter((f) => f.suggested_action !== "review");
    const left = this.undecided(category).length - plan.length;
    const where = category ? `“${this.labels[category]}”类` : "全部";
    if (!plan.length) {
      say(left ? `${where}没有可按建议处理的发现；${left} 处建议复核，须逐一决定。` : `${where}没有未决的发现。`);
      return;
    }
    const removed = plan.filter((f) => f.suggested_action === "redact").length;
    const content = element("div");
    content.append(element("p", `将按建议处理${where}未决发现 ${plan.length} 处：删除 ${removed} 处，保留 ${plan.length - removed} 处（理由取自审查策略）。` +
      (left ? `另有 ${left} 处建议复核，仍须逐一决定。` : "") + "可随时按 Z 撤销。"));
    const list = element("ol", null, "plan");
    for (const f of plan) {
      list.append(element("li", `${SUGGESTED[f.suggested_action]} · ${f.label}“${f.text}”` +
        (f.suggested_action === "keep" ? `（${f.keep_reason}）` : "")));
    }
    content.append(list);
    if (!(await confirmBox(`按建议处理 ${plan.length} 处？`, content, `处理 ${plan.length} 处（Enter）`))) return;
    const befores = plan.map((f) => this.before(f));
    try {
      const fresh = await call("POST", `${this.api}/findings/accept-suggestions`, {
        category, version: this.version,
        expected: plan.map((f) => ({ finding_id: f.id, revision: f.revision })),
      });
      this.answered(fresh);
      this.remember(`按建议处理 ${fresh.length} 处`, befores);
      const still = this.undecided().length;
      say(`已按建议处理 ${fresh.length} 处。` + (still ? `还有 ${still} 处未决。` : "全部发现已决定。") + "按 Z 撤销。");
      const next = this.findings.findIndex((f) => f.decision === null);
      if (next >= 0) this.focus(next, { quiet: true });
    } catch (error) { refused(error); }
  }

  // --- a span the detector missed ------------------------------------------------------

  guess(text) {
    const compact = /\d/.test(text) ? text.replace(/[\s\-－—·•]/g, "") : text.trim();
    for (const [pattern, category] of this.guesses) if (pattern.test(compact)) return category;
    return "deny_list";
  }

  async add(start, end, text) {
    const clash = this.findings.find((f) => f.start < end && start < f.end);
    if (clash) {
      this.focus(this.findings.indexOf(clash), { quiet: true });
      say(`未添加：“${text}”与已有的${clash.label}“${clash.text}”重叠，请直接对它作决定，或只选中它旁边漏掉的文字。`, { error: true });
      return;
    }
    const guess = this.guess(text);
    const hint = element("p", `按文字的样子，类别猜为“${this.labels[guess]}”；不对就改。确定后此处标为删除。`);
    const answer = await ask(`添加遗漏：“${text}”`, { category: guess, content: hint });
    if (!answer) return;
    let created;
    try {
      created = await call("POST", `${this.api}/findings`, { start, end, category: answer.category, version: this.version });
    } catch (error) { refused(error); return; }
    created.label = this.labels[created.category];
    created.page = pageOf(created.start);
    created.keep_reason = "经审查可以公开";
    created.decided_by_name = "我";
    this.insert(created);
    this.remember(`添加“${created.text}”`, [{ finding_id: created.id, decision: "keep", reason: WITHDRAWN, category: created.category }]);
    say(`已添加并标为删除：${created.label}“${created.text}”。按 Z 撤销。`);
  }

  insert(f) {
    const at = this.findings.findIndex((x) => x.start > f.start);
    const index = at < 0 ? this.findings.length : at;
    this.findings.splice(index, 0, f);
    const range = rangeFor(f.start, f.end);
    if (range && range.startContainer === range.endContainer) {
      const mark = element("mark", null, `finding cat-${f.category} redact`);
      mark.id = "f" + f.id;
      mark.dataset.finding = f.id;
      mark.tabIndex = -1;
      mark.title = f.explanation;
      range.surroundContents(mark);
    }
    const list = document.getElementById("finding-list");
    list.querySelector(".empty")?.remove();
    const item = buildItem(f, this.canReview);
    const next = this.findings[index + 1];
    list.insertBefore(item, next ? document.getElementById("item-" + next.id) : null);
    this.update(f);
    this.focus(index, { quiet: true });
  }
}

// Offset in the document text of a point in the page: blocks carry their start, and
// the text nodes inside a block are exactly its characters.
export function offsetOf(node, offset) {
  const block = (node.nodeType === 1 ? node : node.parentElement).closest(".block");
  if (!block) return null;
  if (node === block) {
    let count = 0;
    for (let i = 0; i < offset; i++) count += block.childNodes[i].textContent.length;
    return Number(block.dataset.start) + count;
  }
  let count = 0;
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (t === node) return Number(block.dataset.start) + count + offset;
    count += t.textContent.length;
  }
  return null;
}

// The DOM range of text offsets start..end, when they lie in one block.
function rangeFor(start, end) {
  const blocks = [...document.querySelectorAll("#text .block")];
  const block = blocks.find((b) => {
    const s = Number(b.dataset.start);
    return s <= start && end <= s + b.textContent.length;
  });
  if (!block) return null;
  const range = document.createRange();
  let count = Number(block.dataset.start);
  let placed = false;
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const length = t.textContent.length;
    if (!placed && start < count + length) { range.setStart(t, start - count); placed = true; }
    if (placed && end <= count + length) { range.setEnd(t, end - count); return range; }
    count += length;
  }
  return null;
}

function pageOf(start) {
  const blocks = [...document.querySelectorAll("#text .block[data-page]")];
  const block = blocks.reverse().find((b) => Number(b.dataset.start) <= start);
  return block ? Number(block.dataset.page) : null;
}

function buildItem(f, canReview) {
  const li = element("li");
  li.id = "item-" + f.id;
  li.dataset.finding = f.id;
  li.className = `cat-${f.category} ${f.decision || "undecided"}`;
  const jump = element("button", null, "jump");
  jump.type = "button";
  jump.dataset.finding = f.id;
  jump.append(element("span", f.label, "chip"), element("q", f.text));
  li.append(jump, element("span", "建议" + SUGGESTED[f.suggested_action], "sugg s-" + f.suggested_action),
    element("span", f.decision ? DECIDED[f.decision] : "未决", "decision"));
  if (canReview) {
    const acts = element("span", null, "acts");
    for (const [act, label] of [["redact", "删除"], ["keep", "保留"], ["category", "改类别"], ["undecide", "撤销"]]) {
      const button = element("button", label);
      button.type = "button";
      button.dataset.act = act;
      acts.append(button);
    }
    li.append(acts);
  }
  const why = element("div", `${f.explanation}${f.legal_basis ? " · " + f.legal_basis : ""}${f.page ? " · 第 " + f.page + " 页" : ""} `, "why");
  why.append(element("span", "", "own"));
  li.append(why);
  return li;
}
