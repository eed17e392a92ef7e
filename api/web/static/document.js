// The document page: keyboard-first review. Every change goes through the /api routes
// (same checks, same audit trail); the page only mirrors what the server answered.
"use strict";

(function () {
  const root = document.querySelector(".doc");
  const docId = root.dataset.document;
  const api = "/api/v1/documents/" + docId;
  const findings = JSON.parse(document.getElementById("findings-data").textContent);
  const byId = new Map(findings.map((f) => [f.id, f]));
  const status = document.getElementById("status");
  const dialog = document.getElementById("dialog");
  const LABELS = { redact: "删除", keep: "保留" };
  let current = findings.findIndex((f) => f.decision === null);
  if (current < 0) current = 0;

  async function call(method, path, body) {
    const response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Gongkai-Request": "1" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
    if (!response.ok) {
      const message = (data && (data.detail || data.title)) || response.statusText;
      say("未完成：" + message, true);
      throw new Error(message);
    }
    return data;
  }

  function say(message, error) {
    status.textContent = message;
    status.classList.toggle("error", !!error);
  }

  function focusFinding(index) {
    if (!findings.length) return;
    current = (index + findings.length) % findings.length;
    const f = findings[current];
    document.querySelectorAll(".current").forEach((el) => el.classList.remove("current"));
    const mark = document.getElementById("f" + f.id);
    const item = document.getElementById("item-" + f.id);
    if (mark) {
      mark.classList.add("current");
      mark.scrollIntoView({ block: "center" });
    }
    if (item) {
      item.classList.add("current");
      item.scrollIntoView({ block: "nearest" });
    }
    say(`第 ${current + 1}/${findings.length} 处：${f.text}（${f.explanation}）` +
        (f.decision ? `，已决定${LABELS[f.decision]}` : "，未决"));
  }

  function update(f) {
    byId.set(f.id, f);
    const i = findings.findIndex((x) => x.id === f.id);
    if (i >= 0) findings[i] = f;
    for (const el of [document.getElementById("f" + f.id), document.getElementById("item-" + f.id)]) {
      if (!el) continue;
      el.classList.remove("undecided", "redact", "keep");
      el.classList.add(f.decision || "undecided");
      [...el.classList].filter((c) => c.startsWith("cat-")).forEach((c) => el.classList.remove(c));
      el.classList.add("cat-" + f.category);
    }
    const item = document.getElementById("item-" + f.id);
    if (item) item.querySelector(".decision").textContent = f.decision ? LABELS[f.decision] : "未决";
    const left = findings.filter((x) => x.decision === null).length;
    document.getElementById("undecided").textContent = left;
    const why = document.getElementById("release-why");
    if (why) why.textContent = left ? `还有 ${left} 处未决定，不能发布。` : "";
  }

  async function decide(decision, reason, category) {
    const f = findings[current];
    if (!f) return;
    const body = { decision, reason: reason || null };
    if (category) body.category = category;
    const updated = await call("POST", `${api}/findings/${f.id}/decision`, body);
    update(updated);
    say(`已${LABELS[decision]}：${updated.text}`);
    const next = findings.findIndex((x, i) => i > current && x.decision === null);
    if (next >= 0) focusFinding(next);
  }

  // A small modal for a reason or a category; resolves with the values, or null.
  function ask(title, { reason = false, category = false, value = null } = {}) {
    document.getElementById("dialog-title").textContent = title;
    const reasonInput = document.getElementById("reason");
    const select = document.getElementById("category");
    for (const [el, show] of [[reasonInput, reason], [document.getElementById("reason-label"), reason],
      [select, category], [document.getElementById("category-label"), category]]) {
      el.hidden = !show;
    }
    reasonInput.value = "";
    if (value) select.value = value;
    return new Promise((resolve) => {
      const done = (result) => {
        dialog.close();
        dialog.removeEventListener("cancel", cancel);
        document.getElementById("dialog-form").onsubmit = null;
        document.getElementById("dialog-cancel").onclick = null;
        root.querySelector("#text").focus();
        resolve(result);
      };
      const cancel = (event) => { event.preventDefault(); done(null); };
      dialog.addEventListener("cancel", cancel);
      document.getElementById("dialog-cancel").onclick = () => done(null);
      document.getElementById("dialog-form").onsubmit = (event) => {
        event.preventDefault();
        if (reason && !reasonInput.value.trim()) {
          reasonInput.setAttribute("aria-invalid", "true");
          return;
        }
        done({ reason: reasonInput.value.trim(), category: select.value });
      };
      dialog.showModal();
      (reason ? reasonInput : select).focus();
    });
  }

  // Offset in the document text of a point in the page: blocks carry their start, and
  // the text nodes inside a block are exactly its characters.
  function offsetOf(node, offset) {
    const block = (node.nodeType === 1 ? node : node.parentElement).closest(".block");
    if (!block) return null;
    let count = 0;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (t === node) return Number(block.dataset.start) + count + offset;
      count += t.textContent.length;
    }
    return node === block ? Number(block.dataset.start) + offset : null;
  }

  async function addSelection() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed) {
      say("先用鼠标或 Shift+方向键选中漏掉的文字，再按 A。", true);
      return;
    }
    const range = selection.getRangeAt(0);
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) {
      say("只能选中同一段正文里的文字。", true);
      return;
    }
    const answer = await ask(`添加遗漏：“${selection.toString()}”`, { category: true, reason: false, value: "person_name" });
    if (!answer) return;
    const created = await call("POST", `${api}/findings`, { start, end, category: answer.category, reason: "审查人员添加" });
    say(`已添加并标为删除：${created.text}。刷新页面后显示在正文中。`);
    findings.push(created);
    byId.set(created.id, created);
  }

  async function bulk(kind, value) {
    const body = { decision: "redact" };
    body[kind] = value;
    const changed = await call("POST", `${api}/findings/decide-matching`, body);
    changed.forEach(update);
    say(`已删除 ${changed.length} 处。`);
  }

  let previewing = false;
  function togglePreview() {
    previewing = !previewing;
    document.getElementById("preview-toggle").setAttribute("aria-pressed", String(previewing));
    root.classList.toggle("previewing", previewing);
    for (const f of findings) {
      const mark = document.getElementById("f" + f.id);
      if (!mark) continue;
      if (previewing && f.decision === "redact") {
        mark.dataset.text = mark.textContent;
        mark.textContent = "【已删除·" + (document.querySelector(`#item-${f.id} .cat`)?.textContent || "") + "】";
      } else if (mark.dataset.text !== undefined) {
        mark.textContent = mark.dataset.text;
        delete mark.dataset.text;
      }
    }
    say(previewing ? "预览：已确认删除的文字显示为删除标记。再按 P 返回。" : "已返回原文。");
  }

  document.addEventListener("keydown", async (event) => {
    if (dialog.open || event.target.closest("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    try {
      if (key === "j" || event.key === "ArrowDown" && event.target.id === "text") { event.preventDefault(); focusFinding(current + 1); }
      else if (key === "k" || event.key === "ArrowUp" && event.target.id === "text") { event.preventDefault(); focusFinding(current - 1); }
      else if (key === "enter" && !event.target.closest("button, a") || key === "c") { event.preventDefault(); await decide("redact"); }
      else if (key === "x") {
        event.preventDefault();
        const answer = await ask("保留此处：请说明理由（如“签发人，履职信息”）", { reason: true });
        if (answer) await decide("keep", answer.reason);
      } else if (key === "g") {
        event.preventDefault();
        const f = findings[current];
        const answer = await ask("更改类别", { category: true, value: f.category });
        if (answer) await decide(f.decision || "redact", f.decision_reason, answer.category);
      } else if (key === "a") { event.preventDefault(); await addSelection(); }
      else if (key === "p") { event.preventDefault(); togglePreview(); }
    } catch (error) { /* already said */ }
  });

  document.getElementById("finding-list").addEventListener("click", async (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    try {
      if (button.dataset.bulk) await bulk(button.dataset.bulk, button.dataset.value);
      else if (button.classList.contains("jump")) {
        focusFinding(findings.findIndex((f) => String(f.id) === button.dataset.finding));
      }
    } catch (error) { /* already said */ }
  });
  document.getElementById("text").addEventListener("click", (event) => {
    const mark = event.target.closest("mark[data-finding]");
    if (mark) focusFinding(findings.findIndex((f) => String(f.id) === mark.dataset.finding));
  });
  // Hover or focus on a mark tells what it is and why.
  for (const f of findings) {
    const mark = document.getElementById("f" + f.id);
    if (mark) mark.title = `${f.explanation}${f.legal_basis ? " · " + f.legal_basis : ""}`;
  }

  // Enter in the category list confirms, as it does in the reason field.
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.tagName === "SELECT") {
      event.preventDefault();
      document.getElementById("dialog-form").requestSubmit();
    }
  });

  document.getElementById("preview-toggle").addEventListener("click", togglePreview);

  const form = document.getElementById("attribute-form");
  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const action = event.submitter?.dataset.action || "decision";
      const attribute = document.getElementById("attribute").value;
      const ground = attribute === "不予公开" ? document.getElementById("ground").value || null : null;
      try {
        const result = await call("POST", `${api}/${action}`, { attribute, ground });
        document.getElementById("doc-state").textContent = result.state_label;
        root.dataset.state = result.state;
        const why = document.getElementById("release-why");
        if (why && result.state === "cleared") why.textContent = "";
        say(action === "proposal" ? `已提出初审意见：${attribute}` : `复审已决定：${attribute}（${result.state_label}）`);
      } catch (error) { /* already said */ }
    });
  }

  const release = document.getElementById("release");
  if (release) {
    release.addEventListener("click", async () => {
      try {
        const publication = await call("POST", `${api}/release`);
        say(publication.state === "published" ? "已发布。" : "已进入发布队列。");
        document.getElementById("doc-state").textContent = publication.state === "published" ? "已发布" : "发布队列中";
      } catch (error) { /* already said */ }
    });
  }

  // PDF page view: the original page with a box where each finding is drawn.
  const pageToggle = document.getElementById("page-toggle");
  if (pageToggle) {
    const view = document.getElementById("pageview");
    const text = document.getElementById("text");
    let pageNo = 1;
    async function showPage(n) {
      const data = await call("GET", `${api}/pages/${n}`);
      pageNo = data.page;
      document.getElementById("page-no").textContent = data.page;
      document.getElementById("page-count").textContent = data.pages;
      const page = document.getElementById("page");
      page.querySelectorAll(".box").forEach((b) => b.remove());
      document.getElementById("page-image").src = `${api}/pages/${n}/image`;
      for (const box of data.boxes) {
        const el = document.createElement("button");
        el.type = "button";
        el.className = `box cat-${box.category} ${box.decision || "undecided"}`;
        Object.assign(el.style, {
          left: box.left * 100 + "%", top: box.top * 100 + "%",
          width: box.width * 100 + "%", height: box.height * 100 + "%",
        });
        const f = byId.get(box.finding_id);
        el.setAttribute("aria-label", f ? `${f.text}：${f.explanation}` : "发现");
        el.title = el.getAttribute("aria-label");
        el.addEventListener("click", () => focusFinding(findings.findIndex((x) => x.id === box.finding_id)));
        page.appendChild(el);
      }
    }
    pageToggle.addEventListener("click", async () => {
      const on = view.hidden;
      view.hidden = !on;
      text.hidden = on;
      pageToggle.setAttribute("aria-pressed", String(on));
      if (on) await showPage(pageNo).catch(() => {});
    });
    document.getElementById("page-prev").addEventListener("click", () => showPage(Math.max(1, pageNo - 1)).catch(() => {}));
    document.getElementById("page-next").addEventListener("click", () => showPage(pageNo + 1).catch(() => {}));
  }

  if (findings.length) focusFinding(current);
})();
