import { describe, expect, it } from 'vitest';
import { planWatch } from './watch-policy.js';

describe('planWatch', () => {
  const base = { entries: 100, complete: true, maxEntries: 1000 } as const;

  it('macOS and Windows watch any tree with one recursive OS watch, even one too large to walk whole', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      expect(planWatch({ ...base, platform })).toEqual({ mode: 'recursive', reason: null });
      expect(planWatch({ ...base, platform, entries: 5_000_000 })).toEqual({ mode: 'recursive', reason: null });
      expect(planWatch({ ...base, platform, complete: false })).toEqual({ mode: 'recursive', reason: null });
    }
  });

  it('elsewhere a tree up to the cap is watched per entry, and one over it (or walked partly) is not, saying why', () => {
    for (const platform of ['linux', 'freebsd'] as const) {
      expect(planWatch({ ...base, platform })).toEqual({ mode: 'per-entry', reason: null });
      expect(planWatch({ ...base, platform, entries: 1000 })).toEqual({ mode: 'per-entry', reason: null });
      expect(planWatch({ ...base, platform, entries: 1001 })).toEqual({ mode: 'none', reason: 'folder too large (1001 files and folders, more than 1000)' });
      expect(planWatch({ ...base, platform, entries: 400, complete: false })).toEqual({
        mode: 'none',
        reason: 'folder too large (over 400 files and folders; the walk stopped at its budget)',
      });
    }
  });

  it('watching switched off wins everywhere', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(planWatch({ ...base, platform, disabled: true })).toEqual({ mode: 'none', reason: 'watching is off' });
    }
  });
});
