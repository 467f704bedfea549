/**
 * Languages by file extension (lower-case, without the dot) and by exact file name.
 * Data, not code: add a row to teach the analysis a language. Files matching neither are
 * counted in `fileCount` but in no language. Extensions follow GitHub Linguist's usual ones.
 */
export const LANGUAGE_BY_EXTENSION: Readonly<Record<string, string>> = {
  ts: 'TypeScript', tsx: 'TypeScript', mts: 'TypeScript', cts: 'TypeScript',
  js: 'JavaScript', jsx: 'JavaScript', mjs: 'JavaScript', cjs: 'JavaScript',
  py: 'Python', pyi: 'Python', pyx: 'Cython',
  rs: 'Rust', go: 'Go',
  java: 'Java', kt: 'Kotlin', kts: 'Kotlin', scala: 'Scala', groovy: 'Groovy', gradle: 'Groovy', clj: 'Clojure',
  rb: 'Ruby', rake: 'Ruby', erb: 'HTML+ERB',
  php: 'PHP',
  cs: 'C#', fs: 'F#', vb: 'Visual Basic', csproj: 'XML', fsproj: 'XML', sln: 'Solution',
  c: 'C', h: 'C', cc: 'C++', cpp: 'C++', cxx: 'C++', hpp: 'C++', hh: 'C++', hxx: 'C++',
  m: 'Objective-C', mm: 'Objective-C++', swift: 'Swift', dart: 'Dart',
  lua: 'Lua', pl: 'Perl', pm: 'Perl', r: 'R', jl: 'Julia', ex: 'Elixir', exs: 'Elixir', erl: 'Erlang',
  hs: 'Haskell', ml: 'OCaml', zig: 'Zig', nim: 'Nim', v: 'V', sol: 'Solidity',
  sh: 'Shell', bash: 'Shell', zsh: 'Shell', fish: 'Shell', ps1: 'PowerShell', bat: 'Batchfile', cmd: 'Batchfile',
  html: 'HTML', htm: 'HTML', css: 'CSS', scss: 'SCSS', sass: 'Sass', less: 'Less',
  vue: 'Vue', svelte: 'Svelte', astro: 'Astro',
  json: 'JSON', jsonc: 'JSON', yaml: 'YAML', yml: 'YAML', toml: 'TOML', xml: 'XML', ini: 'INI',
  md: 'Markdown', mdx: 'MDX', rst: 'reStructuredText', tex: 'TeX',
  sql: 'SQL', graphql: 'GraphQL', gql: 'GraphQL', proto: 'Protocol Buffers',
  tf: 'HCL', hcl: 'HCL', nix: 'Nix', cmake: 'CMake', mk: 'Makefile',
};

export const LANGUAGE_BY_FILENAME: Readonly<Record<string, string>> = {
  Dockerfile: 'Dockerfile',
  Makefile: 'Makefile',
  GNUmakefile: 'Makefile',
  'CMakeLists.txt': 'CMake',
  Rakefile: 'Ruby',
  Gemfile: 'Ruby',
  Jenkinsfile: 'Groovy',
  Vagrantfile: 'Ruby',
};

/** The language of a file name, or undefined when it is none we know. */
export function languageOf(name: string): string | undefined {
  const byName = LANGUAGE_BY_FILENAME[name];
  if (byName) return byName;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return LANGUAGE_BY_EXTENSION[name.slice(dot + 1).toLowerCase()];
}

/**
 * Data languages that should not win "primary language" over code (a repo of TypeScript
 * with a large JSON fixture is still a TypeScript repo).
 */
export const NON_PRIMARY_LANGUAGES: ReadonlySet<string> = new Set([
  'JSON', 'YAML', 'TOML', 'XML', 'INI', 'Markdown', 'MDX', 'reStructuredText', 'Solution',
]);
