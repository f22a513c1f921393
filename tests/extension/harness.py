"""Drive the extension in headless Chromium: launch, select text, trigger checks, read the card."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXTENSION_DIR = REPO / "extension" / "src"
SCREENSHOTS = REPO / "dist" / "screenshots"
CHROMIUM_WRAPPER = Path("/usr/bin/chromium")
# The real binary behind Debian's wrapper script, which adds flags and noise of its own.
CHROMIUM_BINARY = Path("/usr/lib/chromium/chromium")

LAUNCH_ARGS = [
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-sandbox",
    # For CDP Extensions.triggerAction, the one way to click the toolbar button headless.
    "--enable-unsafe-extension-debugging",
    "--remote-debugging-port=0",
]

SELECT_JS = """(text) => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(text);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + text.length);
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return true;
  }
  return false;
}"""

# Runs in the extension's isolated world, where the content script keeps the closed root.
SNAPSHOT_JS = """async (tabId) => {
  const [frame] = await chrome.scripting.executeScript({
    target: { tabId },
    func: () => {
      const root = globalThis.veracityContent?.root;
      if (!root) return null;
      const all = (selector) => [...root.querySelectorAll(selector)];
      const text = (node) => node.textContent.trim();
      const badge = root.querySelector('[data-role="verdict"]');
      const card = root.querySelector(".card");
      return {
        state: root.host.getAttribute("data-state"),
        verdict: badge?.getAttribute("data-verdict") ?? null,
        verdictText: badge?.textContent.trim() ?? null,
        speakers: all('[data-role="speaker"]').map((node) => node.textContent.trim()),
        notes: all(".note").map((node) => ({ code: node.dataset.code, text: text(node) })),
        links: all("a").map((node) => ({ text: text(node), href: node.getAttribute("href") })),
        error: root.querySelector("[data-error]")?.getAttribute("data-error") ?? null,
        text: card.textContent,
        tags: [...new Set(all("*").map((node) => node.localName))],
        focused: root.activeElement?.className ?? null,
        fontSize: getComputedStyle(card).fontSize,
        hasRelated: Boolean(root.querySelector('[data-role="related"]')),
      };
    },
  });
  return frame.result;
}"""


def chromium_path() -> Path | None:
    """The Chromium to drive, or None when it is not installed."""
    if override := os.environ.get("CHROMIUM_PATH"):
        return Path(override)
    if not CHROMIUM_WRAPPER.exists():
        return None
    return CHROMIUM_BINARY if CHROMIUM_BINARY.exists() else CHROMIUM_WRAPPER


class Browser:
    """One persistent Chromium context with the unpacked extension loaded."""

    def __init__(self, playwright, executable: Path, extension: Path = EXTENSION_DIR):
        self.playwright = playwright
        self.remote = None
        self.profile = tempfile.mkdtemp(prefix="veracity-e2e-")
        self.context = playwright.chromium.launch_persistent_context(
            self.profile,
            executable_path=str(executable),
            headless=True,
            viewport={"width": 1280, "height": 800},
            args=[
                f"--disable-extensions-except={extension}",
                f"--load-extension={extension}",
                *LAUNCH_ARGS,
            ],
        )
        workers = self.context.service_workers or [self.context.wait_for_event("serviceworker")]
        self.worker = workers[0]
        self.extension_id = self.worker.url.split("/")[2]

    def close(self) -> None:
        if self.remote is not None:
            self.remote.close()
        self.context.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def settings(self, **values) -> None:
        """Replace the extension's stored settings and history."""
        self.worker.evaluate(
            """async (values) => {
                 await chrome.storage.local.clear();
                 await chrome.storage.local.set(values);
               }""",
            values,
        )

    def tab_id(self, page) -> int:
        return self.worker.evaluate(
            "async (url) => (await chrome.tabs.query({})).find((tab) => tab.url === url)?.id",
            page.url,
        )

    def select(self, page, text: str) -> None:
        assert page.evaluate(SELECT_JS, text), f"{text!r} is not on {page.url}"

    def command(self, page) -> dict:
        """Press the shortcut, as far as a headless browser allows: call its handler."""
        return self.worker.evaluate(
            "(tabId) => veracity.handleCommand('check-selection', { id: tabId })", self.tab_id(page)
        )

    def menu(self, page, selection_text: str) -> dict:
        """Click "Check with Veracity" in the context menu, through its handler."""
        return self.worker.evaluate(
            """([tabId, selectionText]) => veracity.handleMenuClick(
                 { menuItemId: veracity.MENU_ID, selectionText, frameId: 0 }, { id: tabId })""",
            [self.tab_id(page), selection_text],
        )

    def click_toolbar_button(self, page) -> None:
        """Click the extension's toolbar button on the page's tab (it opens the popup)."""
        if self.remote is None:
            port = Path(self.profile, "DevToolsActivePort").read_text().split()[0]
            self.remote = self.playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
            self.cdp = self.remote.new_browser_cdp_session()
        tabs = self.cdp.send("Target.getTargets", {"filter": [{"type": "tab"}]})["targetInfos"]
        target = next(tab["targetId"] for tab in tabs if tab["url"] == page.url)
        self.cdp.send("Extensions.triggerAction", {"id": self.extension_id, "targetId": target})

    def card(self, page) -> dict | None:
        return self.worker.evaluate(SNAPSHOT_JS, self.tab_id(page))

    def history(self) -> list[dict]:
        stored = self.worker.evaluate("() => chrome.storage.local.get('history')")
        return stored.get("history", [])

    def extension_page(self, path: str):
        page = self.context.new_page()
        page.goto(f"chrome-extension://{self.extension_id}/{path}")
        return page


# The paragraph card's parts, read from the closed root like SNAPSHOT_JS.
PARAGRAPH_JS = """async (tabId) => {
  const [frame] = await chrome.scripting.executeScript({
    target: { tabId },
    func: () => {
      const root = globalThis.veracityContent?.root;
      if (!root) return null;
      const text = (node) => node?.textContent.trim() ?? null;
      const fold = root.querySelector('[data-role="fold"]');
      return {
        state: root.host.getAttribute("data-state"),
        summary: text(root.querySelector(".summary")),
        sentences: [...root.querySelectorAll('[data-role="sentence"]')].map((node) => ({
          text: text(node.querySelector('[data-role="sentence-text"]')),
          verdict: node.querySelector('[data-role="verdict"]')?.dataset.verdict ?? null,
          verdictText: text(node.querySelector('[data-role="verdict"]')),
          line: text(node.querySelector('[data-role="source-line"]')),
          report: Boolean(node.querySelector('[data-role="report"]')),
        })),
        fold: fold ? { summary: text(fold.querySelector("summary")), open: fold.open } : null,
        unmatched: [...root.querySelectorAll('[data-role="unmatched"]')].map(text),
      };
    },
  });
  return frame.result;
}"""

# Where an element of the card is on screen (scrolled into the card's view first), or null.
CARD_RECT_JS = """async ([tabId, selector, index]) => {
  const [frame] = await chrome.scripting.executeScript({
    target: { tabId },
    args: [selector, index],
    func: (selector, index) => {
      const node = globalThis.veracityContent?.root?.querySelectorAll(selector)[index];
      if (!node) return null;
      node.scrollIntoView({ block: "nearest" });
      const { x, y, width, height } = node.getBoundingClientRect();
      return { x: x + width / 2, y: y + height / 2 };
    },
  });
  return frame.result;
}"""


def paragraph_card(browser: Browser, page) -> dict | None:
    return browser.worker.evaluate(PARAGRAPH_JS, browser.tab_id(page))


def click_in_card(browser: Browser, page, selector: str, index: int = 0) -> None:
    """Click an element of the card with the mouse, as a reader would."""
    point = browser.worker.evaluate(CARD_RECT_JS, [browser.tab_id(page), selector, index])
    assert point, f"no {selector!r} #{index} in the card"
    page.mouse.click(point["x"], point["y"])
