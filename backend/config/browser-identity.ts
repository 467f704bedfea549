import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writePrivateFile } from './private-file.js';
import { join } from 'node:path';
import { z } from 'zod';

/** File in the data dir that keeps browser mode's port and token across restarts. */
export const BROWSER_IDENTITY_FILE = 'browser.json';

/** Length of a fresh token: 32 random bytes, as 64 hex characters. */
const TOKEN_BYTES = 32;

/** What browser mode keeps so an open tab finds the instance again after a restart. */
export const BrowserIdentitySchema = z.object({
  /** The access token every page and WebSocket must carry; kept until rotated. */
  token: z.string().regex(/^[0-9a-f]{32,128}$/),
  /** The port used last (reused when free), or null before the first start. */
  port: z.number().int().min(1).max(65535).nullable(),
});
export type BrowserIdentity = z.infer<typeof BrowserIdentitySchema>;

/** Path of the identity file in `dataDir`. */
export function browserIdentityPath(dataDir: string): string {
  return join(dataDir, BROWSER_IDENTITY_FILE);
}

/** A fresh random token, hex. */
export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('hex');
}

/**
 * The stored identity of this data dir; a missing or damaged file gets a fresh token and
 * no port, written at once (0600). Never returns a token shorter than 32 hex characters.
 * @throws Error when the data dir cannot be written
 */
export function loadBrowserIdentity(dataDir: string): BrowserIdentity {
  try {
    return BrowserIdentitySchema.parse(JSON.parse(readFileSync(browserIdentityPath(dataDir), 'utf8')));
  } catch {
    const fresh: BrowserIdentity = { token: newToken(), port: null };
    saveBrowserIdentity(dataDir, fresh);
    return fresh;
  }
}

/** Writes the identity atomically, readable and writable only by the user (0600). */
export function saveBrowserIdentity(dataDir: string, identity: BrowserIdentity): void {
  writePrivateFile(browserIdentityPath(dataDir), JSON.stringify(identity, null, 2) + '\n');
}

/**
 * Replaces the token with a fresh one (the port is kept). Pages holding the old token are
 * refused from the next start on.
 * @returns the new identity
 */
export function rotateBrowserToken(dataDir: string): BrowserIdentity {
  const next: BrowserIdentity = { ...loadBrowserIdentity(dataDir), token: newToken() };
  saveBrowserIdentity(dataDir, next);
  return next;
}
