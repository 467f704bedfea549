import { existsSync, readFileSync } from 'node:fs';
import { writePrivateFile } from '../config/private-file.js';
import { z } from 'zod';
import { Keychain } from './keychain.js';

/**
 * Encryption by the OS for secrets kept in a file: Electron's `safeStorage` in the desktop
 * app (the key lives in Keychain on macOS, DPAPI on Windows, the Secret Service or KWallet on
 * Linux). A DI contract so the file handling does not depend on Electron.
 */
export abstract class SecretCipher {
  /**
   * Why secrets cannot be encrypted here, or null when they can. Never throws.
   * A cipher that would store in plain text (Linux `safeStorage` on `basic_text`) says why here.
   */
  abstract unavailableReason(): string | null;
  /** @throws Error when encryption is unavailable */
  abstract encrypt(plain: string): Buffer;
  /** @throws Error when the bytes were not made by this cipher for this user */
  abstract decrypt(sealed: Buffer): string;
}

/** The file's shape: version 1, each account's secret sealed by the cipher, base64. */
const SealedFileSchema = z.object({ version: z.literal(1), entries: z.record(z.string(), z.string()) });

/**
 * A {@link Keychain} whose secrets are sealed by the OS through a {@link SecretCipher} and kept
 * in one file of the data folder, mode 0600, replaced atomically (write beside, then rename).
 * The file never holds a secret in plain text: with no working cipher every operation throws,
 * which {@link ProviderKeys} turns into `KEYCHAIN_UNAVAILABLE`.
 */
export class EncryptedFileKeychain extends Keychain {
  constructor(
    /** Absolute path of the sealed file (created on the first `set`). */
    private readonly file: string,
    private readonly cipher: SecretCipher,
  ) {
    super();
  }

  /** @throws Error when encryption is unavailable, or the file is unreadable or not ours */
  get(account: string): string | null {
    const sealed = this.read()[account];
    return sealed === undefined ? null : this.cipher.decrypt(Buffer.from(sealed, 'base64'));
  }

  /** @throws Error when encryption is unavailable, or the file cannot be read or written */
  set(account: string, secret: string): void {
    const entries = this.read();
    entries[account] = this.cipher.encrypt(secret).toString('base64');
    this.write(entries);
  }

  /** @throws Error when encryption is unavailable, or the file cannot be read or written */
  delete(account: string): boolean {
    const entries = this.read();
    if (!(account in entries)) return false;
    delete entries[account];
    this.write(entries);
    return true;
  }

  private read(): Record<string, string> {
    const reason = this.cipher.unavailableReason();
    if (reason) throw new Error(reason);
    if (!existsSync(this.file)) return {};
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (err) {
      throw new Error(`${this.file} is not a readable key file (${(err as Error).message}); remove it and set the keys again`);
    }
    const parsed = SealedFileSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`${this.file} is not a key file of this version; remove it and set the keys again`);
    return { ...parsed.data.entries };
  }

  private write(entries: Record<string, string>): void {
    writePrivateFile(this.file, JSON.stringify({ version: 1, entries }) + '\n');
  }
}
