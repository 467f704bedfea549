import * as z from 'zod';
import { NoParamsSchema } from './schema-parts.js';

/** Methods about the running instance itself. */
export const APP_METHODS = {
  'app.info': {
    params: NoParamsSchema,
    result: z.object({
      version: z.string(),
      dataDir: z.string(),
      platform: z.string(),
      homeDir: z.string(),
    }),
  },
} as const;
