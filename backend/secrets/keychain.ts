import { Entry } from '@napi-rs/keyring';

/**
 * Where secrets are kept: the OS keychain, never a file of ours. A DI contract so the
 * provider-key logic does not depend on the binding.
 */
export abstract class Keychain {
  /**
   * The secret stored for `account`, or null when there is none.
   * @throws Error when no keychain can be reached
   */
  abstract get(account: string): string | null;
  /** Stores (or replaces) a secret. @throws Error when no keychain can be reached */
  abstract set(account: string, secret: string): void;
  /** Removes a secret; true when one was stored. @throws Error when no keychain can be reached */
  abstract delete(account: string): boolean;
}

/**
 * The OS keychain through `@napi-rs/keyring` (the Rust `keyring` crate): the Secret Service
 * over D-Bus on Linux (gnome-keyring, KWallet; required: the kernel keyutils fallback loses keys at reboot), Keychain on macOS, Credential Manager on
 * Windows. Works the same in browser mode and in the desktop app's backend. Each data folder
 * has its own service name, so two instances never read each other's keys.
 */
export class OsKeychain extends Keychain {
  constructor(private readonly service: string) {
    super();
  }

  private entry(account: string): Entry {
    // On Linux the binding would fall back to the kernel keyutils keyring when no Secret
    // Service answers; those keys are lost at logout or reboot, so the Secret Service is required.
    return new Entry(this.service, account, { linux: { store: 'secret-service' } });
  }

  get(account: string): string | null {
    return this.entry(account).getPassword() ?? null;
  }

  set(account: string, secret: string): void {
    this.entry(account).setPassword(secret);
  }

  delete(account: string): boolean {
    return this.entry(account).deletePassword();
  }
}
