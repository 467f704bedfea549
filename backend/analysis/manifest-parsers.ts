import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import type { ProjectType } from '../contract/index.js';

/** A dependency as a manifest declares it. */
export interface DeclaredDep {
  name: string;
  version: string | null;
  scope: 'runtime' | 'dev';
}

/** What the analysis reads out of one manifest file. */
export interface ParsedManifest {
  name: string | null;
  deps: DeclaredDep[];
  /** Named scripts (package.json / composer.json `scripts`). */
  scripts: Record<string, string>;
  /** Workspace / module members declared (paths or globs, relative to the manifest's dir). */
  workspaces: string[];
  /** Facts a test-command rule may ask for, e.g. `pytest-config`. */
  hints: string[];
}

/** Reads one manifest file's text. Throws on text its format cannot parse (the analysis then counts the manifest as unreadable). */
export type ManifestParser = (text: string) => ParsedManifest;

const empty = (): ParsedManifest => ({ name: null, deps: [], scripts: {}, workspaces: [], hints: [] });

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function depsOf(table: unknown, scope: DeclaredDep['scope']): DeclaredDep[] {
  return Object.entries(obj(table)).map(([name, v]) => ({
    name,
    version: typeof v === 'string' ? v : str(obj(v)['version']),
    scope,
  }));
}

/** package.json: dependencies (+ optional, peer) and devDependencies, scripts, workspaces. */
export const parsePackageJson: ManifestParser = (text) => {
  const j = obj(JSON.parse(text));
  const ws = Array.isArray(j['workspaces']) ? strings(j['workspaces']) : strings(obj(j['workspaces'])['packages']);
  return {
    name: str(j['name']),
    deps: [
      ...depsOf(j['dependencies'], 'runtime'),
      ...depsOf(j['optionalDependencies'], 'runtime'),
      ...depsOf(j['peerDependencies'], 'runtime'),
      ...depsOf(j['devDependencies'], 'dev'),
    ],
    scripts: Object.fromEntries(Object.entries(obj(j['scripts'])).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
    workspaces: ws,
    hints: [],
  };
};

/** composer.json: require / require-dev (without `php` and `ext-*`), scripts. */
export const parseComposerJson: ManifestParser = (text) => {
  const j = obj(JSON.parse(text));
  const notPlatform = (d: DeclaredDep) => d.name !== 'php' && !d.name.startsWith('ext-');
  const scripts: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(j['scripts']))) scripts[k] = typeof v === 'string' ? v : strings(v).join(' && ');
  return {
    name: str(j['name']),
    deps: [...depsOf(j['require'], 'runtime'), ...depsOf(j['require-dev'], 'dev')].filter(notPlatform),
    scripts,
    workspaces: [],
    hints: [],
  };
};

/** A PEP 508 requirement (`name[extra]>=1.0; marker`) → name and version spec. */
function pep508(req: string, scope: DeclaredDep['scope']): DeclaredDep | null {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;#]*)/.exec(req);
  if (!m) return null;
  const version = m[3]!.trim();
  return { name: m[1]!.toLowerCase(), version: version || null, scope };
}

/** pyproject.toml: PEP 621 `[project]`, Poetry, PDM/uv dependency groups; pytest config. */
export const parsePyproject: ManifestParser = (text) => {
  const t = parseToml(text);
  const project = obj(t['project']);
  const tool = obj(t['tool']);
  const poetry = obj(tool['poetry']);
  const deps: DeclaredDep[] = [];
  for (const r of strings(project['dependencies'])) push(deps, pep508(r, 'runtime'));
  for (const list of Object.values(obj(project['optional-dependencies']))) for (const r of strings(list)) push(deps, pep508(r, 'dev'));
  for (const list of Object.values(obj(t['dependency-groups']))) for (const r of strings(list)) push(deps, pep508(r, 'dev'));
  for (const d of depsOf(poetry['dependencies'], 'runtime')) if (d.name.toLowerCase() !== 'python') deps.push({ ...d, name: d.name.toLowerCase() });
  for (const d of depsOf(poetry['dev-dependencies'], 'dev')) deps.push({ ...d, name: d.name.toLowerCase() });
  for (const g of Object.values(obj(poetry['group']))) for (const d of depsOf(obj(g)['dependencies'], 'dev')) deps.push({ ...d, name: d.name.toLowerCase() });
  const hints: string[] = [];
  if (tool['pytest']) hints.push('pytest-config');
  return { name: str(project['name']) ?? str(poetry['name']), deps, scripts: {}, workspaces: strings(obj(obj(tool['uv'])['workspace'])['members']), hints };
};

/** requirements*.txt: one PEP 508 requirement per line; options and includes skipped. */
export const parseRequirements: ManifestParser = (text) => {
  const m = empty();
  for (const line of text.split('\n')) {
    const l = line.trim();
    if (!l || l.startsWith('#') || l.startsWith('-')) continue;
    push(m.deps, pep508(l, 'runtime'));
  }
  return m;
};

/** Cargo.toml: [dependencies], [dev-dependencies], [build-dependencies], [workspace] members. */
export const parseCargoToml: ManifestParser = (text) => {
  const t = parseToml(text);
  const ws = obj(t['workspace']);
  return {
    name: str(obj(t['package'])['name']),
    deps: [
      ...depsOf(t['dependencies'], 'runtime'),
      ...depsOf(ws['dependencies'], 'runtime'),
      ...depsOf(t['dev-dependencies'], 'dev'),
      ...depsOf(t['build-dependencies'], 'dev'),
    ],
    scripts: {},
    workspaces: strings(ws['members']),
    hints: [],
  };
};

/** go.mod: module path and `require` lines (block or single); `// indirect` kept as runtime. */
export const parseGoMod: ManifestParser = (text) => {
  const m = empty();
  m.name = /^module\s+(\S+)/m.exec(text)?.[1] ?? null;
  const reqs: string[] = [];
  for (const b of text.matchAll(/^require\s*\(([\s\S]*?)^\)/gm)) reqs.push(...b[1]!.split('\n'));
  for (const s of text.matchAll(/^require\s+([^(\s].*)$/gm)) reqs.push(s[1]!);
  for (const r of reqs) {
    const x = /^\s*(\S+)\s+(v\S+)/.exec(r);
    if (x) m.deps.push({ name: x[1]!, version: x[2]!, scope: 'runtime' });
  }
  return m;
};

/** go.work: `use` directives become workspace members. */
export const parseGoWork: ManifestParser = (text) => {
  const m = empty();
  for (const b of text.matchAll(/^use\s*\(([\s\S]*?)^\)/gm)) m.workspaces.push(...b[1]!.split('\n').map((l) => l.trim()).filter(Boolean));
  for (const s of text.matchAll(/^use\s+([^(\s]\S*)/gm)) m.workspaces.push(s[1]!);
  return m;
};

const xmlText = (block: string, tag: string): string | null =>
  new RegExp(`<${tag}>\\s*([^<]*?)\\s*</${tag}>`).exec(block)?.[1] ?? null;

/** pom.xml: <dependency> blocks as `groupId:artifactId` (test scope → dev), <module>s. */
export const parsePomXml: ManifestParser = (text) => {
  const m = empty();
  const noComments = text.replace(/<!--[\s\S]*?-->/g, '');
  const outside = noComments.replace(/<(dependencies|dependencyManagement|build|parent|profiles)>[\s\S]*?<\/\1>/g, '');
  m.name = xmlText(outside, 'artifactId');
  for (const d of noComments.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
    const g = xmlText(d[1]!, 'groupId');
    const a = xmlText(d[1]!, 'artifactId');
    if (!a) continue;
    m.deps.push({ name: g ? `${g}:${a}` : a, version: xmlText(d[1]!, 'version'), scope: xmlText(d[1]!, 'scope') === 'test' ? 'dev' : 'runtime' });
  }
  for (const p of noComments.matchAll(/<parent>([\s\S]*?)<\/parent>/g)) {
    const g = xmlText(p[1]!, 'groupId');
    const a = xmlText(p[1]!, 'artifactId');
    if (g && a) m.deps.push({ name: `${g}:${a}`, version: xmlText(p[1]!, 'version'), scope: 'runtime' });
  }
  for (const mod of noComments.matchAll(/<module>\s*([^<]+?)\s*<\/module>/g)) m.workspaces.push(mod[1]!);
  return m;
};

/** build.gradle(.kts): `configuration("group:name:version")` lines and plugin ids. */
export const parseGradle: ManifestParser = (text) => {
  const m = empty();
  const re = /\b(implementation|api|compileOnly|runtimeOnly|testImplementation|testRuntimeOnly|androidTestImplementation|kapt|annotationProcessor)\s*\(?\s*["']([^"':]+):([^"':]+)(?::([^"']+))?["']/g;
  for (const d of text.matchAll(re)) {
    m.deps.push({ name: `${d[2]}:${d[3]}`, version: d[4] ?? null, scope: d[1]!.startsWith('test') || d[1]!.startsWith('androidTest') ? 'dev' : 'runtime' });
  }
  for (const p of text.matchAll(/\bid\s*\(?\s*["']([^"']+)["']/g)) m.deps.push({ name: `plugin:${p[1]}`, version: null, scope: 'dev' });
  return m;
};

/** settings.gradle(.kts): `include ':a', ':b'` / `include("a")` become workspace members. */
export const parseGradleSettings: ManifestParser = (text) => {
  const m = empty();
  m.name = /rootProject\.name\s*=\s*["']([^"']+)["']/.exec(text)?.[1] ?? null;
  for (const line of text.matchAll(/^\s*include\b(.*)$/gm)) {
    for (const q of line[1]!.matchAll(/["']:?([^"']+)["']/g)) m.workspaces.push(q[1]!.replace(/:/g, '/'));
  }
  return m;
};

/** Gemfile: `gem 'name', 'version'`; gems inside a test/development group are dev. */
export const parseGemfile: ManifestParser = (text) => {
  const m = empty();
  let devDepth = 0;
  let depth = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (/^group\b.*\b(test|development)\b.*\bdo\b/.test(line)) {
      depth++;
      devDepth = depth;
      continue;
    }
    if (/\bdo\b(\s*\|.*\|)?$/.test(line)) depth++;
    if (line === 'end') {
      if (depth === devDepth) devDepth = 0;
      depth = Math.max(0, depth - 1);
      continue;
    }
    const g = /^gem\s+["']([^"']+)["'](?:\s*,\s*["']([^"']+)["'])?/.exec(line);
    if (g) m.deps.push({ name: g[1]!, version: g[2] ?? null, scope: devDepth ? 'dev' : /group:.*(test|development)/.test(line) ? 'dev' : 'runtime' });
  }
  return m;
};

/** *.csproj / *.fsproj: PackageReference items, the SDK (Web → hint `sdk-web`). */
export const parseCsproj: ManifestParser = (text) => {
  const m = empty();
  for (const r of text.matchAll(/<PackageReference\s+([^>]*?)\/?>(?:([\s\S]*?)<\/PackageReference>)?/g)) {
    const name = /Include\s*=\s*"([^"]+)"/.exec(r[1]!)?.[1];
    if (!name) continue;
    const version = /Version\s*=\s*"([^"]+)"/.exec(r[1]!)?.[1] ?? (r[2] ? xmlText(r[2], 'Version') : null);
    m.deps.push({ name, version: version ?? null, scope: /test|xunit|nunit|mstest|coverlet/i.test(name) ? 'dev' : 'runtime' });
  }
  const sdk = /<Project\s+Sdk\s*=\s*"([^"]+)"/.exec(text)?.[1];
  if (sdk) m.hints.push(`sdk:${sdk}`);
  if (/<IsTestProject>\s*true/i.test(text)) m.hints.push('test-project');
  return m;
};

/** pnpm-workspace.yaml: the `packages:` list (block or flow form). @throws on malformed YAML */
export const parsePnpmWorkspace: ManifestParser = (text) => {
  const m = empty();
  m.workspaces = strings(obj(parseYaml(text))['packages']);
  return m;
};

/** A manifest that only says "this is a project of this type". */
export const parseNothing: ManifestParser = () => empty();

function push(list: DeclaredDep[], d: DeclaredDep | null): void {
  if (d) list.push(d);
}

export type { ProjectType };
