/**
 * The layers of Phantom Cortex, checked by `npm test` (scripts/check-layers.mjs runs
 * dependency-cruiser with this file). Each room's README says what it may import; these
 * rules are the enforced part. A violation fails the test run and names the import.
 */
const PRODUCT = '^(backend|cli|electron|frontend)/';
const TEST_CODE = '(^test/|^e2e/|^bench/|\\.test\\.ts$|\\.spec\\.ts$)';
/** Tests sit beside the code they test; an integration test may build the whole backend, so room rules judge product files only. */
const TEST_FILE = '\\.test\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles, at any size.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contract-imports-nothing-of-ours',
      comment: 'The contract is types, schemas and the platform-free client core: it imports only itself (and zod).',
      severity: 'error',
      from: { path: '^backend/contract/' },
      to: { path: '^(backend|cli|electron|frontend|test|e2e|bench|scripts)/', pathNot: '^backend/contract/' },
    },
    {
      name: 'frontend-imports-only-the-contract',
      comment: 'The renderer talks to the backend only through the contract.',
      severity: 'error',
      from: { path: '^frontend/' },
      to: { path: '^(backend|cli|electron|test|e2e|bench|scripts)/', pathNot: '^backend/contract/' },
    },
    {
      name: 'renderer-shared-and-core-know-no-feature',
      comment: "The renderer's shared pieces and its client core serve every feature folder; they import none.",
      severity: 'error',
      from: { path: '^frontend/app/(shared|core)/' },
      to: { path: '^frontend/app/(shell|sessions|consoles|projects|tasks|settings|presets)/' },
    },
    {
      name: 'cli-imports-only-the-client-core',
      comment: 'The CLI is a client: the contract, the Node client (backend/client) and where the app keeps its data (backend/config).',
      severity: 'error',
      from: { path: '^cli/', pathNot: TEST_FILE },
      to: { path: '^(backend|electron|frontend)/', pathNot: '^backend/(contract|client|config)/' },
    },
    {
      name: 'client-core-imports-only-the-contract',
      comment: 'The Node client core is what the CLI and scripts build on: it knows the contract and the data folder, not the server.',
      severity: 'error',
      from: { path: '^backend/(client|config)/', pathNot: TEST_FILE },
      to: { path: '^(backend|cli|electron|frontend)/', pathNot: '^backend/(contract|client|config)/' },
    },
    {
      name: 'terminal-knows-nothing-of-status',
      comment: 'The terminal room (PTY, batching, flow control, mirror) serves status, it does not depend on it.',
      severity: 'error',
      from: { path: '^backend/pty/', pathNot: TEST_FILE },
      to: { path: '^backend/(status|agents|sessions|recovery|orchestrator|service|transport|server|store|analysis|cache|projects)/' },
    },
    {
      name: 'status-reads-the-terminal-not-the-sessions',
      comment: 'Status detection reads screens and signals; wiring it to a live session is the sessions room.',
      severity: 'error',
      from: { path: '^backend/status/', pathNot: TEST_FILE },
      to: { path: '^backend/(sessions|recovery|orchestrator|service|transport|server|store|agents)/' },
    },
    {
      name: 'store-is-the-bottom',
      comment: 'The store keeps rows; it knows the contract and its own tables, not the rooms that use them.',
      severity: 'error',
      from: { path: '^backend/store/', pathNot: TEST_FILE },
      to: { path: '^backend/', pathNot: '^backend/(store|contract|config)/' },
    },
    {
      name: 'accounting-reads-records-not-sessions',
      comment: 'Accounting reads what agents record and keeps totals: it knows the contract, the store and the data folder, not the rooms that run sessions.',
      severity: 'error',
      from: { path: '^backend/accounting/', pathNot: '\\.test\\.ts$' },
      to: { path: '^backend/', pathNot: '^backend/(accounting|contract|store|config)/' },
    },
    {
      name: 'secrets-stay-in-their-room',
      comment: 'Secrets are kept by the keychain binding alone: the room knows the contract and nothing else of ours.',
      severity: 'error',
      from: { path: '^backend/secrets/', pathNot: TEST_FILE },
      to: { path: '^backend/', pathNot: '^backend/(secrets|contract)/|^backend/config/private-file' },
    },
    {
      name: 'metrics-reads-through-functions',
      comment: 'Metrics samples the instance through plain functions the composition root passes in: it knows the contract and the store, not the rooms it measures.',
      severity: 'error',
      from: { path: '^backend/metrics/', pathNot: TEST_FILE },
      to: { path: '^backend/', pathNot: '^backend/(metrics|contract|store)/' },
    },
    {
      name: 'orchestrator-drives-sessions-through-their-api',
      comment: 'The orchestrator starts, watches and types into sessions through the session API, never through a pipeline or mirror.',
      severity: 'error',
      from: { path: '^backend/orchestrator/', pathNot: TEST_FILE },
      to: { path: '^backend/(sessions|pty)/', pathNot: '^backend/sessions/session-api\\.ts$' },
    },
    {
      name: 'presets-are-configuration-not-work',
      comment: 'Presets resolve what a project runs with: they know the contract, the store and the data folder; the orchestrator and the quality gate read them through a seam, never the reverse.',
      severity: 'error',
      from: { path: '^backend/presets/', pathNot: TEST_FILE },
      to: { path: '^backend/', pathNot: '^backend/(presets|contract|store|config)/' },
    },
    {
      name: 'service-does-not-know-its-transports',
      comment: 'Transports adapt the service; the service never imports a transport or a server.',
      severity: 'error',
      from: { path: '^backend/service/', pathNot: TEST_FILE },
      to: { path: '^backend/(transport|server)/' },
    },
    {
      name: 'backend-never-imports-electron',
      comment: 'The backend runs in plain Node (browser mode, CLI, tests) as well as in the desktop app.',
      severity: 'error',
      from: { path: '^backend/' },
      to: { path: '(^electron/|^electron$|node_modules/electron/)' },
    },
    {
      name: 'no-unresolvable',
      comment: 'Every relative import and the @contract alias resolve (an unresolved one would hide an edge from the rules above).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, path: '^(\\.|@contract)' },
    },
    {
      name: 'product-never-imports-test-code',
      comment: 'Test support, fixtures, e2e and bench code never ship.',
      severity: 'error',
      from: { path: PRODUCT, pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|out|\\.angular)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.test.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
