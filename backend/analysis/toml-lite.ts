/**
 * A small TOML reader for manifests (pyproject.toml, Cargo.toml): tables, arrays of tables,
 * dotted and quoted keys, basic/literal/multi-line strings, arrays and inline tables.
 * Numbers, booleans and dates come back as their text. Not a validator: on malformed input
 * it returns what it could read rather than throwing.
 */
export type TomlValue = string | TomlValue[] | { [k: string]: TomlValue };
export type TomlTable = { [k: string]: TomlValue };

export function parseToml(text: string): TomlTable {
  const p = new Parser(text);
  try {
    p.document();
  } catch {
    // keep what was read
  }
  return p.root;
}

class Parser {
  readonly root: TomlTable = {};
  private i = 0;
  constructor(private readonly s: string) {}

  document(): void {
    let table = this.root;
    while (this.skipBlank(), this.i < this.s.length) {
      if (this.s[this.i] === '[') {
        const arr = this.s[this.i + 1] === '[';
        this.i += arr ? 2 : 1;
        const path = this.keyPath(']');
        this.i += arr ? 2 : 1;
        table = arr ? this.appendTable(path) : this.table(this.root, path);
      } else {
        const path = this.keyPath('=');
        this.i++; // '='
        const v = this.value();
        const last = path.pop()!;
        this.table(table, path)[last] = v;
      }
      this.skipLine();
    }
  }

  private table(from: TomlTable, path: string[]): TomlTable {
    let t = from;
    for (const k of path) {
      let next = t[k];
      if (Array.isArray(next)) next = next[next.length - 1];
      if (!next || typeof next !== 'object') t[k] = next = {};
      t = next as TomlTable;
    }
    return t;
  }

  private appendTable(path: string[]): TomlTable {
    const last = path.pop()!;
    const parent = this.table(this.root, path);
    const arr = Array.isArray(parent[last]) ? (parent[last] as TomlValue[]) : (parent[last] = []);
    const t: TomlTable = {};
    arr.push(t);
    return t;
  }

  private keyPath(end: string): string[] {
    const keys: string[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.s[this.i];
      if (c === '"' || c === "'") keys.push(this.string());
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(this.s.slice(this.i, this.i + 200));
        if (!m) throw new Error('bad key');
        keys.push(m[0]);
        this.i += m[0].length;
      }
      this.skipSpaces();
      if (this.s[this.i] === '.') {
        this.i++;
        continue;
      }
      if (this.s[this.i] === end) return keys;
      throw new Error('bad key path');
    }
  }

  private value(): TomlValue {
    this.skipSpaces();
    const c = this.s[this.i];
    if (c === '"' || c === "'") return this.string();
    if (c === '[') {
      this.i++;
      const arr: TomlValue[] = [];
      for (;;) {
        this.skipBlank();
        if (this.s[this.i] === ']') {
          this.i++;
          return arr;
        }
        arr.push(this.value());
        this.skipBlank();
        if (this.s[this.i] === ',') this.i++;
        else if (this.s[this.i] !== ']') throw new Error('bad array');
      }
    }
    if (c === '{') {
      this.i++;
      const t: TomlTable = {};
      for (;;) {
        this.skipSpaces();
        if (this.s[this.i] === '}') {
          this.i++;
          return t;
        }
        const path = this.keyPath('=');
        this.i++;
        const v = this.value();
        const last = path.pop()!;
        this.table(t, path)[last] = v;
        this.skipSpaces();
        if (this.s[this.i] === ',') this.i++;
      }
    }
    const m = /^[^,\]}\n#]+/.exec(this.s.slice(this.i, this.i + 500));
    if (!m) throw new Error('bad value');
    this.i += m[0].length;
    return m[0].trim();
  }

  private string(): string {
    const q = this.s[this.i]!;
    const multi = this.s.startsWith(q.repeat(3), this.i);
    const delim = multi ? q.repeat(3) : q;
    this.i += delim.length;
    if (multi && this.s[this.i] === '\n') this.i++;
    let out = '';
    while (this.i < this.s.length && !this.s.startsWith(delim, this.i)) {
      const ch = this.s[this.i]!;
      if (q === '"' && ch === '\\') {
        const n = this.s[this.i + 1];
        out += n === 'n' ? '\n' : n === 't' ? '\t' : (n ?? '');
        this.i += 2;
      } else {
        if (!multi && ch === '\n') throw new Error('unterminated string');
        out += ch;
        this.i++;
      }
    }
    this.i += delim.length;
    return out;
  }

  private skipSpaces(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t' || this.s[this.i] === '\r') this.i++;
  }

  /** Skips whitespace, newlines and comments. */
  private skipBlank(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') this.i++;
      else if (c === '#') while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
      else return;
    }
  }

  /** Skips the rest of the line (a trailing comment). */
  private skipLine(): void {
    this.skipSpaces();
    if (this.s[this.i] === '#') while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
  }
}
