import { realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowserMode, type BrowserModeInstance } from '../../backend/server/browser-mode.js';
import { WsClient } from '../../backend/client/ws-client.js';
import { tempDir, testShellEnv } from './temp.js';

/** A real browser-mode instance on 127.0.0.1 with a temp data dir, and a connected client. */
export interface TestInstance {
  instance: BrowserModeInstance;
  client: WsClient;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts a real backend + WebSocket server; `stop()` ends sessions, closes and cleans up.
 * With `opts.dataDir` it opens that data folder (a restart on the same folder) and `stop()`
 * leaves the folder in place for the next start.
 */
export async function startTestInstance(env: Record<string, string> = {}, opts: { dataDir?: string } = {}): Promise<TestInstance> {
  const t = opts.dataDir !== undefined ? { dir: opts.dataDir, cleanup: () => {} } : tempDir('cortex-data-');
  const instance = await startBrowserMode({ dataDir: t.dir, env: testShellEnv(env) });
  const client = await WsClient.connect(instance.server.wsUrl, instance.server.token);
  return {
    instance,
    client,
    dataDir: t.dir,
    stop: async () => {
      await client.close();
      await instance.stop();
      t.cleanup();
    },
  };
}

/**
 * Gives a test instance its agent profiles (written as its `profiles.json`, read again through
 * `agents.list`) and adds `repoDir` as a project.
 * @param profiles agent profiles as the profile schema takes them
 * @returns the project's id
 * @throws CortexError when a profile or the folder is refused
 */
export async function useProfilesAndProject(inst: TestInstance, profiles: readonly unknown[], repoDir: string): Promise<string> {
  writeFileSync(join(inst.dataDir, 'profiles.json'), JSON.stringify({ profiles }));
  await inst.client.call('agents.list', {});
  return (await inst.client.call('projects.add', { path: realpathSync(repoDir) })).id;
}
