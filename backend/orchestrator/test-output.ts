import { stripVTControlCharacters } from 'node:util';

/** Test counts read from a runner's output; null where the runner did not print them. */
export interface TestCounts {
  passed: number | null;
  failed: number | null;
  skipped: number | null;
  total: number | null;
  /** The format that matched, or null when none did. */
  format: string | null;
}

/**
 * How one runner prints its summary. `detect` finds the runner's summary in the whole output;
 * each count regex's first group is read from its LAST match (`last`, summaries come at the
 * end) or added up over every match (`sum`, runners that print one summary per crate or
 * package). Data, not code: add a runner with a row.
 */
interface OutputFormat {
  format: string;
  detect: RegExp;
  mode: 'last' | 'sum';
  passed?: RegExp;
  failed?: RegExp;
  skipped?: RegExp;
  total?: RegExp;
}

/** Checked in order; the first whose `detect` matches wins. */
export const TEST_OUTPUT_FORMATS: readonly OutputFormat[] = [
  // vitest: " Tests  1 failed | 4 passed (5)"
  { format: 'vitest', detect: /^\s*Tests\s+\d+ (?:passed|failed|skipped|todo)[^\n]*\(\d+\)\s*$/m, mode: 'last',
    passed: /^\s*Tests\s+[^\n]*?(\d+) passed/gm, failed: /^\s*Tests\s+[^\n]*?(\d+) failed/gm, skipped: /^\s*Tests\s+[^\n]*?(\d+) skipped/gm, total: /^\s*Tests\s+[^\n]*\((\d+)\)\s*$/gm },
  // jest: "Tests:       1 failed, 2 skipped, 5 passed, 8 total"
  { format: 'jest', detect: /^Tests:\s+[^\n]*\d+ total/m, mode: 'last',
    passed: /^Tests:[^\n]*?(\d+) passed/gm, failed: /^Tests:[^\n]*?(\d+) failed/gm, skipped: /^Tests:[^\n]*?(\d+) skipped/gm, total: /^Tests:[^\n]*?(\d+) total/gm },
  // cargo: "test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out"
  { format: 'cargo', detect: /^test result: \w+\. \d+ passed; \d+ failed/m, mode: 'sum',
    passed: /^test result: \w+\. (\d+) passed/gm, failed: /^test result: [^\n]*?(\d+) failed/gm, skipped: /^test result: [^\n]*?(\d+) ignored/gm },
  // pytest: "==== 1 failed, 5 passed, 1 skipped in 0.12s ====" or "5 passed in 0.03s"
  { format: 'pytest', detect: /^(?:=+ )?(?:\d+ (?:passed|failed|skipped|errors?|xfailed|xpassed|warnings?|deselected)(?:, )?)+ in [\d.]+s/m, mode: 'last',
    passed: /^(?:=+ )?[^\n]*?(\d+) passed[^\n]* in [\d.]+s/gm, failed: /^(?:=+ )?[^\n]*?(\d+) failed[^\n]* in [\d.]+s/gm, skipped: /^(?:=+ )?[^\n]*?(\d+) skipped[^\n]* in [\d.]+s/gm },
  // node:test TAP ("# pass 5") and spec reporter ("ℹ pass 5")
  { format: 'node-test', detect: /^(?:#|ℹ) pass \d+$/m, mode: 'last',
    passed: /^(?:#|ℹ) pass (\d+)$/gm, failed: /^(?:#|ℹ) fail (\d+)$/gm, skipped: /^(?:#|ℹ) skipped (\d+)$/gm, total: /^(?:#|ℹ) tests (\d+)$/gm },
  // mocha: "  5 passing (12ms)", "  1 failing", "  2 pending"
  { format: 'mocha', detect: /^\s*\d+ passing \(/m, mode: 'last', passed: /^\s*(\d+) passing/gm, failed: /^\s*(\d+) failing/gm, skipped: /^\s*(\d+) pending/gm },
  // go test: one "ok  <pkg>  0.01s" / "FAIL  <pkg>  0.01s" per package (counts are packages)
  { format: 'go', detect: /^(?:ok|FAIL)\s+\S+\s+(?:[\d.]+s|\(cached\))/m, mode: 'sum', passed: /^ok\s+\S+\s+(?:[\d.]+s|\(cached\))()/gm, failed: /^FAIL\s+\S+\s+[\d.]+s()/gm },
  // anything printing "N passed, M failed" (or the other way round)
  { format: 'generic', detect: /\b\d+ (?:tests? )?passed\b|\b\d+ (?:tests? )?failed\b/i, mode: 'last',
    passed: /\b(\d+) (?:tests? )?passed\b/gi, failed: /\b(\d+) (?:tests? )?failed\b/gi, skipped: /\b(\d+) (?:tests? )?skipped\b/gi },
];

/**
 * Strips terminal control sequences (SGR colours, cursor moves, OSC) with Node's own
 * `stripVTControlCharacters`, and turns a lone carriage return into a line break.
 */
export function stripAnsi(text: string): string {
  return stripVTControlCharacters(text).replace(/\r(?!\n)/g, '\n').replace(/\r/g, '');
}

function read(re: RegExp | undefined, text: string, mode: 'last' | 'sum'): number | null {
  if (!re) return null;
  const all = [...text.matchAll(re)];
  if (all.length === 0) return null;
  // go's rows count one each (empty group).
  const values = all.map((m) => (m[1] === '' ? 1 : Number(m[1])));
  return mode === 'sum' ? values.reduce((a, b) => a + b, 0) : values[values.length - 1]!;
}

/**
 * Reads test counts from a test runner's output (vitest, jest, cargo, pytest, node:test,
 * mocha, go test, or a generic "N passed, M failed"). `total` is the runner's own total when
 * it prints one, else passed + failed + skipped of what was found.
 */
export function parseTestOutput(output: string): TestCounts {
  const text = stripAnsi(output);
  for (const f of TEST_OUTPUT_FORMATS) {
    if (!f.detect.test(text)) continue;
    const passed = read(f.passed, text, f.mode);
    const failed = read(f.failed, text, f.mode) ?? (passed !== null ? 0 : null);
    const skipped = read(f.skipped, text, f.mode);
    const printed = read(f.total, text, f.mode);
    const total = printed ?? (passed !== null || failed !== null ? (passed ?? 0) + (failed ?? 0) + (skipped ?? 0) : null);
    return { passed, failed, skipped, total, format: f.format };
  }
  return { passed: null, failed: null, skipped: null, total: null, format: null };
}
