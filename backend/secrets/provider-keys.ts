import { API_KEY_PROVIDERS, CortexError, KEY_VISIBLE_CHARS, type ApiKeyProvider, type ProviderKeyInfo } from '../contract/index.js';
import type { Keychain } from './keychain.js';

/** What an agent profile says about the keys it reads (its `apiKeys`). */
export interface KeyedProfile {
  id: string;
  apiKeys: readonly { provider: ApiKeyProvider; env: string }[];
}

/** Why storing is refused without a keychain, for the error's hint and `keys.list`. */
export const NO_KEYCHAIN_HINT =
  'Start a Secret Service (gnome-keyring or KWallet) on Linux, or use the macOS Keychain / Windows Credential Manager; ' +
  'until then give the agent its key through your own environment. Keys are never stored in plain text.';

/**
 * Provider API keys kept in the OS keychain and handed to agents at launch. A client only
 * ever learns whether a key is set and its last 4 characters; the key itself leaves this
 * object only in {@link envFor}, into the environment of an agent's process.
 */
export class ProviderKeys {
  constructor(
    private readonly keychain: Keychain,
    /** The agent profiles now (their `apiKeys`). */
    private readonly profiles: () => readonly KeyedProfile[],
  ) {}

  /** Whether the keychain answers, and why not when it does not. Never throws. */
  availability(): { available: boolean; reason: string | null } {
    try {
      this.keychain.get('availability-probe');
      return { available: true, reason: null };
    } catch (err) {
      return { available: false, reason: `No OS keychain could be reached (${(err as Error).message}). ${NO_KEYCHAIN_HINT}` };
    }
  }

  /** Every provider's state; unreadable keys read as not set. Never throws. */
  list(): ProviderKeyInfo[] {
    return API_KEY_PROVIDERS.map((p) => {
      try {
        return this.info(p, this.keychain.get(p));
      } catch {
        return this.info(p, null);
      }
    });
  }

  /**
   * Stores a key (already validated by the contract's schema).
   * @throws CortexError KEYCHAIN_UNAVAILABLE when no keychain can be reached
   */
  set(provider: ApiKeyProvider, key: string): ProviderKeyInfo {
    this.guard(() => this.keychain.set(provider, key));
    return this.info(provider, key);
  }

  /** Removes a key. @throws CortexError KEYCHAIN_UNAVAILABLE when no keychain can be reached */
  clear(provider: ApiKeyProvider): ProviderKeyInfo {
    this.guard(() => this.keychain.delete(provider));
    return this.info(provider, null);
  }

  /**
   * The environment variables a profile's launch gets: for each of its `apiKeys` whose
   * provider has a stored key, `env` → the key. An unreachable keychain gives none (the agent
   * starts with the user's own environment, as without the cockpit). Never throws.
   */
  envFor(profile: Pick<KeyedProfile, 'apiKeys'>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const { provider, env } of profile.apiKeys) {
      try {
        const key = this.keychain.get(provider);
        if (key) out[env] = key;
      } catch {
        /* no keychain: the user's own environment applies */
      }
    }
    return out;
  }

  private info(provider: ApiKeyProvider, key: string | null): ProviderKeyInfo {
    const agents = this.profiles().flatMap((p) => p.apiKeys.filter((k) => k.provider === provider).map((k) => ({ agent: p.id, env: k.env })));
    return { provider, set: key !== null, last4: key === null ? null : key.slice(-KEY_VISIBLE_CHARS), agents };
  }

  private guard(op: () => unknown): void {
    try {
      op();
    } catch (err) {
      throw new CortexError('KEYCHAIN_UNAVAILABLE', `No OS keychain could be reached, so the key was not stored (${(err as Error).message}).`, NO_KEYCHAIN_HINT);
    }
  }
}
