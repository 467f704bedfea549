import * as z from 'zod';

/** A non-empty id of a project, session, task or agent profile. */
export const IdSchema = z.string().min(1);
/** Params of a method that takes none: an empty object, extra keys refused. */
export const NoParamsSchema = z.object({}).strict();
/** Result of a method that only confirms. */
export const OkSchema = z.object({ ok: z.literal(true) });
