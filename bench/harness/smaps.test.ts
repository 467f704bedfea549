import { describe, expect, it } from 'vitest';
import { residentByKind, residentGrowthByKind } from './smaps.js';

/** One smaps entry: its header line, then the Rss line (the fields read). */
function entry(range: string, name: string, rssKiB: number): string {
  return `${range} rw-p 00000000 00:00 0 ${name}\nSize: 1 kB\nRss: ${rssKiB} kB\nPss: ${rssKiB} kB\n`;
}

describe('residentByKind (smaps of a Node process by mapping kind)', () => {
  it('tells the brk heap, thread arenas, 256 KiB pages, other anonymous mappings and files apart', () => {
    const smaps = [
      entry('55d0c0000000-55d0c1000000', '[heap]', 100),
      entry('7f0408000000-7f0408a00000', '', 200), // 64 MiB-aligned: a glibc arena
      entry('3f3744900000-3f3744940000', '', 256), // 256 KiB at a 256 KiB boundary
      entry('7f0408a01000-7f0408a05000', '', 16), // neither
      entry('7ffd10000000-7ffd10021000', '[stack]', 8),
      entry('00400000-00500000', '/usr/bin/node', 1000),
    ].join('');
    expect(residentByKind(smaps)).toEqual(
      new Map([
        ['[heap]', 100 * 1024],
        ['thread arenas', 200 * 1024],
        ['256 KiB pages', 256 * 1024],
        ['other anonymous', (16 + 8) * 1024],
        ['files', 1000 * 1024],
      ]),
    );
  });

  it('counts a 256 KiB-aligned mapping that is not a whole number of pages as other anonymous', () => {
    expect(residentByKind(entry('3f3744900000-3f3744901000', '', 4))).toEqual(new Map([['other anonymous', 4 * 1024]]));
  });
});

describe('residentGrowthByKind', () => {
  it('gives each kind growth, largest first, kinds that appear or vanish included', () => {
    const before = entry('55d0c0000000-55d0c1000000', '[heap]', 100) + entry('00400000-00500000', '/usr/bin/node', 1000);
    const after = entry('55d0c0000000-55d0c1000000', '[heap]', 300) + entry('3f3744900000-3f3744940000', '', 256);
    expect(residentGrowthByKind(before, after)).toEqual([
      ['256 KiB pages', 256 * 1024],
      ['[heap]', 200 * 1024],
      ['files', -1000 * 1024],
    ]);
  });
});
