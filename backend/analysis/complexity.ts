/** Inputs of the complexity score. */
export interface ComplexityFactors {
  /** Files counted (not ignored). */
  files: number;
  /** Languages holding at least 1 % of the code bytes (data formats such as JSON excluded). */
  languages: number;
  /** Deepest directory level (root = 0). */
  maxDepth: number;
  /** Dependencies declared across all projects. */
  dependencies: number;
  /** Projects (manifest directories) found. */
  projects: number;
}

/** sat(x, k) = x / (x + k): 0 at 0, 1/2 at k, → 1; a saturating scale with no upper cap needed. */
const sat = (x: number, k: number): number => (x <= 0 ? 0 : x / (x + k));

/**
 * A project's complexity in 0..1 (higher = larger, more varied; a rough prior for task
 * difficulty, not a quality metric):
 *
 *   complexity = 0.35·sat(files, 1000) + 0.20·sat(languages − 1, 3) + 0.15·sat(maxDepth, 8)
 *              + 0.20·sat(dependencies, 80) + 0.10·sat(projects − 1, 3)
 *
 * where sat(x, k) = x / (x + k) for x > 0, else 0. The weights sum to 1 and each term is in
 * [0, 1), so the score is in [0, 1). The half-points k are our own calibration: a 1,000-file
 * repo, 4 languages, 8 levels deep, 80 dependencies or 4 projects each give half of their
 * term. Rounded to 3 decimals.
 */
export function complexityScore(f: ComplexityFactors): number {
  const s =
    0.35 * sat(f.files, 1000) +
    0.2 * sat(f.languages - 1, 3) +
    0.15 * sat(f.maxDepth, 8) +
    0.2 * sat(f.dependencies, 80) +
    0.1 * sat(f.projects - 1, 3);
  return Math.round(Math.min(1, Math.max(0, s)) * 1000) / 1000;
}
