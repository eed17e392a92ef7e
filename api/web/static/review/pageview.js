// The PDF page view: every page, loaded only as it scrolls into sight (and kept by the
// browser: the image URL names the file's content), each finding's box drawn in its
// category's colour. It follows the review: J/K bring the current finding's page into
// view and mark its box.
"use strict";

import { call } from "./api.js";

const A4 = 595.3 / 841.9;
// Image widths asked for, so the browser's cache serves every zoom near one of them.
const WIDTHS = [600, 900, 1200, 1600, 2000];

export class PageView {
  constructor(container, { api, pages, sha, findingText, onSelect }) {
    this.container = container;
    this.api = api;
    this.sha = sha;
    this.findingText = findingText;
    this.onSelect = onSelect;
    this.zoom = 1;
    this.views = new Map(); // page -> Promise of its view (size and boxes)
    this.frames = [];
    this.current = null;
    for (let n = 1; n <= pages; n++) this.frames.push(this.frame(n));
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) if (entry.isIntersecting) this.load(Number(entry.target.dataset.page));
    }, { root: container, rootMargin: "300px 0px" });
    this.frames.forEach((frame) => this.observer.observe(frame));
  }

  frame(n) {
    const frame = document.createElement("div");
    frame.className = "pdfpage";
    frame.dataset.page = n;
    frame.style.aspectRatio = String(A4);
    const img = document.createElement("img");
    img.alt = `原件第 ${n} 页`;
    img.decoding = "async";
    const label = document.createElement("span");
    label.className = "pno";
    label.textContent = `第 ${n} 页`;
    frame.append(img, label);
    this.container.append(frame);
    return frame;
  }

  load(n) {
    if (!this.views.has(n)) {
      this.views.set(n, call("GET", `${this.api}/pages/${n}`).then((view) => {
        this.draw(n, view);
        return view;
      }).catch((error) => { this.views.delete(n); throw error; }));
    }
    return this.views.get(n);
  }

  imageWidth() {
    const wanted = this.container.clientWidth * (window.devicePixelRatio || 1) * this.zoom;
    return WIDTHS.find((w) => w >= wanted) || WIDTHS[WIDTHS.length - 1];
  }

  draw(n, view) {
    const frame = this.frames[n - 1];
    frame.style.aspectRatio = String(view.width / view.height);
    frame.querySelector("img").src = `${this.api}/pages/${n}/image?format=webp&width=${this.imageWidth()}&v=${this.sha}`;
    frame.querySelectorAll(".box").forEach((b) => b.remove());
    for (const box of view.boxes) {
      const el = document.createElement("button");
      el.type = "button";
      el.className = `box cat-${box.category} ${box.decision || "undecided"}`;
      el.dataset.finding = box.finding_id;
      Object.assign(el.style, {
        left: box.left * 100 + "%", top: box.top * 100 + "%",
        width: box.width * 100 + "%", height: box.height * 100 + "%",
      });
      const label = this.findingText(box.finding_id);
      el.setAttribute("aria-label", label);
      el.title = label;
      el.addEventListener("click", () => this.onSelect(box.finding_id));
      frame.append(el);
    }
    if (this.current) this.mark(this.current);
  }

  mark(id) {
    this.container.querySelectorAll(".box.current").forEach((b) => b.classList.remove("current"));
    const boxes = this.container.querySelectorAll(`.box[data-finding="${id}"]`);
    boxes.forEach((b) => b.classList.add("current"));
    return boxes[0];
  }

  // Bring a finding's page into view and mark its box.
  async show(finding) {
    this.current = finding.id;
    if (!finding.page || this.container.hidden) return;
    const frame = this.frames[finding.page - 1];
    if (!frame) return;
    try { await this.load(finding.page); } catch (error) { return; }
    if (this.current !== finding.id) return;
    const box = this.mark(finding.id);
    (box || frame).scrollIntoView({ block: box ? "center" : "start" });
  }

  // A decision changed: redraw that finding's boxes.
  update(finding) {
    this.container.querySelectorAll(`.box[data-finding="${finding.id}"]`).forEach((b) => {
      b.className = `box cat-${finding.category} ${finding.decision || "undecided"}` + (b.classList.contains("current") ? " current" : "");
    });
  }

  setZoom(zoom) {
    this.zoom = Math.min(3, Math.max(0.5, Math.round(zoom * 100) / 100));
    this.container.style.setProperty("--zoom", this.zoom);
    document.getElementById("zoom-level").textContent = Math.round(this.zoom * 100) + "%";
    // Sharper images for a larger zoom; the cache keeps what was loaded.
    for (const [n, view] of this.views) view.then((v) => this.draw(n, v)).catch(() => {});
    if (this.current) this.mark(this.current)?.scrollIntoView({ block: "center" });
  }
}
