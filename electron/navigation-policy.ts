import { isAppUrl } from './app-origin.js';

/**
 * What the renderer may reach beyond its own origin. Pure (no Electron import), so the
 * rules are unit-tested; `web-guards.ts` applies them to every webContents and session.
 */

/** Schemes a link may open in the user's browser (via `shell.openExternal`). */
export const EXTERNAL_LINK_SCHEMES: ReadonlySet<string> = new Set(['https:', 'http:']);

/** The only permissions the renderer is ever granted: OS notifications and copying to the clipboard. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications', 'clipboard-sanitized-write']);

/**
 * Schemes a request from our session may load. Everything else (http, https, ws, file,
 * ftp...) is cancelled: the desktop renderer never loads remote or local-file content.
 * `devtools:` serves the developer tools (development builds only open them).
 */
export const ALLOWED_REQUEST_SCHEMES: ReadonlySet<string> = new Set(['app:', 'data:', 'blob:', 'devtools:']);

/**
 * Whether a link the renderer tries to open (a new window, `target=_blank`) may be handed
 * to the OS browser: an absolute http(s) URL with a host and no credentials. Anything
 * else (`file:`, `javascript:`, custom protocol handlers that launch programs) is refused.
 */
export function isExternalLink(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return EXTERNAL_LINK_SCHEMES.has(u.protocol) && u.hostname !== '' && u.username === '' && u.password === '';
}

/** Whether the main frame may navigate to `url`: only within our own `app://cortex` origin. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/**
 * Whether to grant `permission` to a page at `requestingUrl`: it must be one of
 * {@link ALLOWED_PERMISSIONS} and asked by our own origin.
 * @param requestingUrl the requesting frame's URL or origin (Electron gives either)
 */
export function isPermissionAllowed(permission: string, requestingUrl: string | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

/** Whether a network request from the renderer's session may proceed, by its URL's scheme. */
export function isAllowedRequest(url: string): boolean {
  const colon = url.indexOf(':');
  return colon > 0 && ALLOWED_REQUEST_SCHEMES.has(url.slice(0, colon + 1).toLowerCase());
}
