import { isAppUrl } from './app-origin.js';

/** What the IPC transport knows about the sender of one message (from `IpcMainEvent`). */
export interface SenderInfo {
  /** `event.sender.id`: the webContents that sent the message. */
  webContentsId: number;
  /** URL of `event.senderFrame`; null when the frame is gone (navigated away, destroyed). */
  frameUrl: string | null;
  /** Whether the sender frame is its webContents' main (top-level) frame. */
  isMainFrame: boolean;
}

/** Outcome of {@link checkSender}: accept, or drop with a reason for the log. */
export type SenderVerdict = { ok: true } | { ok: false; reason: string };

/** Longest URL quoted in a log line, in characters. */
export const MAX_LOGGED_URL_CHARS = 200;

/**
 * Electron's "validate the sender of every IPC message": a frame is served only when it
 * comes from a webContents we created and trust (our window), from its main frame (no
 * iframe, even of our own origin), and that frame's URL is on our `app://cortex` origin
 * (not a page it was navigated to). Pure: unit-tested without Electron.
 * @param trusted ids of the webContents the transport registered
 */
export function checkSender(sender: SenderInfo, trusted: ReadonlySet<number>): SenderVerdict {
  if (!trusted.has(sender.webContentsId)) return { ok: false, reason: `webContents ${sender.webContentsId} is not a Phantom Cortex window` };
  if (sender.frameUrl === null) return { ok: false, reason: 'the sender frame is gone (navigated away or destroyed)' };
  if (!sender.isMainFrame) return { ok: false, reason: `a sub-frame sent it (${quoteUrl(sender.frameUrl)})` };
  if (!isAppUrl(sender.frameUrl)) return { ok: false, reason: `the sender frame is on a foreign origin (${quoteUrl(sender.frameUrl)})` };
  return { ok: true };
}

/** A URL shortened for a log line, so a hostile page cannot flood the log. */
export function quoteUrl(url: string): string {
  return JSON.stringify(url.length > MAX_LOGGED_URL_CHARS ? `${url.slice(0, MAX_LOGGED_URL_CHARS)}…` : url);
}
