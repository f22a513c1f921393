// Service worker entry: registers every listener at top level and exposes the handlers to tests.

import { createMenus, handleMenuClick, handleCommand, MENU_ID, COMMAND } from "./worker/triggers.js";
import { handleMessage } from "./worker/messages.js";
import { checkSelectionInTab } from "./worker/check-flow.js";

chrome.runtime.onInstalled.addListener(createMenus);
chrome.contextMenus.onClicked.addListener(handleMenuClick);
chrome.commands.onCommand.addListener(handleCommand);
chrome.runtime.onMessage.addListener(handleMessage);

// Module-scope names are not globals in a module worker; tests reach these via sw.evaluate.
globalThis.veracity = {
  checkSelectionInTab,
  handleMenuClick,
  handleCommand,
  handleMessage,
  createMenus,
  MENU_ID,
  COMMAND,
};
