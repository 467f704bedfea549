import { realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempGitRepo, waitFor } from '../../test/support/temp.js';

const AGENT = fileURLToPath(new URL('../../test/fixtures/accounting/otel-limited-agent.mjs', import.meta.url));
/** The environment Claude Code needs to export its events over OTLP/HTTP protobuf. */
const TELEMETRY = {
  env: {
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_ENDPOINT: '{endpoint}',
    OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer {token}',
  },
  sources: 'Claude Code monitoring docs (environment variables of the OpenTelemetry export)',
};

/**
 * Quota awareness from structured events, not only the screen: agents that report an API error
 * 429 as Claude Code does (a `claude_code.api_error` log event through the official
 * OpenTelemetry JS exporter) while their screen says nothing a quota pattern would match.
 */
describe('an agent that reports a rate limit or usage limit in an OpenTelemetry API error event', () => {
  let inst: TestInstance;
  let repo: { dir: string; cleanup: () => void };
  const reset = Math.floor(Date.now() / 1000) + 5 * 3600;

  beforeAll(async () => {
    inst = await startTestInstance({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin` });
    const profile = (id: string, args: string[]) => ({ id, name: id, command: process.execPath, args: [AGENT, ...args], promptMode: { kind: 'arg' }, telemetry: TELEMETRY });
    writeFileSync(
      join(inst.dataDir, 'profiles.json'),
      JSON.stringify({
        profiles: [
          profile('rate-limited', ['429', 'rate_limit_error: Number of request tokens has exceeded your per-minute rate limit']),
          profile('usage-limited', ['429', `Claude AI usage limit reached|${reset}`, '--exit', '1']),
        ],
      }),
    );
    await inst.client.call('agents.list', {});
    repo = tempGitRepo({ 'README.md': 'x\n' });
  });
  afterAll(async () => {
    await inst?.stop();
    repo?.cleanup();
  });

  const agent = async (id: string) => (await inst.client.call('agents.list', {})).agents.find((a) => a.id === id)!;

  it('the session reads waiting with the reason, and the agent is held until the wait is over', async () => {
    const before = Date.now();
    const s = await inst.client.call('sessions.start', { path: realpathSync(repo.dir), agent: 'rate-limited' });
    const waiting = await waitFor(async () => {
      const x = await inst.client.call('sessions.get', { id: s.id });
      return x.state === 'waiting' && x.stateReason.startsWith('quota') ? x : null;
    }, 20_000, 'the session to read waiting with the quota reason');
    expect(waiting.stateReason).toMatch(/^quota reached \(rate limit \(API error 429\)\), resets at about \d{4}-\d\d-\d\d \d\d:\d\d/);
    const held = (await agent('rate-limited')).breaker;
    expect(held.quotaReason).toBe(waiting.stateReason);
    // No reset time in the event: the map's wait (60 s) from the event.
    expect(held.quotaUntil! - before).toBeGreaterThanOrEqual(55_000);
    expect(held.quotaUntil! - Date.now()).toBeLessThanOrEqual(60_000);
    // The screen said nothing of a limit: the hold came from the event.
    expect((await inst.client.call('sessions.screen', { id: s.id })).text).not.toMatch(/limit|429/i);
  });

  it('a usage limit with its stated reset holds the agent until then, and an agent that quits on it is not restarted', async () => {
    const s = await inst.client.call('sessions.start', { path: realpathSync(repo.dir), agent: 'usage-limited', restartPolicy: 'on-failure' });
    const exited = await waitFor(async () => {
      const x = await inst.client.call('sessions.get', { id: s.id });
      return x.state === 'exited' ? x : null;
    }, 20_000, 'the agent to exit');
    expect(exited.exitCode).toBe(1);
    const held = (await agent('usage-limited')).breaker;
    expect(held.quotaUntil).toBe(reset * 1000);
    expect(held.quotaReason).toMatch(/^quota reached \(usage limit \(API error 429\)\), resets at \d{4}-/);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await inst.client.call('sessions.get', { id: s.id })).toMatchObject({ state: 'exited', restarts: 0 });
    await expect(inst.client.call('sessions.start', { path: realpathSync(repo.dir), agent: 'usage-limited' })).rejects.toMatchObject({ code: 'AGENT_UNAVAILABLE' });
  });
});
