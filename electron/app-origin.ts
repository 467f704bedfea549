/**
 * The renderer's origin in the desktop app. The built renderer is served from a custom,
 * privileged, standard scheme (`app://cortex/...`), never from `file://` or the network,
 * so the window, the IPC sender check and the navigation guards all compare against
 * one origin. Pure: no Electron import, unit-tested.
 */

/** Scheme the renderer is served from (registered as standard + secure before `ready`). */
export const APP_SCHEME = 'app';
/** Host part of every renderer URL. */
export const APP_HOST = 'cortex';
/** `app://cortex`: the only origin allowed to talk to the backend. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The URL the main window loads. */
export const APP_START_URL = `${APP_ORIGIN}/`;

/**
 * Whether `url` belongs to our renderer: scheme `app:`, host exactly `cortex`, no port,
 * no credentials. Compares parts, not `URL.origin`: Node reports `"null"` as the origin
 * of non-special schemes such as `app:`.
 * @param url an absolute URL; unparsable input is `false`, never an exception
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}
