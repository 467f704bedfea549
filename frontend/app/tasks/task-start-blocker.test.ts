import { describe, expect, it } from 'vitest';
import { startBlocker, type ComposerState } from './task-start-blocker';

const ready: ComposerState = { hasProject: true, text: 'Fix the login test', analyzing: false, analysisFailed: false, analyzed: true, eligibleAgents: 2, installedAgents: 2, needsConfirm: false, busy: false };

describe('startBlocker', () => {
  it('lets a ready task start', () => {
    expect(startBlocker(ready)).toBeNull();
  });

  it('says what is missing, first unmet condition first', () => {
    expect(startBlocker({ ...ready, busy: true })).toBe('Starting…');
    expect(startBlocker({ ...ready, hasProject: false, text: '' })).toBe('Pick a project first.');
    expect(startBlocker({ ...ready, text: '   ' })).toBe('Describe the task first.');
    expect(startBlocker({ ...ready, analyzing: true })).toBe('Reading the task…');
    expect(startBlocker({ ...ready, analyzed: false })).toBe('Reading the task…');
    expect(startBlocker({ ...ready, analysisFailed: true, analyzed: false })).toMatch(/could not be read/);
    expect(startBlocker({ ...ready, eligibleAgents: 0, installedAgents: 0, needsConfirm: true })).toBe(
      'No coding agent is installed: install one and sign in to it (see above), then press Check again.',
    );
    expect(startBlocker({ ...ready, eligibleAgents: 0, installedAgents: 1 })).toMatch(/^No installed agent can take it now/);
    expect(startBlocker({ ...ready, needsConfirm: true })).toMatch(/not a git repository/);
  });
});
