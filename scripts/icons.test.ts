import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs build script without type declarations
import { FULL_FONT, readIconList, shapeNames, subsetIcons } from './subset-icons.mjs';

const APP = join(import.meta.dirname, '..', 'frontend', 'app');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|html)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

/**
 * The icon names the renderer's sources use, where an icon name can be written: the text of
 * a `<mat-icon>` (a name, or the branches of a ternary `{{ a ? 'x' : 'y' }}`), an `icon: 'x'`
 * property (tables of looks), and the values of an `…Icon = { kind: 'x' }` map. A `<mat-icon>`
 * whose text is another expression reads one of those.
 */
function iconNamesInSources(): Map<string, string> {
  const found = new Map<string, string>();
  const add = (name: string, file: string) => found.set(name, file.slice(APP.length + 1));
  for (const file of sourceFiles(APP)) {
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/<mat-icon\b[^>]*>([\s\S]*?)<\/mat-icon\s*>/g)) {
      const text = m[1]!.trim();
      if (/^[a-z0-9_]+$/.test(text)) add(text, file);
      else for (const l of text.matchAll(/[?:]\s*'([a-z0-9_]+)'/g)) add(l[1]!, file);
    }
    for (const m of src.matchAll(/\bicon\s*:\s*'([a-z0-9_]+)'/g)) add(m[1]!, file);
    for (const m of src.matchAll(/\w*Icon\s*=\s*\{([^}]*)\}/g)) for (const l of m[1]!.matchAll(/'([a-z0-9_]+)'/g)) add(l[1]!, file);
  }
  return found;
}

describe('the icon list (frontend/icons.json)', () => {
  it('holds every icon the templates use, and none they no longer use', () => {
    const listed = new Set<string>(readIconList());
    const used = iconNamesInSources();
    const missing = [...used].filter(([name]) => !listed.has(name)).map(([name, file]) => `${name} (${file})`);
    expect(missing, `add these to frontend/icons.json: ${missing.join(', ')}`).toEqual([]);
    const unused = [...listed].filter((name) => !used.has(name));
    expect(unused, `remove these from frontend/icons.json: ${unused.join(', ')}`).toEqual([]);
  });
});

describe('the subset icon font', () => {
  it('is a small part of the full font, and draws every listed icon from its ligature', { timeout: 120_000 }, async () => {
    const full = readFileSync(FULL_FONT);
    const names: string[] = readIconList();
    const subset: Uint8Array = await subsetIcons(full, names);
    expect(subset.byteLength).toBeLessThan(150 * 1024);
    expect(subset.byteLength).toBeLessThan(full.byteLength / 20);

    const shaped: Map<string, number[]> = await shapeNames(subset, [...names, 'home', 'shopping_cart']);
    const notOneGlyph = names.filter((n) => shaped.get(n)!.length !== 1);
    expect(notOneGlyph, 'these names come out as letters, not as their icon').toEqual([]);
    // Icons left out are gone: their names are drawn as plain letters.
    expect(shaped.get('home')).toHaveLength('home'.length);
    expect(shaped.get('shopping_cart')).toHaveLength('shopping_cart'.length);
  });

  it('refuses a name that is not an icon of the font, naming it', { timeout: 120_000 }, async () => {
    await expect(subsetIcons(readFileSync(FULL_FONT), ['folder', 'no_such_icon_here'])).rejects.toThrow(/no_such_icon_here/);
  });
});
