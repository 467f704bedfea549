import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findOrphans } from './orphans.js';
import { tempDir, waitFor } from '../../test/support/temp.js';
import { isAlive } from '../pty/process-group.js';

describe('orphans of a crashed run, by the rules of Windows', () => {
  it('the recorded leader alone while it lives, found without `ps` (Windows has none), then nothing once it is gone', async () => {
    // A real process standing for the leader; PATH points at an empty folder, as on a
    // Windows machine where no `ps` exists: any attempt to run it fails.
    const leader = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const noTools = tempDir('cortex-no-ps-');
    const path = process.env['PATH'];
    process.env['PATH'] = noTools.dir;
    try {
      await waitFor(() => leader.pid !== undefined && isAlive(leader.pid), 5_000, 'the leader');
      expect(findOrphans([{ sessionId: 's1', pid: leader.pid! }], 'win32')).toEqual([{ pid: leader.pid, sessionId: 's1', command: '' }]);
      leader.kill('SIGKILL');
      await waitFor(() => leader.exitCode !== null || leader.signalCode !== null, 5_000, 'the leader to exit');
      expect(findOrphans([{ sessionId: 's1', pid: leader.pid! }], 'win32')).toEqual([]);
    } finally {
      process.env['PATH'] = path;
      leader.kill('SIGKILL');
      noTools.cleanup();
    }
  });
});
