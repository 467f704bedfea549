import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AGENT_STATES } from '../../backend/status/status-types.js';

/**
 * A recorded real screen with a person's reading of it: what the program was doing
 * (`label.state`) and, when it asked something, the line that asks (`label.ask`).
 * `screen` is the mirror's snapshot as the classifier reads it (text, row styles, cursor);
 * `serialized` the mirror's serialized terminal (ANSI, attributes included) for replay.
 */
export const StatusFixtureSchema = z.object({
  cli: z.string(),
  version: z.string(),
  /** The built-in profile whose patterns apply. */
  profile: z.string(),
  label: z.object({ state: z.enum(AGENT_STATES), ask: z.string().optional(), note: z.string() }),
  screen: z.object({
    lines: z.array(z.string()),
    cursorX: z.number().int(),
    cursorY: z.number().int(),
    alternate: z.boolean(),
    styles: z.array(z.string()).optional(),
    cursorStyle: z.string().optional(),
    cursorHidden: z.boolean().optional(),
  }),
  serialized: z.string(),
});
export type StatusFixture = z.infer<typeof StatusFixtureSchema> & { file: string };

/**
 * Every fixture under `root` (`<cli>@<version>/<name>.json`), sorted by path.
 * @throws Error naming the file when one does not match {@link StatusFixtureSchema}
 */
export function loadStatusFixtures(root: string): StatusFixture[] {
  const out: StatusFixture[] = [];
  let dirs: string[] = [];
  try {
    dirs = readdirSync(root).sort();
  } catch {
    return out;
  }
  for (const d of dirs) {
    for (const f of readdirSync(join(root, d)).filter((x) => x.endsWith('.json')).sort()) {
      const file = join(root, d, f);
      const parsed = StatusFixtureSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success) throw new Error(`${file} is not a status fixture: ${parsed.error.message}`);
      out.push({ ...parsed.data, file: `${d}/${f}` });
    }
  }
  return out;
}
