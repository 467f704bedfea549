import * as z from 'zod';
import { NoParamsSchema, OkSchema } from './schema-parts.js';

/** A process a crashed run left behind, still alive. */
export const OrphanSchema = z.object({
  pid: z.number().int(),
  sessionId: z.string(),
  /** The process's command line, as the OS reports it. */
  command: z.string(),
});
export type Orphan = z.infer<typeof OrphanSchema>;

/** Methods of the orphans namespace. */
export const ORPHANS_METHODS = {
  /** Processes that a crashed run left alive (looked up at start). */
  'orphans.list': { params: NoParamsSchema, result: z.array(OrphanSchema) },
  /** Ends an orphan's process tree. Only pids listed by `orphans.list` are accepted. */
  'orphans.kill': { params: z.object({ pid: z.number().int().positive() }).strict(), result: OkSchema },
} as const;
