import type { DirNode } from '../cache/tree-snapshot.js';
import { languageOf } from './languages.js';

/** Totals of a subtree. `maxDepth` is absolute (root = 0). Bytes are file sizes. */
export interface TreeSummary {
  readonly files: number;
  readonly dirs: number;
  readonly bytes: number;
  readonly maxDepth: number;
  readonly languages: ReadonlyMap<string, { files: number; bytes: number }>;
}

/** Memo on node identity: snapshot nodes are immutable, a refresh replaces changed ones. */
const memo = new WeakMap<DirNode, TreeSummary>();

/**
 * Totals of the subtree under `node`, memoized per node, so after an incremental refresh only
 * the re-read directories and their ancestors are summed again.
 */
export function summarize(node: DirNode): TreeSummary {
  const hit = memo.get(node);
  if (hit) return hit;
  let files = 0;
  let bytes = 0;
  let dirs = 0;
  let maxDepth = node.depth;
  const languages = new Map<string, { files: number; bytes: number }>();
  for (const [name, f] of node.files) {
    files++;
    bytes += f.size;
    const lang = f.link ? undefined : languageOf(name);
    if (lang) add(languages, lang, 1, f.size);
  }
  for (const child of node.dirs.values()) {
    const s = summarize(child);
    files += s.files;
    bytes += s.bytes;
    dirs += s.dirs + 1;
    if (s.maxDepth > maxDepth) maxDepth = s.maxDepth;
    for (const [lang, v] of s.languages) add(languages, lang, v.files, v.bytes);
  }
  const summary: TreeSummary = { files, dirs, bytes, maxDepth, languages };
  memo.set(node, summary);
  return summary;
}

function add(m: Map<string, { files: number; bytes: number }>, lang: string, files: number, bytes: number): void {
  const v = m.get(lang);
  if (v) {
    v.files += files;
    v.bytes += bytes;
  } else m.set(lang, { files, bytes });
}
