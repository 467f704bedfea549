import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp.js';
import { GUIDELINES_BEGIN, SEPARATE_GUIDELINES_FILE, guidelinesArgs, injectGuidelines, removeGuidelines } from './guidelines.js';

const input = { taskText: 'fix the bug', branch: 'cortex/fix', testCommand: 'npm test', analysis: null };

describe.skipIf(process.platform === 'win32')('guidelines never follow a symbolic link out of the worktree', () => {
  it('a CLAUDE.md committed as a link to a file outside: that file is untouched, the guidelines go to a separate file', () => {
    const work = tempDir();
    const outside = tempDir();
    try {
      const target = join(outside.dir, 'victim.md');
      writeFileSync(target, 'precious\n');
      symlinkSync(target, join(work.dir, 'CLAUDE.md'));
      const profile = { guidelines: { file: 'CLAUDE.md', args: ['--read', '{file}'] } };
      const g = injectGuidelines(work.dir, profile, input)!;
      expect(readFileSync(target, 'utf8')).toBe('precious\n');
      expect(g).toEqual({ file: SEPARATE_GUIDELINES_FILE, created: true });
      expect(readFileSync(join(work.dir, SEPARATE_GUIDELINES_FILE), 'utf8')).toContain(GUIDELINES_BEGIN);
      expect(guidelinesArgs(work.dir, profile, g)).toEqual(['--read', join(work.dir, SEPARATE_GUIDELINES_FILE)]);
      removeGuidelines(work.dir, g);
      expect(existsSync(join(work.dir, SEPARATE_GUIDELINES_FILE))).toBe(false);
      expect(readFileSync(target, 'utf8')).toBe('precious\n');
    } finally {
      work.cleanup();
      outside.cleanup();
    }
  });

  it('a linked folder on the way (.github → outside) and a dangling link: nothing is created outside', () => {
    const work = tempDir();
    const outside = tempDir();
    try {
      symlinkSync(outside.dir, join(work.dir, '.github'));
      const g = injectGuidelines(work.dir, { guidelines: { file: '.github/copilot-instructions.md', args: [] } }, input)!;
      expect(g.file).toBe(SEPARATE_GUIDELINES_FILE);
      expect(readdirSync(outside.dir)).toEqual([]);
      removeGuidelines(work.dir, g);

      symlinkSync(join(outside.dir, 'new.md'), join(work.dir, 'AGENTS.md'));
      const d = injectGuidelines(work.dir, { guidelines: { file: 'AGENTS.md', args: [] } }, input)!;
      expect(d.file).toBe(SEPARATE_GUIDELINES_FILE);
      expect(readdirSync(outside.dir)).toEqual([]);
    } finally {
      work.cleanup();
      outside.cleanup();
    }
  });

  it('a plain instruction file still gets the section appended', () => {
    const work = tempDir();
    try {
      mkdirSync(join(work.dir, 'docs'));
      writeFileSync(join(work.dir, 'CLAUDE.md'), '# Rules\n');
      const g = injectGuidelines(work.dir, { guidelines: { file: 'CLAUDE.md', args: [] } }, input)!;
      expect(g).toEqual({ file: 'CLAUDE.md', created: false });
      expect(readFileSync(join(work.dir, 'CLAUDE.md'), 'utf8')).toContain(GUIDELINES_BEGIN);
    } finally {
      work.cleanup();
    }
  });
});
