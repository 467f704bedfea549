import type { ProjectType } from '../contract/index.js';
import {
  parseCargoToml, parseComposerJson, parseCsproj, parseGemfile, parseGoMod, parseGoWork, parseGradle,
  parseGradleSettings, parseNothing, parsePackageJson, parsePnpmWorkspace, parsePomXml, parsePyproject,
  parseRequirements, type ManifestParser,
} from './manifest-parsers.js';

/**
 * A manifest file: which names it has, which ecosystem it declares, how to read it.
 * `workspaceOnly` files (pnpm-workspace.yaml, go.work, settings.gradle) add workspace
 * members to a project of their type but do not make a project on their own.
 */
export interface ManifestRule {
  /** Exact file name, or a pattern for names like `*.csproj`. */
  match: string | RegExp;
  type: ProjectType;
  parse: ManifestParser;
  workspaceOnly?: boolean;
}

/** The manifests the analysis knows. Data: add a row to teach it another. */
export const MANIFEST_RULES: readonly ManifestRule[] = [
  { match: 'package.json', type: 'node', parse: parsePackageJson },
  { match: 'pnpm-workspace.yaml', type: 'node', parse: parsePnpmWorkspace, workspaceOnly: true },
  { match: 'pyproject.toml', type: 'python', parse: parsePyproject },
  { match: /^requirements([-_.][\w.-]+)?\.txt$/, type: 'python', parse: parseRequirements },
  { match: 'setup.py', type: 'python', parse: parseNothing },
  { match: 'Pipfile', type: 'python', parse: parseNothing },
  { match: 'Cargo.toml', type: 'rust', parse: parseCargoToml },
  { match: 'go.mod', type: 'go', parse: parseGoMod },
  { match: 'go.work', type: 'go', parse: parseGoWork, workspaceOnly: true },
  { match: 'pom.xml', type: 'java', parse: parsePomXml },
  { match: 'build.gradle', type: 'java', parse: parseGradle },
  { match: 'build.gradle.kts', type: 'java', parse: parseGradle },
  { match: 'settings.gradle', type: 'java', parse: parseGradleSettings, workspaceOnly: true },
  { match: 'settings.gradle.kts', type: 'java', parse: parseGradleSettings, workspaceOnly: true },
  { match: 'Gemfile', type: 'ruby', parse: parseGemfile },
  { match: 'composer.json', type: 'php', parse: parseComposerJson },
  { match: /\.(cs|fs|vb)proj$/, type: 'dotnet', parse: parseCsproj },
];

/** The rule for a file name, if it is a manifest. */
export function manifestRuleFor(name: string): ManifestRule | undefined {
  return MANIFEST_RULES.find((r) => (typeof r.match === 'string' ? r.match === name : r.match.test(name)));
}

/**
 * Directories never searched for projects (dependencies, build output, virtualenvs), even
 * when `.gitignore` does not exclude them. Their files still count in languages and size.
 */
export const NON_PROJECT_DIRS: ReadonlySet<string> = new Set([
  'node_modules', 'bower_components', 'vendor', 'third_party', 'target', 'dist', 'build', 'out', 'bin', 'obj',
  '.venv', 'venv', 'env', '__pycache__', '.tox', '.gradle', '.idea', '.vscode', 'Pods', 'coverage', '.next', '.angular',
]);

/** How deep below the root projects are looked for (root = 0), and how many are listed at most. */
export const PROJECT_SCAN = { maxDepth: 3, maxProjects: 40 } as const;
