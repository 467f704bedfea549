import { statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import which from 'which';
import { CortexError, type AgentInfo, type ProfileProblem } from '../contract/index.js';
import { BUILTIN_PROFILES, loadCustomProfiles } from './profile-loader.js';
import { LOGIN_SHELL, type AgentProfile } from './profile-schema.js';

/** A profile resolved for this machine: where its command lives, if anywhere. */
export interface ResolvedProfile {
  profile: AgentProfile;
  builtin: boolean;
  /** Absolute path of the executable, or null when it is not on PATH. */
  executable: string | null;
}

/**
 * The agent profiles known to this instance: the built-ins, overridden or extended by
 * the user's `profiles.json`. Re-reads the file and re-checks PATH on every {@link refresh}.
 */
export class AgentRegistry {
  private resolved = new Map<string, ResolvedProfile>();
  private problemList: ProfileProblem[] = [];
  /** mtime (ms) of the profiles file at the last refresh; -1 when it did not exist. */
  private fileMtime = -1;
  /** Refreshes started, and the number of the one whose result is held (a later start wins). */
  private refreshesStarted = 0;
  private refreshApplied = 0;

  /**
   * @param profilesFile absolute path of the custom profiles file (need not exist)
   * @param env environment whose PATH and SHELL are used for lookups
   */
  constructor(
    private readonly profilesFile: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.refresh();
  }

  /** Reloads the custom profiles file and re-resolves every command on PATH. */
  refresh(): void {
    const n = ++this.refreshesStarted;
    const mtime = this.currentMtime();
    const custom = loadCustomProfiles(this.profilesFile);
    const all = this.withBuiltins(custom.profiles);
    this.apply(n, mtime, custom.problems, all, all.map((r) => this.lookup(r.profile.command)));
  }

  /**
   * {@link refresh} without blocking the event loop for the PATH lookups: every command is
   * looked up at once with asynchronous file checks (a synchronous lookup stats each PATH
   * folder in turn; 10–43 ms for the built-ins on a loaded machine, while a page's first
   * calls and its static files waited). When refreshes overlap, the one started last is kept.
   */
  async refreshAsync(): Promise<void> {
    const n = ++this.refreshesStarted;
    const mtime = this.currentMtime();
    const custom = loadCustomProfiles(this.profilesFile);
    const all = this.withBuiltins(custom.profiles);
    const found = await Promise.all(all.map((r) => this.lookupAsync(r.profile.command)));
    this.apply(n, mtime, custom.problems, all, found);
  }

  /** The built-ins, then the custom profiles (a custom one replaces the built-in of its id). */
  private withBuiltins(custom: AgentProfile[]): { profile: AgentProfile; builtin: boolean }[] {
    const byId = new Map<string, { profile: AgentProfile; builtin: boolean }>();
    for (const p of BUILTIN_PROFILES) byId.set(p.id, { profile: p, builtin: true });
    for (const p of custom) byId.set(p.id, { profile: p, builtin: false });
    return [...byId.values()];
  }

  /** Holds the result of refresh number `n` unless a later-started one is held already. */
  private apply(n: number, mtime: number, problems: ProfileProblem[], all: { profile: AgentProfile; builtin: boolean }[], found: (string | null)[]): void {
    if (n < this.refreshApplied) return;
    this.refreshApplied = n;
    this.fileMtime = mtime;
    this.resolved = new Map(all.map((r, i) => [r.profile.id, { ...r, executable: found[i] ?? null }]));
    this.problemList = problems;
  }

  /** Problems found in the custom profiles file at the last refresh. */
  get problems(): ProfileProblem[] {
    return this.problemList;
  }

  /** Every profile (built-in and custom) as data, custom ones replacing built-ins of the same id. */
  profiles(): AgentProfile[] {
    return [...this.resolved.values()].map((r) => r.profile);
  }

  /** Every profile as the UI shows it (less its breaker): installed ones first, then by name. */
  list(): AgentListing[] {
    return [...this.resolved.values()]
      .map((r) => toInfo(r))
      .sort((a, b) => Number(b.installed) - Number(a.installed) || a.name.localeCompare(b.name));
  }

  /**
   * The profile `id`, ready to spawn.
   * @throws CortexError `AGENT_UNKNOWN` when no such profile exists,
   *   `AGENT_NOT_INSTALLED` when its command is not on PATH (the message carries the install command).
   */
  require(id: string): ResolvedProfile & { executable: string } {
    if (this.currentMtime() !== this.fileMtime) this.refresh(); // the user edited profiles.json
    const r = this.resolved.get(id);
    if (!r) {
      const known = [...this.resolved.keys()].join(', ');
      throw new CortexError('AGENT_UNKNOWN', `There is no agent profile "${id}".`, `Known profiles: ${known}.`);
    }
    if (!r.executable) {
      // PATH may have changed since the last refresh (the user just installed it).
      const again = this.lookup(r.profile.command);
      if (again) return { ...r, executable: again };
      throw new CortexError(
        'AGENT_NOT_INSTALLED',
        `${r.profile.name} is not installed: "${r.profile.command}" was not found on PATH.`,
        r.profile.installHint ? `Install it with: ${r.profile.installHint}` : 'Install it, or fix the command in profiles.json.',
      );
    }
    return { ...r, executable: r.executable };
  }

  private currentMtime(): number {
    try {
      return statSync(this.profilesFile).mtimeMs;
    } catch {
      return -1;
    }
  }

  /**
   * The absolute path of a profile's command: a bare name is looked up on PATH; a relative
   * path (`bin/agent`, `./agent`) is taken from the folder of profiles.json, where it was
   * written, so it is checked and run as the same file whatever the session's folder.
   */
  private lookup(command: string): string | null {
    const found = which.sync(this.commandPath(command), { nothrow: true, path: this.env['PATH'] ?? '' });
    return found ? resolve(found) : null;
  }

  /** {@link lookup} with asynchronous file checks. */
  private async lookupAsync(command: string): Promise<string | null> {
    const found = await which(this.commandPath(command), { nothrow: true, path: this.env['PATH'] ?? '' });
    return found ? resolve(found) : null;
  }

  /** The command to look up: the login shell for LOGIN_SHELL, a relative path from profiles.json's folder. */
  private commandPath(command: string): string {
    const cmd = command === LOGIN_SHELL ? loginShell(this.env) : command;
    return /[\\/]/.test(cmd) && !isAbsolute(cmd) ? resolve(dirname(this.profilesFile), cmd) : cmd;
  }
}

/** The user's login shell: `$SHELL`, else `/bin/sh` (POSIX) or `%COMSPEC%` (Windows). */
export function loginShell(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') return env['COMSPEC'] || 'powershell.exe';
  return env['SHELL'] || '/bin/sh';
}

/** An agent as listed by the registry; the service adds its circuit breaker. */
export type AgentListing = Omit<AgentInfo, 'breaker'>;

function toInfo(r: ResolvedProfile): AgentListing {
  const p = r.profile;
  return {
    id: p.id,
    name: p.name,
    command: p.command,
    args: p.args,
    builtin: r.builtin,
    installed: r.executable !== null,
    resolvedPath: r.executable,
    installHint: p.installHint,
    signInHint: p.signInHint,
    ...(p.homepage ? { homepage: p.homepage } : {}),
    promptMode: p.promptMode,
  };
}
