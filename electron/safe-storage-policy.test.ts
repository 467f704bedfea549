import { describe, expect, it } from 'vitest';
import { safeStorageRefusal } from './safe-storage-policy.js';

describe('safeStorageRefusal: where the desktop app may seal provider keys', () => {
  it.each([
    ['darwin', true, null, null],
    ['win32', true, null, null],
    ['linux', true, 'gnome_libsecret', null],
    ['linux', true, 'kwallet5', null],
    ['linux', true, 'kwallet6', null],
    ['linux', true, 'basic_text', 'basic_text'],
    ['linux', true, 'unknown', 'unknown'],
    ['linux', true, null, 'none'],
    ['darwin', false, null, 'cannot encrypt'],
    ['win32', false, null, 'cannot encrypt'],
    ['linux', false, 'gnome_libsecret', 'cannot encrypt'],
  ] as const)('%s, encryption available %s, backend %s → %s', (platform, encryptionAvailable, linuxBackend, refusal) => {
    const reason = safeStorageRefusal({ platform, encryptionAvailable, linuxBackend });
    if (refusal === null) expect(reason).toBeNull();
    else expect(reason).toContain(refusal);
  });
});
