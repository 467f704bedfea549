/**
 * What Electron's `safeStorage` reports about itself, as plain data (so the rule below is
 * testable without Electron): `getSelectedStorageBackend()` exists on Linux only.
 */
export interface SafeStorageState {
  platform: NodeJS.Platform;
  /** `safeStorage.isEncryptionAvailable()`. */
  encryptionAvailable: boolean;
  /** `safeStorage.getSelectedStorageBackend()` on Linux (e.g. `gnome_libsecret`, `kwallet5`, `basic_text`); null elsewhere. */
  linuxBackend: string | null;
}

/** Linux backends that keep the encryption key nowhere safe (Electron's docs for `getSelectedStorageBackend`). */
const PLAIN_TEXT_BACKENDS = new Set(['basic_text', 'unknown']);

/**
 * Why provider keys must not be stored through `safeStorage` here, or null when they may.
 * Refused when encryption is unavailable, and on Linux when no keyring holds the key:
 * `basic_text` seals with a password hard-coded in Chromium, which is plain text in effect.
 * Pure; never throws.
 */
export function safeStorageRefusal(s: SafeStorageState): string | null {
  if (!s.encryptionAvailable) return 'Electron safeStorage cannot encrypt on this machine (no OS keychain answered)';
  if (s.platform === 'linux' && (s.linuxBackend === null || PLAIN_TEXT_BACKENDS.has(s.linuxBackend))) {
    return `Electron safeStorage has no keyring to hold its key (backend "${s.linuxBackend ?? 'none'}"): start gnome-keyring or KWallet and restart the app`;
  }
  return null;
}
