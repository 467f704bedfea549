import { describe, expect, it } from 'vitest';
import { planResume } from '../recovery/resume.js';
import type { ResolvedProfile } from './agent-registry.js';
import { BUILTIN_PROFILES } from './profile-loader.js';
import { planLaunch } from './launch.js';
import { validAgentSessionId } from './resume-schema.js';

const builtin = (id: string) => BUILTIN_PROFILES.find((p) => p.id === id)!;
const resolved = (id: string): ResolvedProfile & { executable: string } => ({ profile: builtin(id), builtin: true, executable: `/usr/bin/${id}` });

describe('agent session ids from hooks are checked against the agent\'s form', () => {
  it('an id that is an option, or not of the agent\'s form, never reaches the resume arguments', () => {
    const claude = builtin('claude').resume;
    const uuid = '3b34d0ba-25cb-4141-84a2-80c4d5d19e61';
    expect(planResume(claude, uuid)).toEqual({ args: ['--resume', uuid], kind: 'with-id' });
    for (const bad of ['--dangerously-skip-permissions', '-p', 'abc def', 'x'.repeat(200), 'not-a-uuid', `${uuid}\n--x`]) {
      expect(validAgentSessionId(claude, bad)).toBe(false);
      expect(planResume(claude, bad)).toEqual({ args: ['--continue'], kind: 'continue' });
    }
    expect(validAgentSessionId(builtin('opencode').resume, 'ses_abc123')).toBe(true);
    expect(validAgentSessionId(builtin('opencode').resume, '--help')).toBe(false);
  });
});

describe('a prompt that starts with "-" is always data', () => {
  it('after -- for agents that take it as an argument', () => {
    expect(planLaunch(resolved('claude'), '--dangerously-skip-permissions please').argv).toEqual(['/usr/bin/claude', '--', '--dangerously-skip-permissions please']);
    expect(planLaunch(resolved('claude'), 'fix it').argv).toEqual(['/usr/bin/claude', 'fix it']);
  });

  it('joined to a long flag, or typed when the flag is short', () => {
    expect(planLaunch(resolved('opencode'), '-x').argv).toEqual(['/usr/bin/opencode', '--prompt=-x']);
    const gemini = planLaunch(resolved('gemini'), '--yolo now');
    expect(gemini.argv).toEqual(['/usr/bin/gemini']);
    expect(gemini.typedPrompt).toBe('--yolo now');
    expect(planLaunch(resolved('gemini'), 'hello').argv).toEqual(['/usr/bin/gemini', '-i', 'hello']);
  });
});
