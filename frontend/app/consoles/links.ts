/** Schemes a link printed in a terminal may open: the web, nothing that launches a program. */
const LINK_SCHEMES = new Set(['http:', 'https:']);

/**
 * Opens a link the user clicked in a terminal in a new browser tab (browser mode) or the
 * user's browser (the desktop app hands a new window's http(s) URL to the OS and denies the
 * window). Only http and https; anything else (`file:`, `javascript:`, custom protocol
 * handlers) is ignored. Opened with the URL at once and `noopener`: a blank window whose
 * location is set afterwards (the link add-on's default) is denied by the desktop app.
 * @param open `window.open` (tests pass their own)
 * @returns whether it was opened
 */
export function openTerminalLink(uri: string, open: (url: string, target: string, features: string) => unknown): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (!LINK_SCHEMES.has(url.protocol) || url.hostname === '') return false;
  open(url.href, '_blank', 'noopener,noreferrer');
  return true;
}
