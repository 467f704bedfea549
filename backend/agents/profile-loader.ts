import { readFileSync } from 'node:fs';
import type { ProfileProblem } from '../contract/index.js';
import builtinFile from './builtin-profiles.json' with { type: 'json' };
import { AgentProfileSchema, ProfilesFileSchema, type AgentProfile } from './profile-schema.js';

/** The built-in profiles, checked against the schema once at load. */
export const BUILTIN_PROFILES: readonly AgentProfile[] = builtinFile.profiles.map((p) => AgentProfileSchema.parse(p));

/** Result of reading a custom profiles file: the valid profiles and every problem found. */
export interface LoadedProfiles {
  profiles: AgentProfile[];
  problems: ProfileProblem[];
}

/**
 * Reads the user's custom profiles file (`{ "profiles": [ ... ] }`).
 * A missing file is no problem. Unreadable or malformed JSON yields one problem for the
 * whole file; an invalid entry yields one problem per field at fault and is skipped,
 * while the valid entries still load. Never throws.
 * @param file absolute path of `profiles.json`
 */
export function loadCustomProfiles(file: string): LoadedProfiles {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: [], problems: [] };
    return { profiles: [], problems: [{ file, field: '', message: `cannot be read: ${(err as Error).message}` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { profiles: [], problems: [{ file, field: '', message: `is not valid JSON: ${(err as Error).message}` }] };
  }
  const top = ProfilesFileSchema.safeParse(json);
  if (!top.success) return { profiles: [], problems: issuesToProblems(file, [], top.error.issues) };

  const profiles: AgentProfile[] = [];
  const problems: ProfileProblem[] = [];
  const seen = new Set<string>();
  top.data.profiles.forEach((entry, i) => {
    const parsed = AgentProfileSchema.safeParse(entry);
    if (!parsed.success) {
      problems.push(...issuesToProblems(file, ['profiles', i], parsed.error.issues));
    } else if (seen.has(parsed.data.id)) {
      problems.push({ file, field: `profiles.${i}.id`, message: `duplicate id "${parsed.data.id}"; the first one is used` });
    } else {
      seen.add(parsed.data.id);
      profiles.push(parsed.data);
    }
  });
  return { profiles, problems };
}

function issuesToProblems(
  file: string,
  prefix: (string | number)[],
  issues: readonly { path: PropertyKey[]; message: string }[],
): ProfileProblem[] {
  return issues.map((iss) => ({
    file,
    field: [...prefix, ...iss.path].map(String).join('.'),
    message: iss.message,
  }));
}
