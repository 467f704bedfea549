import { TOKEN_PARAM, WS_PATH } from '@contract';

/** sessionStorage key that keeps the browser-mode token across reloads of the tab. */
export const TOKEN_STORAGE_KEY = 'cortex.token';

/**
 * The browser-mode token: `?token=` of the page URL (remembered in sessionStorage),
 * else the one remembered for this tab.
 * @returns the token, or null when the page was opened without one
 */
export function readToken(location: Location, storage: Storage): string | null {
  const fromUrl = new URLSearchParams(location.search).get(TOKEN_PARAM);
  if (fromUrl) {
    storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    return fromUrl;
  }
  return storage.getItem(TOKEN_STORAGE_KEY);
}

/** The WebSocket URL of the server that served this page: `ws(s)://host/ws?token=…`. */
export function webSocketUrl(location: Location, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${WS_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
}
