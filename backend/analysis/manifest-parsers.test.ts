import { describe, expect, it } from 'vitest';
import { parseCargoToml, parsePnpmWorkspace, parsePyproject } from './manifest-parsers.js';

describe('manifest parsers (TOML and YAML through maintained parsers)', () => {
  it('reads TOML strings with escapes, literal strings and inline tables as TOML defines them', () => {
    const m = parseCargoToml(
      [
        '[package]',
        'name = "quote\\"d-\\u00e9"',
        '[dependencies]',
        "serde = { version = '1.0', features = [\"derive\"] }",
        'regex = "1"',
        '[workspace]',
        'members = ["crates/*", \'tools/x\']',
      ].join('\n'),
    );
    expect(m.name).toBe('quote"d-é');
    expect(m.deps).toEqual([
      { name: 'serde', version: '1.0', scope: 'runtime' },
      { name: 'regex', version: '1', scope: 'runtime' },
    ]);
    expect(m.workspaces).toEqual(['crates/*', 'tools/x']);
  });

  it('reads multi-line arrays and dotted keys in pyproject.toml', () => {
    const m = parsePyproject(['tool.pytest.ini_options.addopts = "-q"', '[project]', 'name = "demo"', 'dependencies = [', '  "requests>=2",  # http', '  "rich",', ']'].join('\n'));
    expect(m.name).toBe('demo');
    expect(m.deps.map((d) => d.name)).toEqual(['requests', 'rich']);
    expect(m.hints).toContain('pytest-config');
  });

  it('refuses malformed TOML instead of guessing', () => {
    expect(() => parseCargoToml('[package\nname = "x"')).toThrow();
  });

  it('reads pnpm-workspace.yaml in block and flow form', () => {
    expect(parsePnpmWorkspace('packages:\n  - "apps/*"\n  - packages/* # libs\n').workspaces).toEqual(['apps/*', 'packages/*']);
    expect(parsePnpmWorkspace('packages: ["a/*", \'b\']\ncatalog:\n  react: ^19\n').workspaces).toEqual(['a/*', 'b']);
    expect(parsePnpmWorkspace('catalog: {}\n').workspaces).toEqual([]);
  });
});
