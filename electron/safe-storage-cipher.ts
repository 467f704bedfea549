import { safeStorage } from 'electron';
import { SecretCipher } from '../backend/secrets/encrypted-file-keychain.js';
import { safeStorageRefusal } from './safe-storage-policy.js';

/**
 * The desktop app's {@link SecretCipher}: Electron's `safeStorage` (Keychain on macOS, DPAPI
 * on Windows, the Secret Service or KWallet on Linux), refusing where it would fall back to
 * plain text ({@link safeStorageRefusal}). Usable only after the app's `ready` event.
 */
export class SafeStorageCipher extends SecretCipher {
  unavailableReason(): string | null {
    try {
      return safeStorageRefusal({
        platform: process.platform,
        encryptionAvailable: safeStorage.isEncryptionAvailable(),
        linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
      });
    } catch (err) {
      return `Electron safeStorage cannot be asked (${(err as Error).message})`;
    }
  }

  /** @throws Error when encryption is unavailable */
  encrypt(plain: string): Buffer {
    return safeStorage.encryptString(plain);
  }

  /** @throws Error when the bytes were not sealed for this user on this machine */
  decrypt(sealed: Buffer): string {
    return safeStorage.decryptString(sealed);
  }
}
