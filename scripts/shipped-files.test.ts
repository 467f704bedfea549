import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..');
/** Paths that are test code or test data, wherever they appear. */
const TEST_PATH = /(^|\/)(test|e2e|bench|test-support|fixtures)\/|\.(test|spec)\.[cm]?[jt]s(\.map)?$|task-corpus|terminal-test-hook/;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('what ships', () => {
  it('the product build compiles no test support, fixture or test file', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.node.json', '--listFilesOnly'], { cwd: ROOT, encoding: 'utf8' });
    const ours = out.split('\n').map((f) => relative(ROOT, f.trim())).filter((f) => f && !f.startsWith('node_modules') && !f.startsWith('..'));
    expect(ours.length).toBeGreaterThan(100);
    expect(ours.filter((f) => TEST_PATH.test(f))).toEqual([]);
  });

  it('the installer takes only the build, package.json and production dependencies', () => {
    const config = parse(readFileSync(join(ROOT, 'build/electron-builder.yml'), 'utf8')) as { files: string[] };
    const included = config.files.filter((f) => !f.startsWith('!'));
    expect(included.sort()).toEqual(['dist/frontend/**/*', 'dist/node/**/*', 'package.json']);
  });

  it("the installer leaves out the renderer's precompressed copies, which only browser mode sends", () => {
    const config = parse(readFileSync(join(ROOT, 'build/electron-builder.yml'), 'utf8')) as { files: string[] };
    // finish-renderer.mjs writes `<file>.br` and `<file>.gz` beside each text file.
    expect(config.files).toContain('!dist/frontend/**/*.{br,gz}');
  });

  it("the packaged binary has Electron fuses flipped: nothing but the app's own asar runs code as the app", () => {
    const config = parse(readFileSync(join(ROOT, 'build/electron-builder.yml'), 'utf8')) as { electronFuses?: Record<string, boolean> };
    expect(config.electronFuses).toEqual({
      // The hook client and the gate runner are spawned as Node processes of the app's binary.
      runAsNode: true,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('the shipped renderer replaces the terminal test hook; only the test build keeps it', () => {
    const angular = JSON.parse(readFileSync(join(ROOT, 'angular.json'), 'utf8')) as {
      projects: Record<string, { architect: { build: { configurations: Record<string, { fileReplacements?: { replace: string; with: string }[] }> } } }>;
    };
    const configs = Object.values(angular.projects)[0]!.architect.build.configurations;
    expect(configs['production']!.fileReplacements).toContainEqual({ replace: 'frontend/app/consoles/terminal-test-hook.ts', with: 'frontend/app/consoles/terminal-test-hook.off.ts' });
    expect(configs['test']!.fileReplacements ?? []).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['build:frontend']).toContain('--configuration production');
    expect(pkg.scripts['dist']).toMatch(/^npm run build &&/);
  });

  it('the built output holds no test code (when built)', (ctx) => {
    const dist = join(ROOT, 'dist');
    if (!existsSync(join(dist, 'node'))) ctx.skip(); // `npm test` builds first; a bare `vitest` may not have
    const files = ['node', 'frontend'].flatMap((d) => (existsSync(join(dist, d)) ? walk(join(dist, d)) : [])).map((f) => relative(dist, f));
    expect(files.filter((f) => TEST_PATH.test(f))).toEqual([]);
  });
});
