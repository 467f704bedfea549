/**
 * Methods of the project context analysis and the two-tier cache (issue 5).
 * Empty until that feature lands; its schemas go here.
 */
export const ANALYSIS_METHODS = {} as const;
