// Content script: reads the reader's selection when asked and shows the card the worker sends.
"use strict";

(() => {
  // Re-injection after an extension reload leaves an orphan whose runtime is gone; replace it.
  if (globalThis.veracityContent?.alive()) return;

  const state = { checkId: null, anchor: null, view: null, returnFocus: null, ignoreNextOutside: false };
  const TEXT_INPUT = /^(text|search|url|tel|email)$/;

  function anchorFrom(rect) {
    if (!rect || (rect.width === 0 && rect.height === 0)) return null;
    return {
      left: rect.left + window.scrollX,
      top: rect.top + window.scrollY,
      bottom: rect.bottom + window.scrollY,
    };
  }

  // The block a selection sits in; its other words resolve the claim's "he" or "that war".
  const BLOCK = "p, li, blockquote, dd, dt, td, th, figcaption, pre, h1, h2, h3, h4, h5, h6";
  // Raw characters read each side; the worker keeps fewer (selection.js CONTEXT_CHARS).
  const CONTEXT_READ = 1000;

  /** The text just before and after a selected range, within its paragraph (or list item...). */
  function readContext(range) {
    const node = range.commonAncestorContainer;
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const block = element?.closest(BLOCK) ?? element;
    if (!block) return null;
    const before = document.createRange();
    before.selectNodeContents(block);
    before.setEnd(range.startContainer, range.startOffset);
    const after = document.createRange();
    after.selectNodeContents(block);
    after.setStart(range.endContainer, range.endOffset);
    return {
      before: before.toString().slice(-CONTEXT_READ),
      after: after.toString().slice(0, CONTEXT_READ),
    };
  }

  /** The selected text, what surrounds it, and where it is; text fields keep their selection
   * out of getSelection. */
  function readSelection() {
    const active = document.activeElement;
    const isField =
      active instanceof HTMLTextAreaElement ||
      (active instanceof HTMLInputElement && TEXT_INPUT.test(active.type));
    if (isField && active.selectionEnd > active.selectionStart) {
      const { value, selectionStart: start, selectionEnd: end } = active;
      return {
        text: value.slice(start, end),
        context: {
          before: value.slice(0, start).slice(-CONTEXT_READ),
          after: value.slice(end, end + CONTEXT_READ),
        },
        anchor: anchorFrom(active.getBoundingClientRect()),
      };
    }
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return { text: "", context: null, anchor: null };
    }
    const range = selection.getRangeAt(0);
    return {
      text: selection.toString(),
      context: readContext(range),
      anchor: anchorFrom(range.getBoundingClientRect()),
    };
  }

  // Where news pages state when they were published (Open Graph, schema.org, Dublin Core).
  const DATE_META = [
    'meta[property="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="date"]',
    'meta[name="DC.date.issued"]',
  ];

  /** The page's publication date as it states it (raw; the worker validates it). */
  function readPageDate() {
    for (const selector of DATE_META) {
      const value = document.querySelector(selector)?.getAttribute("content");
      if (value) return value;
    }
    return null;
  }

  function close() {
    if (!state.view) return;
    state.view.destroy();
    state.view = null;
    state.checkId = null;
    document.removeEventListener("keydown", onKeydown, true);
    document.removeEventListener("pointerdown", onPointerdown, true);
    const target = state.returnFocus;
    state.returnFocus = null;
    if (target?.isConnected && typeof target.focus === "function") target.focus({ preventScroll: true });
  }

  /** The worker opens the report page; this script only asks (it makes no network call). */
  async function openReport(request) {
    try {
      await chrome.runtime.sendMessage({ type: "veracity:open-report", request });
    } catch {
      // The extension was reloaded under this page: the card's buttons are dead, close it.
      close();
    }
  }

  function onKeydown(event) {
    if (event.key === "Escape") close();
  }

  function onPointerdown(event) {
    if (!state.view || event.composedPath().includes(state.view.host)) return;
    // The click that brings focus back from the toolbar popup must not dismiss the card.
    if (state.ignoreNextOutside) {
      state.ignoreNextOutside = false;
      return;
    }
    close();
  }

  function show(model) {
    if (!state.view) {
      state.returnFocus = document.activeElement;
      state.view = globalThis.veracityCardView.create(state.anchor, { onClose: close, onReport: openReport });
      state.ignoreNextOutside = !document.hasFocus();
      document.addEventListener("keydown", onKeydown, true);
      document.addEventListener("pointerdown", onPointerdown, true);
      state.view.render(model);
      state.view.focus();
      return;
    }
    state.view.render(model);
  }

  function onMessage(message, _sender, sendResponse) {
    if (message?.type === "veracity:begin") {
      const { text, context, anchor } = readSelection();
      if (state.view) close();
      state.checkId = message.id;
      state.anchor = anchor;
      sendResponse({ text, context, url: location.href, date: readPageDate() });
    } else if (message?.type === "veracity:show") {
      // A newer check replaces an older one still in flight; its late answer is dropped.
      const current = message.id === state.checkId;
      if (current) show(message.model);
      sendResponse({ shown: current });
    }
    return false;
  }

  chrome.runtime.onMessage.addListener(onMessage);
  globalThis.veracityContent = {
    alive: () => Boolean(chrome.runtime?.id),
    // The tests read the closed shadow root from this isolated world.
    get root() {
      return state.view?.root ?? null;
    },
    close,
  };
})();
