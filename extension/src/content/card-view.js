// Hosts the card in a closed shadow root next to the selection: placement, focus, re-rendering.
"use strict";

(() => {
  if (globalThis.veracityCardView) return;

  const CARD_WIDTH = 400;
  const GAP = 8;
  const MIN_HEIGHT = 160;
  const { h } = globalThis.veracityCardParts;

  function setImportant(node, styles) {
    for (const [name, value] of Object.entries(styles)) node.style.setProperty(name, value, "important");
  }

  // One constructed sheet, shared by every card this page shows.
  let sheet = null;

  function applyStyles(root) {
    try {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(globalThis.veracityCardCss);
      }
      root.adoptedStyleSheets = [sheet];
    } catch {
      // Constructed sheets are exempt from the page's CSP; a <style> element is only the fallback.
      root.append(h("style", {}, globalThis.veracityCardCss));
    }
  }

  /** Create the card host at `anchor` (document coordinates of the selection, or null). */
  function create(anchor, { onClose, onReport }) {
    const host = document.createElement("veracity-card");
    // Inline !important beats every page rule, including ones aimed at this element.
    setImportant(host, {
      all: "initial",
      display: "block",
      position: "absolute",
      "z-index": "2147483647",
      width: `${Math.min(CARD_WIDTH, document.documentElement.clientWidth - 2 * GAP)}px`,
    });
    const root = host.attachShadow({ mode: "closed" });
    applyStyles(root);
    const body = h("div", { class: "body" });
    const close = h(
      "button",
      { class: "close", type: "button", "aria-label": "Close Veracity card", title: "Close (Esc)" },
      "×",
    );
    close.addEventListener("click", () => onClose());
    const card = h("div", { class: "card", role: "dialog", "aria-label": "Veracity check", tabindex: "-1" }, [
      h("header", {}, [h("span", { class: "brand" }, "Veracity"), close]),
      body,
    ]);
    card.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        onClose();
      }
    });
    root.append(card);
    document.documentElement.append(host);

    // Below the selection if the card fits, else above; if neither, the roomier side with the
    // card's height capped to it, so the whole card is on screen and scrolls inside.
    function place() {
      const view = {
        left: window.scrollX,
        top: window.scrollY,
        width: document.documentElement.clientWidth,
        height: window.innerHeight,
      };
      const width = host.offsetWidth;
      const a = anchor ?? {
        left: view.left + view.width - width - GAP,
        top: view.top + GAP,
        bottom: view.top,
      };
      const spaceBelow = view.top + view.height - a.bottom - 2 * GAP;
      const spaceAbove = a.top - view.top - 2 * GAP;
      card.style.removeProperty("max-height");
      let height = card.offsetHeight;
      let below = height <= spaceBelow || (height > spaceAbove && spaceBelow >= spaceAbove);
      if (height > (below ? spaceBelow : spaceAbove)) {
        const room = Math.max(MIN_HEIGHT, below ? spaceBelow : spaceAbove);
        card.style.setProperty("max-height", `${room}px`);
        height = Math.min(height, room);
        below = below || room === MIN_HEIGHT;
      }
      const left = Math.max(view.left + GAP, Math.min(a.left, view.left + view.width - width - GAP));
      const top = below ? a.bottom + GAP : a.top - GAP - height;
      setImportant(host, { left: `${Math.round(left)}px`, top: `${Math.round(top)}px` });
    }

    function render(model) {
      const parts = globalThis.veracityCardParts;
      const { paragraph } = globalThis.veracityCardParagraph;
      const builders = { loading: parts.loading, error: parts.error, result: parts.result, paragraph };
      const build = builders[model.kind] ?? parts.error;
      body.replaceChildren(...build(model, { onReport }));
      host.setAttribute("data-state", model.kind);
      card.setAttribute("aria-busy", String(model.kind === "loading"));
      card.scrollTop = 0;
      place();
    }

    function focus() {
      card.focus({ preventScroll: true });
      const rect = host.getBoundingClientRect();
      if (rect.bottom > window.innerHeight || rect.top < 0) host.scrollIntoView({ block: "nearest" });
    }

    return { host, root, render, focus, destroy: () => host.remove() };
  }

  globalThis.veracityCardView = { create };
})();
