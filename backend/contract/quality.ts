import * as z from 'zod';

/**
 * The quality gate's checks, snapshots and per-project quality settings: schemas and types
 * only, spread into METHODS in `methods.ts`.
 */

/** What a check verifies. `tests` fail the gate whenever a test fails, whatever the score. */
export const CHECK_KINDS = ['tests', 'typecheck', 'lint', 'coverage', 'audit'] as const;
export const CheckKindSchema = z.enum(CHECK_KINDS);
export type CheckKind = z.infer<typeof CheckKindSchema>;

/**
 * How one check ended: `passed`/`failed` from its tool; `skipped` when its tool is not
 * installed (or it could not start) — never counted as passed; `error` when it ran but its
 * output could not be read as the tool's.
 */
export const CHECK_STATUSES = ['passed', 'failed', 'skipped', 'error'] as const;
export const CheckStatusSchema = z.enum(CHECK_STATUSES);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

/** The gate's overall outcome: `unverified` when no check could verify anything. */
export const GATE_VERDICTS = ['passed', 'failed', 'unverified'] as const;
export const GateVerdictSchema = z.enum(GATE_VERDICTS);
export type GateVerdict = z.infer<typeof GateVerdictSchema>;


/** A check the gate will run: argv (never a shell string) from the project's folder. */
export const PlannedCheckSchema = z.object({
  kind: CheckKindSchema,
  /** The tool's name as shown (`tsc`, `eslint`, `pytest`, `npm audit`). */
  tool: z.string(),
  /** The command as written (`npm test`, `tsc --noEmit`); argv[0] is the program it resolved to. */
  command: z.string(),
  argv: z.array(z.string()).min(1),
  /** Folder relative to the project root, `/`-separated ('' = the root). */
  cwd: z.string(),
  /** Where the check came from: detected by the analysis, or named in the project's settings. */
  source: z.enum(['detected', 'settings']),
  /** Why it cannot run (its tool is not installed, and how to install it); null when it can. */
  missing: z.string().nullable(),
});
export type PlannedCheck = z.infer<typeof PlannedCheckSchema>;

/** Vulnerabilities by severity (npm audit's and pip-audit's levels). */
export const VulnCountsSchema = z.object({
  critical: z.number().int(),
  high: z.number().int(),
  moderate: z.number().int(),
  low: z.number().int(),
});
export type VulnCounts = z.infer<typeof VulnCountsSchema>;

/** One finding a check reported at a place in the code (for the retry prompt). */
export const FindingSchema = z.object({
  /** `path:line` (or `path:line:col`) as the tool printed it; '' when the tool gave no place. */
  at: z.string(),
  /** The test's name, the rule (`no-unused-vars`, `TS2322`), or ''. */
  name: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});
export type Finding = z.infer<typeof FindingSchema>;

/** Counts read from a check's output; null where the tool did not print them. */
export const CheckCountsSchema = z.object({
  testsPassed: z.number().int().nullable(),
  testsFailed: z.number().int().nullable(),
  testsSkipped: z.number().int().nullable(),
  typeErrors: z.number().int().nullable(),
  lintErrors: z.number().int().nullable(),
  lintWarnings: z.number().int().nullable(),
  /** Line coverage, percent 0..100. */
  coverage: z.number().min(0).max(100).nullable(),
  vulnerabilities: VulnCountsSchema.nullable(),
});
export type CheckCounts = z.infer<typeof CheckCountsSchema>;

/** The result of one check of one gate run. Durations in ms. */
export const GateCheckSchema = PlannedCheckSchema.extend({
  status: CheckStatusSchema,
  /** Why it failed or was skipped, in a few words; '' when it passed. */
  reason: z.string(),
  exitCode: z.number().nullable(),
  durationMs: z.number(),
  counts: CheckCountsSchema,
  /** Up to {@link MAX_FINDINGS} findings with a place, in output order. */
  findings: z.array(FindingSchema),
  /** The last lines of its output. */
  outputTail: z.string(),
});
export type GateCheck = z.infer<typeof GateCheckSchema>;

/** Findings kept per check. */
export const MAX_FINDINGS = 50;

/**
 * Weights of the overall score, one per check kind (any non-negative number; normalised
 * over the checks that ran). Defaults: tests weigh most, then type safety and lint.
 */
export const QualityWeightsSchema = z.object({
  tests: z.number().min(0).max(100),
  typecheck: z.number().min(0).max(100),
  lint: z.number().min(0).max(100),
  coverage: z.number().min(0).max(100),
  audit: z.number().min(0).max(100),
});
export type QualityWeights = z.infer<typeof QualityWeightsSchema>;
export const DEFAULT_QUALITY_WEIGHTS: QualityWeights = { tests: 0.4, typecheck: 0.2, lint: 0.15, coverage: 0.15, audit: 0.1 };
/** Overall score (0..1) a gate needs to pass, by default. */
export const DEFAULT_QUALITY_THRESHOLD = 0.7;
/** Kinds whose failure fails the gate by default. */
export const DEFAULT_BLOCKING: readonly CheckKind[] = ['tests', 'typecheck'];

/**
 * A project's quality settings. `commands`: per check kind, a command that replaces the
 * detected one (split into words like a shell would, never run by one), or `null` to turn
 * that check off; a kind not named keeps what detection found.
 */
export const ProjectQualitySchema = z.object({
  commands: z.partialRecord(CheckKindSchema, z.string().trim().min(1).max(2_000).nullable()),
  weights: QualityWeightsSchema,
  /** 0..1: the overall score a gate needs. */
  threshold: z.number().min(0).max(1),
  /** Kinds whose failed check fails the gate whatever the score (`tests` always does). */
  blocking: z.array(CheckKindSchema),
});
export type ProjectQuality = z.infer<typeof ProjectQualitySchema>;

/** The quality of one gate run (one iteration of a task). Score in 0..1. */
export const QualitySnapshotSchema = z.object({
  iteration: z.number().int(),
  verdict: GateVerdictSchema,
  /** Weighted score over the checks that ran, 0..1; null when none ran. */
  overall: z.number().min(0).max(1).nullable(),
  threshold: z.number().min(0).max(1),
  testsPassing: z.number().int().nullable(),
  testsFailing: z.number().int().nullable(),
  coverage: z.number().nullable(),
  typeErrors: z.number().int().nullable(),
  lintProblems: z.number().int().nullable(),
  vulnerabilities: z.number().int().nullable(),
  /** Why the verdict is what it is, one line each (the failing checks first). */
  reasons: z.array(z.string()),
});
export type QualitySnapshot = z.infer<typeof QualitySnapshotSchema>;

const projectId = z.string().min(1);

export const QUALITY_METHODS = {
  /**
   * The checks the gate runs for a project: what detection found, the project's settings, and
   * the effective list (settings over detection). Errors: NOT_FOUND.
   */
  'quality.checks': {
    params: z.object({ projectId }).strict(),
    result: z.object({ detected: z.array(PlannedCheckSchema), settings: ProjectQualitySchema, checks: z.array(PlannedCheckSchema) }),
  },
  /**
   * Changes a project's quality settings (any of commands, weights, threshold); `commands`
   * is merged key by key, a key given as `""` goes back to detection. Errors: NOT_FOUND,
   * INVALID_REQUEST (a command that cannot be split, e.g. an unterminated quote).
   */
  'quality.setChecks': {
    params: z
      .object({
        projectId,
        commands: z.partialRecord(CheckKindSchema, z.string().max(2_000).nullable()).optional(),
        weights: QualityWeightsSchema.partial().optional(),
        threshold: z.number().min(0).max(1).optional(),
        blocking: z.array(CheckKindSchema).optional(),
      })
      .strict(),
    result: ProjectQualitySchema,
  },
} as const;
