import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Directory names never walked nor watched, whatever `.gitignore` says. */
export const ALWAYS_IGNORED_DIRS: ReadonlySet<string> = new Set(['.git', '.hg', '.svn']);

/**
 * The `.gitignore` rules of one tree: one rule set per directory that has a `.gitignore`,
 * applied git's way (a deeper file's rules come later and win; a path under an ignored
 * directory stays ignored). Paths are relative to the root, `/`-separated.
 *
 * The walker feeds each directory's rules as it reads them ({@link setLevel}); a directory
 * not fed yet (a watcher event outside the walked part) is loaded from disk on demand.
 * Not covered: `.git/info/exclude` and the user's global excludes file.
 */
export class GitignoreRules {
  /** Rules per directory (rel path, '' = root); `null` = no `.gitignore` there. */
  private readonly levels = new Map<string, Ignore | null>();
  /** The `.gitignore` text each level was built from. */
  private readonly texts = new Map<string, string | null>();
  /** Memo: is this directory (rel path) ignored? */
  private readonly dirMemo = new Map<string, boolean>();

  constructor(readonly root: string) {}

  /** Sets the rules of directory `relDir` from its `.gitignore` content (`null` = none). */
  setLevel(relDir: string, content: string | null): void {
    if (this.levels.has(relDir) && this.texts.get(relDir) === content) return;
    if (this.levels.has(relDir)) this.dirMemo.clear(); // the rules changed: verdicts may too
    this.texts.set(relDir, content);
    this.levels.set(relDir, content === null ? null : ignore({ allowRelativePaths: true }).add(content));
  }

  /** Forgets every loaded rule set (after a `.gitignore` changed). */
  reset(): void {
    this.levels.clear();
    this.texts.clear();
    this.dirMemo.clear();
  }

  /**
   * True when `rel` (a path relative to the root) is ignored: it or a directory above it is
   * matched by the `.gitignore` rules in force, or it lies under `.git`.
   * @param isDir whether `rel` is a directory (matters for patterns ending in `/`)
   */
  isIgnored(rel: string, isDir: boolean): boolean {
    if (rel === '' || rel === '.') return false;
    const parts = rel.split('/');
    let prefix = '';
    for (let i = 0; i < parts.length - 1; i++) {
      prefix = i === 0 ? parts[0]! : `${prefix}/${parts[i]}`;
      if (this.dirIgnored(prefix)) return true;
    }
    return isDir ? this.dirIgnored(rel) : this.matches(rel, false);
  }

  private dirIgnored(relDir: string): boolean {
    let v = this.dirMemo.get(relDir);
    if (v === undefined) {
      const name = relDir.slice(relDir.lastIndexOf('/') + 1);
      v = ALWAYS_IGNORED_DIRS.has(name) || this.matches(relDir, true);
      this.dirMemo.set(relDir, v);
    }
    return v;
  }

  /** Applies the rule sets of every directory above `rel`, root first; the last verdict wins. */
  private matches(rel: string, isDir: boolean): boolean {
    let ignored = false;
    let dir = '';
    let rest = rel;
    for (;;) {
      const ig = this.level(dir);
      if (ig) {
        const r = ig.test(isDir ? `${rest}/` : rest);
        if (r.ignored) ignored = true;
        else if (r.unignored) ignored = false;
      }
      const slash = rest.indexOf('/');
      if (slash < 0) return ignored;
      dir = dir === '' ? rest.slice(0, slash) : `${dir}/${rest.slice(0, slash)}`;
      rest = rest.slice(slash + 1);
    }
  }

  private level(relDir: string): Ignore | null {
    let ig = this.levels.get(relDir);
    if (ig === undefined) {
      let content: string | null = null;
      try {
        content = readFileSync(join(this.root, relDir, '.gitignore'), 'utf8');
      } catch {
        content = null;
      }
      this.setLevel(relDir, content);
      ig = this.levels.get(relDir)!;
    }
    return ig;
  }
}
