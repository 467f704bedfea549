import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp.js';
import { EncryptedFileKeychain, SecretCipher } from './encrypted-file-keychain.js';
import { ProviderKeys } from './provider-keys.js';

/**
 * AES-256-GCM under a key of its own: what Electron's safeStorage does with a key held by the
 * OS keychain (the desktop app's cipher cannot run without Electron). `reason` makes it refuse.
 */
class AesCipher extends SecretCipher {
  private readonly key = randomBytes(32);
  constructor(private readonly reason: string | null = null) {
    super();
  }
  unavailableReason(): string | null {
    return this.reason;
  }
  encrypt(plain: string): Buffer {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }
  decrypt(sealed: Buffer): string {
    const d = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12));
    d.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
  }
}

const KEY = 'sk-ant-api03-SEALEDabcdefgh1234wxyz';
const profiles = () => [{ id: 'claude', apiKeys: [{ provider: 'anthropic' as const, env: 'ANTHROPIC_API_KEY' }] }];

describe('provider keys sealed by the OS in a private file (the desktop app)', () => {
  it('keeps the key sealed in a 0600 file, shows only its last 4, and hands it to the agent', () => {
    const { dir } = tempDir('sealed-keys-');
    const file = join(dir, 'keys.json');
    const keys = new ProviderKeys(new EncryptedFileKeychain(file, new AesCipher()), profiles);
    expect(keys.availability()).toEqual({ available: true, reason: null });
    expect(keys.set('anthropic', KEY)).toMatchObject({ set: true, last4: 'wxyz' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(KEY.slice(0, 12));
    expect(keys.list().find((k) => k.provider === 'anthropic')).toMatchObject({ set: true, last4: 'wxyz' });
    expect(keys.envFor(profiles()[0]!)).toEqual({ ANTHROPIC_API_KEY: KEY });
    expect(keys.clear('anthropic')).toMatchObject({ set: false, last4: null });
    expect(keys.envFor(profiles()[0]!)).toEqual({});
  });

  it('refuses to store where the OS cannot seal, and writes nothing', () => {
    const { dir } = tempDir('sealed-keys-');
    const file = join(dir, 'keys.json');
    const keys = new ProviderKeys(new EncryptedFileKeychain(file, new AesCipher('no keyring holds the key (backend "basic_text")')), profiles);
    expect(keys.availability()).toMatchObject({ available: false, reason: expect.stringContaining('basic_text') });
    expect(() => keys.set('anthropic', KEY)).toThrow(expect.objectContaining({ code: 'KEYCHAIN_UNAVAILABLE' }));
    expect(existsSync(file)).toBe(false);
  });

  it('reads a file sealed for another user as no key, and names a corrupt file', () => {
    const { dir } = tempDir('sealed-keys-');
    const file = join(dir, 'keys.json');
    new EncryptedFileKeychain(file, new AesCipher()).set('anthropic', KEY);
    const other = new ProviderKeys(new EncryptedFileKeychain(file, new AesCipher()), profiles);
    expect(other.list().find((k) => k.provider === 'anthropic')).toMatchObject({ set: false });
    expect(other.envFor(profiles()[0]!)).toEqual({});

    writeFileSync(file, '{"version":1,"entries":');
    expect(() => new EncryptedFileKeychain(file, new AesCipher()).get('anthropic')).toThrow(file);
    expect(() => new ProviderKeys(new EncryptedFileKeychain(file, new AesCipher()), profiles).set('anthropic', KEY)).toThrow(
      expect.objectContaining({ code: 'KEYCHAIN_UNAVAILABLE' }),
    );
  });
});
