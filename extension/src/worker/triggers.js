// The reader's three ways to ask for a check: context menu, keyboard shortcut, toolbar popup.

import { checkSelectionInTab } from "./check-flow.js";

export const MENU_ID = "veracity-check";
export const COMMAND = "check-selection";

/** Created once per install/update; the browser keeps the item across worker restarts. */
export function createMenus() {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({ id: MENU_ID, title: "Check with Veracity", contexts: ["selection"] });
  });
}

export async function handleMenuClick(info, tab) {
  if (info?.menuItemId !== MENU_ID || tab?.id === undefined || tab.id < 0) return null;
  return checkSelectionInTab(tab.id, { frameId: info.frameId ?? 0, selectionText: info.selectionText ?? "" });
}

export async function handleCommand(command, tab) {
  if (command !== COMMAND) return null;
  const target = tab ?? (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0];
  if (target?.id === undefined) return null;
  return checkSelectionInTab(target.id);
}
