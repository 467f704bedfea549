import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { BRIDGE_KEY } from '@contract';
import { isMac } from '../consoles/keys';
import { COMMANDS, commandForKey, noteRecent, shortcutOf, type CommandDef, type CommandId, type Keymap } from './commands';

/** localStorage key of the recently run commands (most recent first). */
const RECENT_STORAGE_KEY = 'cortex.recentCommands';

/** What a command does when run; returns nothing, may be async. */
export type CommandHandler = () => void | Promise<void>;

/**
 * Runs the cockpit's commands ({@link COMMANDS}): from their shortcuts (one capture-phase
 * keydown listener on the document, so a focused terminal cannot swallow them), from the
 * command palette and from the shortcuts help. Handlers are registered by the components
 * that own the actions. Remembers the recently run commands for the palette.
 * The keymap is `desktop` inside the Electron app (its preload bridge is present), else
 * `browser`.
 */
@Injectable({ providedIn: 'root' })
export class CommandService {
  private readonly handlers = new Map<CommandId, CommandHandler>();
  private readonly recentSignal = signal<CommandId[]>(readRecent());
  /** Which host's keymap applies. */
  readonly keymap: Keymap = BRIDGE_KEY in window ? 'desktop' : 'browser';
  readonly mac = isMac();
  /** Recently run commands, most recent first. */
  readonly recent = this.recentSignal.asReadonly();
  /** While true (a dialog is open), only commands in {@link DIALOG_SAFE} run from keys. */
  private blocked: () => boolean = () => false;

  constructor() {
    const handler = (e: KeyboardEvent) => this.onKey(e);
    document.addEventListener('keydown', handler, { capture: true });
    inject(DestroyRef).onDestroy(() => document.removeEventListener('keydown', handler, { capture: true }));
  }

  /** Registers what a command does (replacing an earlier handler). */
  register(id: CommandId, run: CommandHandler): void {
    this.handlers.set(id, run);
  }

  /** Registers several handlers at once. */
  registerAll(map: Partial<Record<CommandId, CommandHandler>>): void {
    for (const [id, run] of Object.entries(map)) if (run) this.register(id as CommandId, run);
  }

  /** Key commands other than the always-safe ones do nothing while `blocked()` (a dialog is open). */
  blockWhile(blocked: () => boolean): void {
    this.blocked = blocked;
  }

  /**
   * Runs a command and remembers it as recent. Unknown or unregistered ids do nothing. The
   * palette itself is not remembered: it never lists itself, and opening it must not push a
   * command out of the few remembered (RECENT_COMMANDS_MAX).
   */
  run(id: CommandId): void {
    const run = this.handlers.get(id);
    if (!run) return;
    if (id === 'palette.open') {
      void Promise.resolve(run()).catch(() => undefined);
      return;
    }
    this.recentSignal.set(noteRecent(this.recentSignal(), id));
    try {
      localStorage.setItem(RECENT_STORAGE_KEY, JSON.stringify(this.recentSignal()));
    } catch {
      // Not remembered; the command still ran.
    }
    void Promise.resolve(run()).catch(() => undefined);
  }

  /** The shortcut label of a command in this keymap ('' when it has none). */
  shortcut(id: CommandId): string {
    return shortcutOf(id, this.keymap, this.mac);
  }

  /** Commands that have a handler, in table order. */
  available(): CommandDef[] {
    return COMMANDS.filter((c) => this.handlers.has(c.id));
  }

  private onKey(e: KeyboardEvent): void {
    if (e.repeat && e.code !== 'F6') return;
    const cmd = commandForKey(e, this.keymap, this.mac);
    // Terminal commands are run by the focused terminal's own key handler.
    if (!cmd || cmd.scope === 'terminal' || !this.handlers.has(cmd.id)) return;
    if (this.blocked() && !DIALOG_SAFE.has(cmd.id)) {
      // Keep the browser from acting on keys the app owns, but leave dialogs alone.
      if (cmd.id === 'session.new' || cmd.id === 'task.new') e.preventDefault();
      return;
    }
    e.preventDefault();
    e.stopPropagation();
    this.run(cmd.id);
  }
}

/** Commands whose keys work while a dialog is open: none yet (dialogs own the keyboard). */
const DIALOG_SAFE = new Set<CommandId>();

function readRecent(): CommandId[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(RECENT_STORAGE_KEY) ?? '[]');
    const known = new Set(COMMANDS.map((c) => c.id));
    return Array.isArray(raw) ? raw.filter((x): x is CommandId => known.has(x as CommandId)) : [];
  } catch {
    return [];
  }
}
