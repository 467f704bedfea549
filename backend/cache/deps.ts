import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';

/**
 * A file a cached value was derived from: its absolute path, size (bytes), mtime (ms) and
 * the SHA-1 of its content (hex). `hash` is `null` when the file did not exist (a value
 * may depend on a file's absence, e.g. "no Cargo.toml").
 */
export const FileDepSchema = z.object({
  path: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
  hash: z.string().nullable(),
});
export type FileDep = z.infer<typeof FileDepSchema>;

/**
 * A directory tree a cached value was derived from: its absolute root and the Merkle hash
 * of the tree as walked (honouring `.gitignore`, see `tree-snapshot.ts`).
 */
export const TreeDepSchema = z.object({ root: z.string(), hash: z.string() });
export type TreeDep = z.infer<typeof TreeDepSchema>;

/** Everything a cached value was derived from. */
export const DepsSchema = z.object({
  files: z.array(FileDepSchema).default([]),
  trees: z.array(TreeDepSchema).default([]),
});
export type Deps = z.infer<typeof DepsSchema>;

export const NO_DEPS: Deps = Object.freeze({ files: [], trees: [] }) as Deps;

/** SHA-1 (hex) of a buffer or string. */
export function sha1(data: string | Buffer): string {
  return createHash('sha1').update(data).digest('hex');
}

/**
 * Records a file as a dependency: stat, then hash its content.
 * @param content the content when the caller has already read it (saves a read)
 * @returns a dep with `hash: null` when the file does not exist
 */
export async function captureFileDep(path: string, content?: Buffer): Promise<FileDep> {
  try {
    const st = await stat(path);
    const data = content ?? (await readFile(path));
    return { path, size: st.size, mtimeMs: st.mtimeMs, hash: sha1(data) };
  } catch (err) {
    if (isMissing(err)) return { path, size: -1, mtimeMs: -1, hash: null };
    throw err;
  }
}

/**
 * True when `dep` still describes the file on disk. Cheap first: a stat; the content is
 * hashed only when size or mtime differ from the recorded ones (a touch without a content
 * change keeps the dep valid).
 */
export async function fileDepStillValid(dep: FileDep): Promise<boolean> {
  let st;
  try {
    st = await stat(dep.path);
  } catch (err) {
    if (isMissing(err)) return dep.hash === null;
    throw err;
  }
  if (dep.hash === null) return false;
  if (st.size !== dep.size) return false;
  if (st.mtimeMs === dep.mtimeMs) return true;
  try {
    return sha1(await readFile(dep.path)) === dep.hash;
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}

/** True for ENOENT / ENOTDIR. */
export function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
