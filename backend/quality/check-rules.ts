import type { CheckKind, ProjectType } from '../contract/index.js';

/**
 * How the gate finds a project's checks beyond its tests (those come from the analysis's test
 * commands): a rule applies to a detected project of its `type` when any of its conditions
 * holds — a file exists in the project's folder, a dependency is declared, or `pyproject.toml`
 * has a `[section]`. `argv[0]` is a tool looked up when the gate runs (`node: true`: in the
 * project's `node_modules/.bin` first, then PATH); `requires` are further programs that must be
 * on PATH (cargo's subcommands). A tool not found makes the check `skipped` with the reason.
 * Data, not code: add a tool with a row.
 */
export interface CheckRule {
  kind: CheckKind;
  /** Shown name, also the output parser's key (see check-output.ts). */
  tool: string;
  type: ProjectType;
  when: { files?: readonly string[]; deps?: readonly string[]; pyproject?: readonly string[]; always?: true };
  argv: readonly string[];
  node?: true;
  requires?: readonly string[];
  /** What to do when the tool is missing (shown with the skip). */
  install: string;
}

const ESLINT_CONFIGS = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', '.eslintrc', '.eslintrc.js', '.eslintrc.cjs', '.eslintrc.json', '.eslintrc.yml', '.eslintrc.yaml'];

export const CHECK_RULES: readonly CheckRule[] = [
  { kind: 'typecheck', tool: 'tsc', type: 'node', when: { files: ['tsconfig.json'] }, argv: ['tsc', '--noEmit', '--pretty', 'false'], node: true, install: 'npm install --save-dev typescript' },
  { kind: 'lint', tool: 'eslint', type: 'node', when: { files: ESLINT_CONFIGS }, argv: ['eslint', '.'], node: true, install: 'npm install --save-dev eslint' },
  { kind: 'audit', tool: 'npm audit', type: 'node', when: { files: ['package-lock.json'] }, argv: ['npm', 'audit', '--omit=dev'], install: 'install npm' },
  { kind: 'typecheck', tool: 'mypy', type: 'python', when: { files: ['mypy.ini', '.mypy.ini'], pyproject: ['tool.mypy'], deps: ['mypy'] }, argv: ['mypy', '.'], install: 'pip install mypy' },
  { kind: 'lint', tool: 'ruff', type: 'python', when: { files: ['ruff.toml', '.ruff.toml'], pyproject: ['tool.ruff'], deps: ['ruff'] }, argv: ['ruff', 'check', '--output-format', 'concise', '.'], install: 'pip install ruff' },
  { kind: 'audit', tool: 'pip-audit', type: 'python', when: { files: ['requirements.txt'] }, argv: ['pip-audit', '-r', 'requirements.txt'], install: 'pip install pip-audit' },
  { kind: 'lint', tool: 'clippy', type: 'rust', when: { always: true }, argv: ['cargo', 'clippy', '--quiet', '--message-format', 'short'], requires: ['cargo-clippy'], install: 'rustup component add clippy' },
  { kind: 'audit', tool: 'cargo audit', type: 'rust', when: { files: ['Cargo.lock'] }, argv: ['cargo', 'audit'], requires: ['cargo-audit'], install: 'cargo install cargo-audit' },
  { kind: 'lint', tool: 'go vet', type: 'go', when: { always: true }, argv: ['go', 'vet', './...'], install: 'install Go' },
];
