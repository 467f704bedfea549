import * as z from 'zod';

/**
 * The analysis namespace: project context analysis (`projects.analyze`) and the two-tier
 * cache's figures (`cache.stats`). Types and schemas only; spread into METHODS in `methods.ts`.
 */

/** Ecosystems a manifest can declare. */
export const PROJECT_TYPES = ['node', 'python', 'rust', 'go', 'java', 'ruby', 'php', 'dotnet'] as const;
export const ProjectTypeSchema = z.enum(PROJECT_TYPES);
export type ProjectType = z.infer<typeof ProjectTypeSchema>;

/** One language of the tree: files and bytes of that language; `share` = its bytes / all counted bytes. */
export const LanguageStatSchema = z.object({
  name: z.string(),
  files: z.number().int(),
  bytes: z.number(),
  share: z.number().min(0).max(1),
});
export type LanguageStat = z.infer<typeof LanguageStatSchema>;

/** A dependency a manifest declares. `version` is the declared range/version, as written. */
export const DependencySchema = z.object({
  name: z.string(),
  version: z.string().nullable(),
  ecosystem: ProjectTypeSchema,
  scope: z.enum(['runtime', 'dev']),
  /** The project (its `path`) that declares it. */
  project: z.string(),
});
export type Dependency = z.infer<typeof DependencySchema>;

/** One project found in the tree: a directory holding a manifest. */
export const DetectedProjectSchema = z.object({
  /** Directory relative to the analysed root, `/`-separated; '' for the root itself. */
  path: z.string(),
  type: ProjectTypeSchema,
  /** Manifest file(s) relative to the root, e.g. `package.json`, `api/pyproject.toml`. */
  manifests: z.array(z.string()),
  /** The name the manifest gives the project, when it gives one. */
  name: z.string().nullable(),
  frameworks: z.array(z.string()),
  /** Command that runs this project's tests, from its directory; null when none is known. */
  testCommand: z.string().nullable(),
  dependencyCount: z.number().int(),
  /** Workspace/module members the manifest declares (monorepo roots). */
  workspaces: z.array(z.string()),
});
export type DetectedProject = z.infer<typeof DetectedProjectSchema>;

/** Inputs of the complexity score (see `backend/analysis/complexity.ts` for the formula). */
export const ComplexityFactorsSchema = z.object({
  files: z.number(),
  languages: z.number(),
  maxDepth: z.number(),
  dependencies: z.number(),
  projects: z.number(),
});

/**
 * How a root is watched for changes: one recursive OS watch (macOS, Windows), one watch per
 * file and folder (Linux, up to MAX_WATCHED_ENTRIES), or not at all (each analysis walks again).
 */
export const WATCH_MODES = ['recursive', 'per-entry', 'none'] as const;
export type WatchMode = (typeof WATCH_MODES)[number];

/** Whether the walk read the whole tree, or stopped at its budget (ANALYSIS_WALK_BUDGET). */
export const WalkInfoSchema = z.object({
  complete: z.boolean(),
  /** What ran out: the file count or the time; null when complete. */
  stoppedBy: z.enum(['files', 'time']).nullable(),
  /** The limit reached (files, or ms); null when complete. */
  limit: z.number().nullable(),
});
export type WalkInfo = z.infer<typeof WalkInfoSchema>;

/** How the folder is watched now; `reason` says why not (e.g. `folder too large (…)`). */
export const WatchInfoSchema = z.object({
  mode: z.enum(WATCH_MODES),
  /** The watcher is ready and reports every change (answers come from memory). */
  live: z.boolean(),
  reason: z.string().nullable(),
});
export type WatchInfo = z.infer<typeof WatchInfoSchema>;

/** The context of a project folder. Sizes in bytes; times in ms. */
export const ProjectAnalysisSchema = z.object({
  root: z.string(),
  /** ms since the epoch when this analysis was computed. */
  analyzedAt: z.number(),
  /** How long computing it took, in ms. */
  computeMs: z.number(),
  /** Files counted (not `.gitignore`d, not under `.git`). */
  fileCount: z.number().int(),
  dirCount: z.number().int(),
  totalBytes: z.number(),
  /** Deepest directory level below the root (root = 0). */
  maxDepth: z.number().int(),
  /** Languages by bytes, largest first. */
  languages: z.array(LanguageStatSchema),
  primaryLanguage: z.string().nullable(),
  projectTypes: z.array(ProjectTypeSchema),
  frameworks: z.array(z.string()),
  projects: z.array(DetectedProjectSchema),
  /** True when more projects were found than listed. */
  projectsTruncated: z.boolean(),
  /** True when the root declares workspaces/modules or several projects were found. */
  monorepo: z.boolean(),
  dependencies: z.array(DependencySchema),
  /** The command to run the tests from the root; null when none is known. */
  testCommand: z.string().nullable(),
  /** Per project test commands (`cwd` relative to the root). */
  testCommands: z.array(z.object({ cwd: z.string(), command: z.string() })),
  /** 0..1, see `backend/analysis/complexity.ts`. */
  complexity: z.number().min(0).max(1),
  complexityFactors: ComplexityFactorsSchema,
  /** Merkle hash of the walked tree (hex SHA-1). */
  treeHash: z.string(),
  /** Partial when the walk stopped at its budget: the counts cover the part read. */
  walk: WalkInfoSchema,
  /** How the folder is watched at the time of the answer. */
  watch: WatchInfoSchema,
});
export type ProjectAnalysis = z.infer<typeof ProjectAnalysisSchema>;

export const CacheSourceSchema = z.enum(['hot', 'cold', 'fresh']);

const LatencySchema = z.object({
  count: z.number().int(),
  meanUs: z.number(),
  p50Us: z.number(),
  p95Us: z.number(),
  p99Us: z.number(),
  maxUs: z.number(),
  buckets: z.array(z.object({ leUs: z.number().nullable(), count: z.number().int() })),
});

const TierStatsSchema = z.object({
  hits: z.number().int(),
  misses: z.number().int(),
  evictions: z.number().int(),
  invalidations: z.number().int(),
  hitRatio: z.number().min(0).max(1),
  latency: LatencySchema,
  entries: z.number().int(),
  bytes: z.number(),
  ttlMs: z.number(),
});

/** `cache.stats` result: per tier counters, hit ratio and lookup latency (µs). */
export const CacheStatsSchema = z.object({
  hot: TierStatsSchema.extend({ maxEntries: z.number().int(), maxBytes: z.number() }),
  cold: TierStatsSchema,
  fresh: z.object({ count: z.number().int(), latency: LatencySchema }),
  watched: z.array(z.object({ root: z.string(), live: z.boolean(), epoch: z.number().int() })),
});
export type CacheStatsResult = z.infer<typeof CacheStatsSchema>;

export const ANALYSIS_METHODS = {
  /**
   * Analyses a project folder (give `projectId`, or `path`) through the two-tier cache.
   * `source` says where the answer came from; `refresh` skips the cache and walks again.
   * Errors: NOT_FOUND (projectId), FOLDER_MISSING / NOT_A_DIRECTORY / FOLDER_UNREADABLE (path).
   */
  'projects.analyze': {
    params: z
      .object({
        projectId: z.string().min(1).optional(),
        path: z.string().min(1).optional(),
        refresh: z.boolean().default(false),
      })
      .strict()
      .refine((p) => p.projectId !== undefined || p.path !== undefined, {
        message: 'give projectId or path',
        path: ['projectId'],
      }),
    result: z.object({
      analysis: ProjectAnalysisSchema,
      source: CacheSourceSchema,
      /** Time this call took in the backend, ms. */
      tookMs: z.number(),
    }),
  },
  /** Counters, hit ratio and latency histogram of each cache tier. */
  'cache.stats': { params: z.object({}).strict(), result: CacheStatsSchema },
} as const;

/** Events of the analysis namespace. */
export const ANALYSIS_EVENTS = {
  /**
   * Progress of a project analysis walking its tree (at most every 100 ms), then `done`.
   * `maxFiles` is the walk's file budget: a walk reaching it stops with a partial analysis.
   */
  'analysis.progress': z.object({
    root: z.string(),
    phase: z.enum(['walk', 'done']),
    dirs: z.number().int(),
    files: z.number().int(),
    bytes: z.number(),
    /** The directory being read, relative to root. */
    current: z.string(),
    maxFiles: z.number().int(),
  }),
} as const;
