// The card's stylesheet, applied inside its shadow root so page CSS cannot reach it.
"use strict";

globalThis.veracityCardCss = `
:host { all: initial; }
.card {
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa;
  --link: #0b5cad; --warn-bg: #fff8c5; --warn-fg: #6f4e00; --warn-line: #e6cf6c;
  --info-bg: #ddf4ff; --info-fg: #0a3069; --focus: #0969da;
  box-sizing: border-box; width: 100%; max-height: min(520px, 75vh); overflow: auto;
  margin: 0; padding: 0; background: var(--bg); color: var(--fg);
  border: 1px solid var(--line); border-radius: 10px;
  box-shadow: 0 12px 32px rgba(31, 35, 40, 0.22), 0 2px 6px rgba(31, 35, 40, 0.12);
  font: 400 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  text-align: left; direction: ltr; letter-spacing: normal; word-wrap: break-word;
  overscroll-behavior: contain;
}
@media (prefers-color-scheme: dark) {
  .card {
    --bg: #161b22; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --soft: #212830;
    --link: #58a6ff; --warn-bg: #3b2e08; --warn-fg: #f2cc60; --warn-line: #6c5211;
    --info-bg: #0c2d4f; --info-fg: #9ecbff; --focus: #58a6ff;
    box-shadow: 0 12px 32px rgba(0, 0, 0, 0.6);
  }
}
*, *::before, *::after { box-sizing: border-box; }
.card:focus { outline: none; }
button:focus-visible, a:focus-visible {
  outline: 2px solid var(--focus); outline-offset: 2px;
}
header {
  display: flex; align-items: center; justify-content: space-between; gap: 8px;
  padding: 8px 10px 8px 14px; border-bottom: 1px solid var(--line); background: var(--soft);
  border-radius: 10px 10px 0 0; position: sticky; top: 0; z-index: 1;
}
.brand { font-weight: 700; font-size: 12px; letter-spacing: 0.08em; text-transform: uppercase; color: var(--muted); }
.close {
  all: unset; cursor: pointer; width: 28px; height: 28px; border-radius: 6px;
  display: inline-flex; align-items: center; justify-content: center;
  font-size: 18px; line-height: 1; color: var(--muted);
}
.close:hover { background: var(--line); color: var(--fg); }
section { padding: 10px 14px; border-bottom: 1px solid var(--line); }
section:last-of-type { border-bottom: 0; }
h2 {
  margin: 0 0 6px; font-size: 11px; font-weight: 700; letter-spacing: 0.08em;
  text-transform: uppercase; color: var(--muted);
}
p { margin: 0; }
ul { margin: 0; padding: 0; list-style: none; }
a { color: var(--link); text-decoration: underline; text-underline-offset: 2px; }
.verdict-row { display: flex; align-items: center; flex-wrap: wrap; gap: 6px 10px; margin-bottom: 6px; }
.badge {
  display: inline-flex; align-items: center; gap: 6px; padding: 3px 10px 3px 8px;
  border-radius: 999px; color: #ffffff; font-weight: 700; font-size: 15px; background: #59636e;
}
.badge[data-verdict="true"] { background: #1a7f37; }
.badge[data-verdict="mostly-true"] { background: #2f7d32; }
.badge[data-verdict="mixed"] { background: #8a5a00; }
.badge[data-verdict="mostly-false"] { background: #b35900; }
.badge[data-verdict="false"] { background: #c62828; }
.badge[data-verdict="unverified"] { background: #59636e; }
.confidence { font-weight: 600; }
.basis, .muted { color: var(--muted); font-size: 13px; }
.explanation { margin-top: 4px; }
.evidence { display: grid; gap: 10px; }
.item + .item { border-top: 1px dashed var(--line); padding-top: 10px; }
blockquote {
  margin: 0 0 4px; padding: 2px 0 2px 10px; border-left: 3px solid var(--line); font-style: italic;
}
.speaker { font-weight: 600; }
.meta { color: var(--muted); font-size: 13px; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; margin: 4px 0; }
.chip {
  font-size: 12px; padding: 0 6px; border-radius: 4px; border: 1px solid var(--line); color: var(--muted);
}
.chip[data-stance="supports"] { color: #1a7f37; border-color: #1a7f37; }
.chip[data-stance="refutes"] { color: #c62828; border-color: #c62828; }
.outlets { margin-top: 4px; display: grid; gap: 4px; }
.outlet { font-size: 13px; padding: 4px 8px; background: var(--soft); border-radius: 6px; }
.outlet-name { font-weight: 600; }
.tag {
  display: inline-block; font-size: 11px; font-weight: 600; padding: 0 5px; margin-left: 4px;
  border-radius: 4px; background: var(--line); color: var(--fg); vertical-align: 1px;
}
.tag[data-tone="state"] { background: var(--warn-bg); color: var(--warn-fg); border: 1px solid var(--warn-line); }
.tag[data-tone="unrated"] { background: transparent; color: var(--muted); border: 1px solid var(--line); }
.tag[data-tone="tentative"] {
  background: var(--warn-bg); color: var(--warn-fg); border: 1px solid var(--warn-line); cursor: help;
}
.tentative-hint { color: var(--warn-fg); font-size: 13px; margin-bottom: 2px; }
.rating { margin-top: 2px; font-size: 12px; color: var(--muted); }
.reported { margin-top: 4px; }
.notes { display: grid; gap: 6px; }
.note {
  display: flex; gap: 8px; padding: 6px 8px; border-radius: 6px; font-size: 13px;
  background: var(--info-bg); color: var(--info-fg);
}
.note[data-tone="warning"] { background: var(--warn-bg); color: var(--warn-fg); }
.note-icon { flex: none; font-weight: 700; }
.sources li { font-size: 13px; margin: 2px 0; }
.sources li::before { content: "↗ "; color: var(--muted); }
.loading { display: flex; align-items: center; gap: 10px; }
.spinner {
  flex: none; width: 18px; height: 18px; border-radius: 50%;
  border: 2px solid var(--line); border-top-color: var(--focus); animation: spin 0.8s linear infinite;
}
@keyframes spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }
.error-title { font-weight: 700; color: #c62828; margin-bottom: 4px; }
@media (prefers-color-scheme: dark) { .error-title { color: #ff7b72; } }
.query { color: var(--muted); font-size: 13px; margin-top: 4px; }
.report-button {
  all: unset; cursor: pointer; display: inline-block; margin-top: 8px; padding: 3px 10px;
  border: 1px solid var(--line); border-radius: 6px; font-size: 13px; font-weight: 600;
  color: var(--link); background: var(--bg);
}
.report-button:hover { background: var(--soft); }
.report-button:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.summary p { font-weight: 600; }
.sentence-row { display: flex; align-items: flex-start; justify-content: space-between; gap: 8px; }
.sentence .verdict-row { margin: 2px 0; }
.sentence .badge { font-size: 13px; }
.sentence .report-button { margin-top: 0; flex: none; }
.fold summary { cursor: pointer; color: var(--muted); font-size: 13px; font-weight: 600; }
.fold summary:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.unmatched { margin-top: 6px; display: grid; gap: 4px; }
.unmatched li { color: var(--muted); font-size: 13px; font-style: italic; }
`;
