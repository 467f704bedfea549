import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CortexError } from '../contract/index.js';
import { tempDir } from '../../test/support/temp.js';
import { AgentRegistry } from './agent-registry.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A temp folder for PATH, and a data dir for profiles.json. */
function setup(): { bin: string; profiles: string } {
  const bin = tempDir('cortex-bin-');
  const data = tempDir('cortex-data-');
  cleanups.push(bin.cleanup, data.cleanup);
  return { bin: bin.dir, profiles: join(data.dir, 'profiles.json') };
}
function install(bin: string, name: string): string {
  const file = join(bin, name);
  writeFileSync(file, '#!/bin/sh\necho fake\n');
  chmodSync(file, 0o755);
  return file;
}

/** Agent profiles as data: built-in ids, installed by PATH lookup, installed ones first. */
describe('the agent registry', () => {
  it('knows the seven built-ins and which are installed by looking them up on PATH; installed ones come first', () => {
    const { bin, profiles } = setup();
    const claude = install(bin, 'claude');
    const reg = new AgentRegistry(profiles, { PATH: bin, SHELL: '/bin/bash' });
    const list = reg.list();
    expect(list.map((a) => a.id).sort()).toEqual(['aider', 'claude', 'codex', 'copilot', 'gemini', 'opencode', 'shell']);
    expect(list.find((a) => a.id === 'claude')).toMatchObject({ name: 'Claude Code', installed: true, resolvedPath: claude, builtin: true });
    expect(list.find((a) => a.id === 'shell')).toMatchObject({ installed: true, resolvedPath: '/bin/bash' });
    const installed = list.filter((a) => a.installed).map((a) => a.id);
    expect(installed.sort()).toEqual(['claude', 'shell']);
    expect(list.slice(0, 2).map((a) => a.id).sort()).toEqual(['claude', 'shell']);
    for (const a of list.filter((x) => !x.installed)) expect(a.installHint, a.id).not.toBe('');
    for (const a of list.filter((x) => x.id !== 'shell')) expect(a.signInHint, a.id).not.toBe('');
  });

  it('starting one that is not installed is a clear error with its install command; installing it later is noticed without a restart', () => {
    const { bin, profiles } = setup();
    const reg = new AgentRegistry(profiles, { PATH: bin, SHELL: '/bin/bash' });
    let err: unknown;
    try {
      reg.require('codex');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CortexError);
    expect(err).toMatchObject({ code: 'AGENT_NOT_INSTALLED', message: 'Codex CLI is not installed: "codex" was not found on PATH.' });
    expect((err as CortexError).hint).toMatch(/^Install it with: npm install -g @openai\/codex/);
    const codex = install(bin, 'codex');
    expect(reg.require('codex').executable).toBe(codex);
  });

  it('a custom profile in profiles.json is a new agent with no new code, and an edit is picked up', () => {
    const { bin, profiles } = setup();
    const tool = install(bin, 'my-agent');
    const reg = new AgentRegistry(profiles, { PATH: bin, SHELL: '/bin/bash' });
    expect(reg.list().map((a) => a.id)).not.toContain('mine');
    writeFileSync(profiles, JSON.stringify({ profiles: [{ id: 'mine', name: 'My agent', command: 'my-agent', args: ['--fast'] }] }));
    expect(reg.require('mine')).toMatchObject({ executable: tool, builtin: false, profile: { args: ['--fast'] } });
    expect(reg.list().find((a) => a.id === 'mine')).toMatchObject({ name: 'My agent', installed: true });
    expect(reg.problems).toEqual([]);
  });

  it('an asynchronous refresh finds what was installed, reads profiles.json, and the refresh started last is the one kept', async () => {
    const { bin, profiles } = setup();
    const reg = new AgentRegistry(profiles, { PATH: bin, SHELL: '/bin/bash' });
    expect(reg.list().find((a) => a.id === 'gemini')).toMatchObject({ installed: false, resolvedPath: null });
    const gemini = install(bin, 'gemini');
    writeFileSync(profiles, JSON.stringify({ profiles: [{ id: 'claude', name: 'My Claude', command: 'gemini', args: [] }, { id: 'bad' }] }));
    // Started before the listing below: without async lookups nothing changes until it ends.
    const pending = reg.refreshAsync();
    expect(reg.list().find((a) => a.id === 'gemini')?.installed).toBe(false);
    await pending;
    expect(reg.list().find((a) => a.id === 'gemini')).toMatchObject({ installed: true, resolvedPath: gemini });
    expect(reg.list().find((a) => a.id === 'claude')).toMatchObject({ name: 'My Claude', builtin: false, resolvedPath: gemini });
    expect(reg.problems.length).toBeGreaterThan(0);
    // Two overlapping refreshes around an uninstall: the later one's view wins, whatever order they end in.
    const first = reg.refreshAsync();
    rmSync(gemini);
    const second = reg.refreshAsync();
    await Promise.all([second, first]);
    expect(reg.list().find((a) => a.id === 'gemini')).toMatchObject({ installed: false, resolvedPath: null });
  });
});
