import { shell, type Session, type WebContents } from 'electron';
import { isAllowedNavigation, isAllowedRequest, isExternalLink, isPermissionAllowed } from './navigation-policy.js';
import { quoteUrl } from './sender-check.js';

/** Logs a refused action. */
export type GuardLog = (msg: string) => void;

/**
 * Locks down one webContents (apply to every one, from `app.on('web-contents-created')`):
 * - navigation (`will-navigate`, `will-redirect`, `will-frame-navigate`) only within `app://cortex`;
 * - new windows are always denied; an http(s) link is opened in the user's browser instead;
 * - `<webview>` is never attached.
 */
export function guardWebContents(contents: WebContents, log: GuardLog): void {
  const denyNavigation = (e: { preventDefault(): void }, url: string, what: string) => {
    if (isAllowedNavigation(url)) return;
    e.preventDefault();
    log(`blocked ${what} to ${quoteUrl(url)}`);
  };
  contents.on('will-navigate', (e) => denyNavigation(e, e.url, 'navigation'));
  contents.on('will-frame-navigate', (e) => denyNavigation(e, e.url, 'frame navigation'));
  contents.on('will-redirect', (e) => denyNavigation(e, e.url, 'redirect'));
  contents.on('will-attach-webview', (e) => {
    e.preventDefault();
    log('blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    else log(`blocked a new window for ${quoteUrl(url)}`);
    return { action: 'deny' };
  });
}

/**
 * Locks down a session: permissions only from `ALLOWED_PERMISSIONS` and only for our
 * origin (requests and checks alike), and every request whose scheme is not ours
 * (`app:`, `data:`, `blob:`, `devtools:`) is cancelled — no remote content, no `file:`.
 */
export function guardSession(ses: Session, log: GuardLog): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const allowed = isPermissionAllowed(permission, details.requestingUrl);
    if (!allowed) log(`denied permission ${permission} to ${quoteUrl(details.requestingUrl)}`);
    callback(allowed);
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url);
    if (!allowed) log(`cancelled a request to ${quoteUrl(details.url)}`);
    callback({ cancel: !allowed });
  });
}
