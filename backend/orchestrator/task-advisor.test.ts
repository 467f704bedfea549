import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentRegistry } from '../agents/agent-registry.js';
import { BreakerRegistry } from '../recovery/breaker-registry.js';
import { BreakerRepository } from '../store/breaker-repository.js';
import { openDatabase, type Db } from '../store/database.js';
import { tempDir } from '../../test/support/temp.js';
import { TaskAdvisor } from './task-advisor.js';
import { parseTask } from './task-parser.js';
import { TaskRepository } from './task-repository.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A real registry over an empty PATH (no agent installed), a real SQLite store, and the advisor on them. */
function setup(): { advisor: TaskAdvisor; bin: string; profiles: string } {
  const bin = tempDir('cortex-bin-');
  const data = tempDir('cortex-data-');
  const db: Db = openDatabase(join(data.dir, 'cortex.db'));
  cleanups.push(bin.cleanup, () => db.close(), data.cleanup);
  const profiles = join(data.dir, 'profiles.json');
  const agents = new AgentRegistry(profiles, { PATH: bin.dir, SHELL: '/bin/bash' });
  const advisor = new TaskAdvisor(agents, new BreakerRegistry(new BreakerRepository(db)), new TaskRepository(db));
  return { advisor, bin: bin.dir, profiles };
}

describe('the task advisor with no coding agent installed', () => {
  const parse = parseTask('Fix the crash in the Angular login form');

  it('scores every profile on the capabilities and specializations its profile lists, and picks none', () => {
    const { advisor } = setup();
    expect(parse.intent.value).toBe('fix');
    expect(parse.domain.value).toBe('frontend');
    const ranking = advisor.rank('', parse, null);
    const coding = ranking.filter((r) => r.agent !== 'shell');
    expect(coding.map((r) => r.agent).sort()).toEqual(['aider', 'claude', 'codex', 'copilot', 'gemini', 'opencode']);
    for (const r of coding) {
      expect(r.eligible, r.agent).toBe(false);
      expect(r.excluded, r.agent).toBe('not installed');
      expect(r.parts.capability.reasons, r.agent).toEqual(['takes fix tasks']);
      expect(r.parts.capability.weighted, r.agent).toBeGreaterThan(0);
    }
    // Profiles differ in what they specialize in, so their scores differ too: Aider lists no frontend work.
    const by = new Map(coding.map((r) => [r.agent, r]));
    expect(by.get('claude')!.parts.specialization.reasons).toContain('specializes in frontend');
    expect(by.get('aider')!.score).toBeLessThan(by.get('claude')!.score);
    const shell = ranking.find((r) => r.agent === 'shell')!;
    expect(shell.parts.capability.weighted).toBe(0);
    expect(ranking.some((r) => r.eligible)).toBe(false);
  });

  it('a custom profile whose command is on PATH becomes the one eligible agent', () => {
    const { advisor, bin, profiles } = setup();
    const tool = join(bin, 'my-agent');
    writeFileSync(tool, '#!/bin/sh\necho fake\n');
    chmodSync(tool, 0o755);
    writeFileSync(profiles, JSON.stringify({ profiles: [{ id: 'mine', name: 'Mine', command: 'my-agent', capabilities: ['fix'] }] }));
    const ranking = advisor.rank('', parse, null);
    expect(ranking.filter((r) => r.eligible).map((r) => r.agent)).toEqual(['mine']);
    expect(ranking[0]!.agent).toBe('mine');
  });
});
