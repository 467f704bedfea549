import type { ProjectType } from '../contract/index.js';

/**
 * How to find a project's test command: the first rule of its type whose condition holds
 * wins. Conditions: a named script exists (and is not npm's placeholder), a dependency is
 * declared (same matching as framework rules), a file or directory exists in the project
 * directory, a manifest hint is present; `always` matches. `{pm}` in a command is replaced
 * by the project's Node package manager (npm, pnpm, yarn or bun, from its lockfile).
 * Data, not code.
 */
export interface TestCommandRule {
  type: ProjectType;
  when: { script?: string; deps?: readonly string[]; files?: readonly string[]; dirs?: readonly string[]; hints?: readonly string[]; always?: true };
  command: string;
}

export const TEST_COMMAND_RULES: readonly TestCommandRule[] = [
  { type: 'node', when: { script: 'test' }, command: '{pm} test' },
  { type: 'node', when: { deps: ['vitest'] }, command: 'npx vitest run' },
  { type: 'node', when: { deps: ['jest'] }, command: 'npx jest' },
  { type: 'node', when: { deps: ['mocha'] }, command: 'npx mocha' },
  { type: 'node', when: { deps: ['@playwright/test'] }, command: 'npx playwright test' },
  { type: 'python', when: { deps: ['pytest'] }, command: 'pytest' },
  { type: 'python', when: { files: ['pytest.ini', 'conftest.py'], hints: ['pytest-config'] }, command: 'pytest' },
  { type: 'python', when: { files: ['tox.ini'] }, command: 'tox' },
  { type: 'python', when: { always: true }, command: 'python -m unittest' },
  { type: 'rust', when: { always: true }, command: 'cargo test' },
  { type: 'go', when: { always: true }, command: 'go test ./...' },
  { type: 'java', when: { files: ['mvnw'] }, command: './mvnw test' },
  { type: 'java', when: { files: ['pom.xml'] }, command: 'mvn test' },
  { type: 'java', when: { files: ['gradlew'] }, command: './gradlew test' },
  { type: 'java', when: { always: true }, command: 'gradle test' },
  { type: 'ruby', when: { deps: ['rspec', 'rspec-rails', 'rspec-core'], dirs: ['spec'], files: ['.rspec'] }, command: 'bundle exec rspec' },
  { type: 'ruby', when: { files: ['Rakefile'] }, command: 'bundle exec rake test' },
  { type: 'php', when: { script: 'test' }, command: 'composer test' },
  { type: 'php', when: { deps: ['phpunit/phpunit'], files: ['phpunit.xml', 'phpunit.xml.dist'] }, command: 'vendor/bin/phpunit' },
  { type: 'dotnet', when: { always: true }, command: 'dotnet test' },
];

/** npm's `npm init` placeholder test script: not a test command. */
export const NPM_PLACEHOLDER_TEST = /no test specified/;

/** Lockfile → Node package manager, first match wins; npm when none. */
export const NODE_PACKAGE_MANAGERS: readonly { lockfile: string; pm: string }[] = [
  { lockfile: 'pnpm-lock.yaml', pm: 'pnpm' },
  { lockfile: 'yarn.lock', pm: 'yarn' },
  { lockfile: 'bun.lockb', pm: 'bun' },
  { lockfile: 'bun.lock', pm: 'bun' },
  { lockfile: 'package-lock.json', pm: 'npm' },
];
