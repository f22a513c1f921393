// The Full report page: asks the worker for the report on one claim and renders it as text.

import { h, link, ask } from "./dom.js";
import { requestFromQuery } from "../lib/report-request.js";
import { buildReportModel } from "../lib/report-model.js";

const main = document.getElementById("report");
const copyButton = document.getElementById("copy-md");
const printButton = document.getElementById("print");
const copyStatus = document.getElementById("copy-status");

function verdictView(verdict) {
  return h("section", { class: "verdict", "data-role": "verdict" }, [
    h("p", { class: "verdict-row" }, [
      h("span", { class: "badge", "data-verdict": verdict.label }, [
        h("span", { "aria-hidden": "true" }, `${verdict.symbol} `),
        verdict.text,
      ]),
      verdict.tentative ? h("span", { class: "tag", "data-tone": "state" }, verdict.tentativeText) : "",
      verdict.confidence ? h("span", { class: "muted" }, verdict.confidence) : "",
    ]),
    verdict.explanation ? h("p", {}, verdict.explanation) : "",
  ]);
}

/** Footnote markers after a paragraph: [1] [2], each a link to its reference. */
function refMarkers(refs) {
  return refs.map((n) => h("sup", { class: "ref" }, h("a", { href: `#ref-${n}`, "data-ref": n }, `[${n}]`)));
}

function sectionView(section) {
  return h("section", { class: "report-section", "data-section": section.id }, [
    h("h2", {}, section.heading),
    ...section.paragraphs.map((paragraph) => h("p", {}, [paragraph.text, ...refMarkers(paragraph.refs)])),
  ]);
}

function referencesView(references) {
  const items = references.map((ref) =>
    h("li", { id: `ref-${ref.n}`, value: ref.n, "data-kind": ref.kind || null }, [
      link(ref.label, ref.href),
      ref.kind ? h("span", { class: "muted" }, ` (${ref.kind})`) : "",
      ref.href ? h("span", { class: "print-url" }, ` ${ref.href}`) : "",
    ]),
  );
  return h("section", { class: "report-section", "data-section": "references" }, [
    h("h2", {}, "References"),
    h("ol", { class: "references" }, items),
  ]);
}

function render(model) {
  document.title = model.title;
  main.replaceChildren(
    h("h1", {}, model.title),
    verdictView(model.verdict),
    ...model.sections.map(sectionView),
    model.references.length ? referencesView(model.references) : "",
    model.generated ? h("p", { class: "muted generated" }, `${model.generated} by Veracity.`) : "",
  );
}

function showError(error, request) {
  main.replaceChildren(
    h("section", { role: "alert", "data-error": error?.kind ?? "unknown" }, [
      h("h1", {}, error?.title ?? "No report"),
      h("p", {}, error?.message ?? "The report could not be made."),
      error?.hint ? h("p", { class: "muted" }, error.hint) : "",
      request ? h("p", { class: "muted" }, `Claim: “${request.text}”`) : "",
    ]),
  );
}

async function copyMarkdown(request) {
  copyButton.disabled = true;
  copyStatus.removeAttribute("data-tone");
  copyStatus.textContent = "Copying…";
  try {
    const reply = await ask({ type: "veracity:report", request, format: "md" });
    if (!reply?.ok) throw new Error(reply?.error?.message ?? "The service did not answer.");
    await navigator.clipboard.writeText(reply.markdown);
    copyStatus.dataset.tone = "ok";
    copyStatus.textContent = "Copied the report as Markdown.";
  } catch (error) {
    copyStatus.dataset.tone = "error";
    copyStatus.textContent = `Could not copy: ${error?.message ?? error}`;
  } finally {
    copyButton.disabled = false;
  }
}

async function start() {
  const request = requestFromQuery(location.search);
  if (!request) {
    showError({ kind: "empty", title: "No claim", message: "This page needs a claim: open it from a card." });
    main.setAttribute("aria-busy", "false");
    return;
  }
  const reply = await ask({ type: "veracity:report", request, format: "json" }).catch((error) => ({
    ok: false,
    error: { message: String(error?.message ?? error) },
  }));
  main.setAttribute("aria-busy", "false");
  if (!reply?.ok) {
    showError(reply?.error, request);
    return;
  }
  render(buildReportModel(reply.report));
  main.dataset.state = "report";
  copyButton.disabled = false;
  printButton.disabled = false;
  copyButton.addEventListener("click", () => copyMarkdown(request));
  printButton.addEventListener("click", () => window.print());
}

start();
