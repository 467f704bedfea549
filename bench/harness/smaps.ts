/**
 * Kinds of memory mapping a Node process has, as told apart from `/proc/<pid>/smaps` alone:
 * - `[heap]`: the main thread's glibc malloc heap (brk), where its C++ objects and Buffer bytes live;
 * - `thread arenas`: anonymous mappings starting on a {@link GLIBC_ARENA_BYTES} boundary,
 *   glibc's per-thread malloc arenas (worker threads, V8's and libuv's helper threads);
 * - `256 KiB pages`: other anonymous mappings starting on a {@link V8_PAGE_BYTES} boundary
 *   and a whole number of them long: V8's heap pages (every isolate's), most likely;
 * - `other anonymous`: the rest (large malloc blocks mmap'd on their own, thread stacks);
 * - `files`: mappings of a file (code, data, shared libraries).
 */
export type MappingKind = '[heap]' | 'thread arenas' | '256 KiB pages' | 'other anonymous' | 'files';

/** glibc reserves each per-thread arena as this many bytes, aligned to it (HEAP_MAX_SIZE on 64-bit). */
const GLIBC_ARENA_BYTES = 64 * 2 ** 20;
/** V8's regular heap page, bytes, aligned to its size (kPageSize in V8's heap). */
const V8_PAGE_BYTES = 256 * 2 ** 10;

/** One mapping's header line: `start-end perms offset dev inode [name]`. */
const HEADER = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/;

function kindOf(start: bigint, end: bigint, name: string): MappingKind {
  if (name === '[heap]') return '[heap]';
  if (name.startsWith('/')) return 'files';
  if (name !== '') return 'other anonymous'; // [stack], [vvar], [anon:…]
  if (start % BigInt(GLIBC_ARENA_BYTES) === 0n) return 'thread arenas';
  const page = BigInt(V8_PAGE_BYTES);
  if (start % page === 0n && (end - start) % page === 0n) return '256 KiB pages';
  return 'other anonymous';
}

/**
 * Resident bytes of each {@link MappingKind} in an smaps text (`/proc/<pid>/smaps`).
 * @returns bytes by kind (kinds with no mapping are absent)
 */
export function residentByKind(smaps: string): Map<MappingKind, number> {
  const out = new Map<MappingKind, number>();
  let kind: MappingKind | null = null;
  for (const line of smaps.split('\n')) {
    const h = HEADER.exec(line);
    if (h) {
      kind = kindOf(BigInt(`0x${h[1]}`), BigInt(`0x${h[2]}`), h[3]!);
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && kind) out.set(kind, (out.get(kind) ?? 0) + Number(rss[1]) * 1024);
  }
  return out;
}

/**
 * Growth of each kind's resident bytes from `before` to `after` (both smaps texts), largest
 * growth first.
 * @returns [kind, bytes] pairs; negative bytes for a kind that shrank
 */
export function residentGrowthByKind(before: string, after: string): [MappingKind, number][] {
  const a = residentByKind(before);
  const b = residentByKind(after);
  const kinds = new Set([...a.keys(), ...b.keys()]);
  return [...kinds].map((k): [MappingKind, number] => [k, (b.get(k) ?? 0) - (a.get(k) ?? 0)]).sort((x, y) => y[1] - x[1]);
}
