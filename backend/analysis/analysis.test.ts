import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/database.js';
import { TwoTierCache } from '../cache/two-tier-cache.js';
import { tempDir, writeTree } from '../../test/support/cache.js';
import { AnalysisService } from './analysis-service.js';
import { FIXTURES } from '../../test/fixtures/analysis-projects.js';

describe('project analysis', () => {
  let db: Db;
  let cache: TwoTierCache;
  let svc: AnalysisService;
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('cortex-analysis-');
    db = openDatabase(join(tmp.dir, 'cortex.db'));
    cache = new TwoTierCache(db, { trees: { watch: false } });
    svc = new AnalysisService(cache);
  });
  afterAll(async () => {
    await cache.close();
    db.close();
    tmp.cleanup();
  });

  const analyze = async (name: string) => {
    const root = join(tmp.dir, name);
    writeTree(root, FIXTURES[name]!);
    const r = await svc.analyze(root);
    expect(r.source).toBe('fresh');
    return r.analysis;
  };

  it('node: frameworks, pnpm test command, languages, .gitignore honoured', async () => {
    const a = await analyze('node');
    expect(a.projectTypes).toEqual(['node']);
    expect(a.frameworks).toEqual(expect.arrayContaining(['React', 'Express', 'Vitest', 'TypeScript']));
    expect(a.testCommand).toBe('pnpm test');
    expect(a.primaryLanguage).toBe('TypeScript');
    expect(a.languages.map((l) => l.name)).toEqual(expect.arrayContaining(['TypeScript', 'JavaScript', 'JSON', 'YAML']));
    // dist/ and *.log are ignored; .gitignore itself counts.
    expect(a.fileCount).toBe(6);
    expect(a.maxDepth).toBe(3);
    expect(a.dependencies).toContainEqual({ name: 'vitest', version: '4.1.12', ecosystem: 'node', scope: 'dev', project: '' });
    expect(a.complexity).toBeGreaterThan(0);
    expect(a.complexity).toBeLessThan(1);
  });

  it('python: pyproject + requirements, pytest', async () => {
    const a = await analyze('python');
    expect(a.projectTypes).toEqual(['python']);
    expect(a.projects[0]!.manifests).toEqual(['pyproject.toml', 'requirements.txt']);
    expect(a.projects[0]!.name).toBe('api');
    expect(a.frameworks).toEqual(expect.arrayContaining(['FastAPI', 'SQLAlchemy', 'pytest']));
    expect(a.testCommand).toBe('pytest');
    expect(a.dependencies.map((d) => d.name)).toEqual(expect.arrayContaining(['fastapi', 'sqlalchemy', 'pytest', 'uvicorn']));
  });

  it('rust: cargo test, Tokio and Axum', async () => {
    const a = await analyze('rust');
    expect(a.projectTypes).toEqual(['rust']);
    expect(a.frameworks).toEqual(['Axum', 'Tokio']);
    expect(a.testCommand).toBe('cargo test');
    expect(a.dependencies.find((d) => d.name === 'tokio')?.version).toBe('1');
  });

  it('go: go test ./..., Gin, Cobra, gRPC', async () => {
    const a = await analyze('go');
    expect(a.projects[0]).toMatchObject({ type: 'go', name: 'example.com/svc', testCommand: 'go test ./...' });
    expect(a.frameworks).toEqual(['Gin', 'Cobra', 'gRPC']);
  });

  it('java maven: mvn test, Spring Boot, JUnit', async () => {
    const a = await analyze('maven');
    expect(a.projects[0]).toMatchObject({ type: 'java', name: 'orders', testCommand: 'mvn test' });
    expect(a.frameworks).toEqual(['Spring Boot', 'JUnit']);
  });

  it('java gradle: ./gradlew test, modules from settings.gradle.kts', async () => {
    const a = await analyze('gradle');
    expect(a.projects[0]).toMatchObject({ type: 'java', testCommand: './gradlew test', workspaces: ['core', 'web'] });
    expect(a.projects[0]!.manifests).toEqual(['build.gradle.kts', 'settings.gradle.kts']);
    expect(a.frameworks).toEqual(['Spring Boot', 'JUnit']);
    expect(a.primaryLanguage).toBe('Kotlin');
  });

  it('ruby: bundle exec rspec, Rails', async () => {
    const a = await analyze('ruby');
    expect(a.projects[0]).toMatchObject({ type: 'ruby', testCommand: 'bundle exec rspec' });
    expect(a.frameworks).toEqual(['Rails', 'RSpec']);
    expect(a.dependencies.find((d) => d.name === 'rspec-rails')?.scope).toBe('dev');
  });

  it('php: vendor/bin/phpunit, Laravel', async () => {
    const a = await analyze('php');
    expect(a.projects[0]).toMatchObject({ type: 'php', name: 'acme/shop', testCommand: 'vendor/bin/phpunit' });
    expect(a.frameworks).toEqual(['Laravel', 'PHPUnit']);
    expect(a.dependencies.map((d) => d.name)).toEqual(['laravel/framework', 'phpunit/phpunit']);
  });

  it('.NET: two csproj projects, dotnet test, ASP.NET Core', async () => {
    const a = await analyze('dotnet');
    expect(a.projects.map((p) => [p.path, p.type, p.testCommand])).toEqual([
      ['Api', 'dotnet', 'dotnet test'],
      ['Api.Tests', 'dotnet', 'dotnet test'],
    ]);
    expect(a.frameworks).toEqual(expect.arrayContaining(['ASP.NET Core', 'Entity Framework Core', 'xUnit']));
    expect(a.testCommand).toBe('cd Api && dotnet test');
  });

  it('monorepo: workspaces, several ecosystems, ignored node_modules', async () => {
    const a = await analyze('monorepo');
    expect(a.monorepo).toBe(true);
    expect(a.projects.map((p) => [p.path, p.type])).toEqual([
      ['', 'node'],
      ['packages/api', 'node'],
      ['packages/ui', 'node'],
      ['services/ml', 'python'],
    ]);
    expect(a.projects[0]!.workspaces).toEqual(['packages/*']);
    expect(a.projectTypes).toEqual(['node', 'python']);
    expect(a.frameworks).toEqual(expect.arrayContaining(['Fastify', 'Vue', 'Jest', 'PyTorch', 'pytest']));
    expect(a.testCommand).toBe('npm test');
    expect(a.testCommands).toEqual([
      { cwd: '', command: 'npm test' },
      { cwd: 'packages/api', command: 'npm test' },
      { cwd: 'packages/ui', command: 'npx jest' },
      { cwd: 'services/ml', command: 'pytest' },
    ]);
    expect(a.dependencies.some((d) => d.name === 'left-pad')).toBe(false);
  });

  it.each([
    ['zod', { name: 'zod', frameworks: [] as string[] }],
    ['ws', { name: 'ws', frameworks: ['Mocha'] }],
    ['lru-cache', { name: 'lru-cache', frameworks: [] as string[] }],
  ])('real folder node_modules/%s', async (pkg, want) => {
    const root = join(import.meta.dirname, '../../node_modules', pkg);
    const { analysis: a } = await svc.analyze(root);
    expect(a.projectTypes).toEqual(['node']);
    expect(a.projects[0]!.name).toBe(want.name);
    expect(a.primaryLanguage).toMatch(/JavaScript|TypeScript/);
    for (const f of want.frameworks) expect(a.frameworks).toContain(f);
    expect(a.testCommand).toBe('npm test');
    expect(a.fileCount).toBeGreaterThan(3);
  });

  it('is cancellable and reports progress', async () => {
    const root = join(import.meta.dirname, '../../node_modules');
    const ac = new AbortController();
    const seen: number[] = [];
    const p = svc.analyze(root, {
      refresh: true,
      signal: ac.signal,
      onProgress: (e) => {
        seen.push(e.files);
        if (e.files > 2000) ac.abort(new Error('cancelled by test'));
      },
    });
    await expect(p).rejects.toThrow('cancelled by test');
    expect(seen.length).toBeGreaterThan(0);
  });
});
