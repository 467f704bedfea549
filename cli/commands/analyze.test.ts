import { describe, expect, it } from 'vitest';
import type { ProjectAnalysis } from '../../backend/contract/index.js';
import { styleFor } from '../format.js';
import { describeAnalysis } from './analyze.js';

const plain = styleFor(false, {});

function analysis(over: Partial<ProjectAnalysis>): ProjectAnalysis {
  return {
    root: '/big', analyzedAt: 0, computeMs: 1, fileCount: 20_040, dirCount: 201, totalBytes: 0, maxDepth: 1,
    languages: [], primaryLanguage: null, projectTypes: [], frameworks: [], projects: [], projectsTruncated: false,
    monorepo: false, dependencies: [], testCommand: null, testCommands: [], complexity: 0,
    complexityFactors: { files: 0, languages: 0, maxDepth: 0, dependencies: 0, projects: 0 }, treeHash: 'h',
    walk: { complete: true, stoppedBy: null, limit: null },
    watch: { mode: 'per-entry', live: true, reason: null },
    ...over,
  };
}

describe('cortex analyze, for humans', () => {
  it('says when the walk stopped at its budget and when the folder is not watched, and why', () => {
    const text = describeAnalysis({
      analysis: analysis({
        walk: { complete: false, stoppedBy: 'files', limit: 20_000 },
        watch: { mode: 'none', live: false, reason: 'folder too large (over 20241 files and folders; the walk stopped at its budget)' },
      }),
      source: 'fresh',
      tookMs: 900,
    }, plain);
    expect(text).toMatch(/walk\s+partial: the walk stopped at its budget \(20000 files\); the counts cover the part read/);
    expect(text).toMatch(/watch\s+not watched: folder too large \(over 20241 files and folders; the walk stopped at its budget\) \(each analysis walks it again\)/);
  });

  it('a small watched folder reads as whole and watched', () => {
    const text = describeAnalysis({ analysis: analysis({}), source: 'hot', tookMs: 0.1 }, plain);
    expect(text).toMatch(/walk\s+whole tree read/);
    expect(text).toMatch(/watch\s+watched \(a watch per file and folder\)/);
  });
});
