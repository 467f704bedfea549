import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { runCortex } from '../test/support/cortex-cli';
import { Cockpit, snap } from './support/cockpit';
import { makeGitRepo } from './support/git-repo';
import { startServer, type RunningServer } from './support/server';
import { makeTaskProject, SCRIPTED_AGENT } from './support/task-project';

test.setTimeout(300_000);

let server: RunningServer | null = null;
test.afterEach(async () => {
  await server?.stop();
  server = null;
});

const HOUR = 3_600_000;
const STATES = { starting: 0, working: 0, waiting: 0, idle: 0, exited: 0, error: 0 };
const TASKS = { pending: 0, in_progress: 0, completed: 0, failed: 0, cancelled: 0, unverified: 0 };

/**
 * A day of history written into the instance's own database while it is stopped, as an
 * earlier run would have left it: a sample every 15 minutes and the usage two agents recorded.
 */
function writeHistory(dataDir: string, projectId: string, now: number): void {
  const db = new Database(join(dataDir, 'cortex.sqlite'));
  try {
    const put = db.prepare('INSERT INTO system_metrics (at, sample) VALUES (?, ?)');
    for (let i = 96; i >= 1; i--) {
      const at = now - i * 15 * 60_000;
      const k = 96 - i;
      put.run(
        at,
        JSON.stringify({
          at,
          app: { cpuPercent: 2 + (k % 7), rssBytes: (180 + (k % 11)) * 1024 * 1024, processes: 1 },
          agents: [{ sessionId: 'old-session', agent: 'claude', projectId, cpuPercent: 20 + (k % 13) * 3, rssBytes: (300 + k) * 1024 * 1024, processes: 5 }],
          sessionsByState: { ...STATES, working: 1, idle: k % 3 },
          tasksByState: { ...TASKS, in_progress: k % 2, completed: Math.floor(k / 8), failed: Math.floor(k / 24) },
          queueDepth: k % 4,
          tokensTotal: k * 12_000,
          costTotalUSD: k * 0.09,
          costPerHourUSD: i === 96 ? null : 0.36 + (k % 5) * 0.05,
          tokensPerMinute: i === 96 ? null : 800 + (k % 9) * 40,
          cacheHitRatio: 0.8,
        }),
      );
    }
    const cost = db.prepare(
      `INSERT INTO cost_tracking (session_id, hour, model, project_id, agent, task_id, source, billing, input, output, cache_write, cache_read, reasoning, cost_usd, unpriced, records)
       VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
    );
    const hour = Math.floor((now - 2 * HOUR) / HOUR) * HOUR;
    cost.run('old-session', hour, 'claude-sonnet-4-5-20250929', projectId, 'claude', 'claude-transcript', 'api', 1200, 54_000, 20_000, 700_000, 8.64, 0, 40);
    cost.run('gemini-session', hour, 'gemini-2.5-pro', projectId, 'gemini', 'otlp', 'subscription', 3000, 9000, 0, 0, null, 12, 12);
    // What could not be read: two export points of the Gemini session, and a Codex session whose rollout file was never found.
    const unknown = db.prepare(
      `INSERT INTO cost_tracking (session_id, hour, model, project_id, agent, task_id, source, billing, cost_usd, records, unreadable, unfound)
       VALUES (?, ?, '', ?, ?, NULL, ?, 'unknown', NULL, 0, ?, ?)`,
    );
    unknown.run('gemini-session', hour, projectId, 'gemini', 'otlp', 2, 0);
    unknown.run('lost-session', hour, projectId, 'codex', 'codex-rollout', 0, 1);
  } finally {
    db.close();
  }
}

test('the Usage dashboard: charts of a day of samples, cost by agent with unknown kept unknown, filters, CSV export, no axe violation', async ({ page }, testInfo) => {
  server = await startServer();
  const cockpit = new Cockpit(page);
  const repo = makeGitRepo('dashboard-repo');
  await cockpit.open(server.url);
  await cockpit.addFolder(repo);
  const panel = await cockpit.startSession(basename(repo));
  const sessionId = await cockpit.sessionId(panel);
  await server.stop({ keepData: true });
  const root = server.root;
  const dataDir = server.dataDir;
  server = null;
  const db = new Database(join(dataDir, 'cortex.sqlite'), { readonly: true });
  const row = db.prepare('SELECT project_id AS id FROM sessions WHERE id = ?').get(sessionId) as { id: string };
  db.close();
  writeHistory(dataDir, row.id, Date.now());
  server = await startServer({ root });
  await cockpit.open(server.url);
  // The tab logged its failed reconnects while no server ran: the app noticing, not an error of it.
  cockpit.pageErrors.length = 0;

  await page.getByTestId('view-dashboard').click();
  const dashboard = page.getByTestId('dashboard');
  await expect(dashboard).toBeVisible();
  // 96 samples of the day before plus the one this start took.
  await expect(page.getByTestId('chart-cost')).toHaveAttribute('data-points', /^(9[7-9]|1\d\d)$/);
  await expect(page.getByTestId('chart-cost').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('chart-cost')).toHaveAttribute('aria-label', /^Cost per hour: latest USD per hour [\d.]+ USD\/h \(highest [\d.]+ USD\/h\)$/);
  await expect(page.getByTestId('dashboard-cost')).toHaveText('unknown'); // a subscription's tokens: no made-up bill
  const claude = page.getByTestId('cost-by-agent').locator('[data-testid=cost-bar][data-key=claude]');
  await expect(claude.getByTestId('cost-bar-value')).toHaveText('$8.64 · 775.2k tokens');
  // What could not be read reads unknown, never 0: part of Gemini's tokens ("at least"), all of the lost Codex session's.
  const gemini = page.getByTestId('cost-by-agent').locator('[data-testid=cost-bar][data-key=gemini]').getByTestId('cost-bar-value');
  await expect(gemini).toHaveText('unknown · ≥12.0k tokens');
  await expect(gemini).toHaveAttribute('title', '2 usage records could not be read: tokens and cost unknown');
  await expect(page.getByTestId('cost-by-agent').locator('[data-testid=cost-bar][data-key=codex]').getByTestId('cost-bar-value')).toHaveText('unknown · unknown tokens');
  await expect(page.getByTestId('dashboard-tokens')).toHaveText('≥787.2k');
  await expect(page.getByTestId('dashboard-not-read')).toHaveText('2 usage records and 1 session could not be read: tokens and cost unknown.');
  await expect(page.getByTestId('cost-by-model').getByTestId('cost-bar')).toHaveCount(3);
  await expect(page.getByTestId('dashboard-agents').locator('[data-agent=claude] td').nth(4)).toHaveText('$8.64');
  await expect(page.getByTestId('dashboard-agents').locator('[data-agent=codex] td').nth(4)).toHaveText('unknown');
  await expect(page.getByTestId('dashboard-agents').locator('[data-agent=codex] td').nth(5)).toHaveText('unknown');
  await expect(page.getByTestId('dashboard-sessions')).toHaveText('1');
  await snap(page, testInfo, 'dashboard-1440-dark');

  await test.step('the period filter: the last hour holds only its own samples', async () => {
    await page.getByTestId('dashboard-period-1h').click();
    await expect(page.getByTestId('chart-cost')).toHaveAttribute('data-points', /^([3-9]|[1-8]\d)$/);
    await page.getByTestId('dashboard-period-24h').click();
    await expect(page.getByTestId('chart-cost')).toHaveAttribute('data-points', /^(9[7-9]|1\d\d)$/);
  });

  await test.step('the sampling interval: a bad value is refused in place, a good one is saved', async () => {
    const field = page.getByTestId('dashboard-interval');
    await field.fill('2');
    await field.press('Enter');
    await field.blur();
    await expect(page.getByTestId('dashboard-error')).toContainText('"2" is not a sampling interval');
    await field.fill('30');
    await field.blur();
    await expect(page.getByTestId('dashboard-error')).toHaveCount(0);
  });

  await test.step('CSV export downloads every sample of the period', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('dashboard-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^cortex-metrics-24h-\d{4}-\d\d-\d\dT\d\d-\d\d\.csv$/);
    const lines = readFileSync((await file.path())!, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^time,at_ms,app_cpu_percent,app_rss_bytes,agents_cpu_percent/);
    expect(lines.length).toBeGreaterThanOrEqual(98);
    await expect(page.getByTestId('dashboard-exported')).toContainText(`Exported ${lines.length - 1} samples`);
  });

  await test.step('axe-core, WCAG 2.1 AA, both themes', async () => {
    for (const scheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.mouse.move(0, 0);
      await page.waitForTimeout(300);
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).exclude('.xterm-rows').analyze();
      const found = result.violations.flatMap((v) => v.nodes.map((n) => `[${scheme}] ${v.id}: ${n.target.join(' ')}`));
      expect(found, found.join('\n')).toEqual([]);
    }
  });

  for (const [w, h] of [
    [1280, 720],
    [1024, 768],
    [800, 600],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(300);
    // Nothing spills sideways: the dashboard fits its width at every size.
    expect(await dashboard.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
    await snap(page, testInfo, `dashboard-${w}-light`);
  }
  expect(cockpit.pageErrors).toEqual([]);
});

/** The Claude Code hooks of the built-in `claude` profile: how a stand-in names its transcript. */
const CLAUDE_HOOKS = (JSON.parse(readFileSync(resolve('backend/agents/builtin-profiles.json'), 'utf8')) as { profiles: { id: string; hooks: unknown }[] }).profiles.find((p) => p.id === 'claude')!.hooks;
const REPLAYING_AGENT = resolve('test/fixtures/accounting/replaying-agent.sh');
const HOOK_CLIENT = resolve('backend/status/hook-client.mjs');
/**
 * A Claude Code transcript of three models. One replay at list price: claude-sonnet-4-5
 * $0.012759 (12,153 tokens), claude-opus-4-1 $0.087525 (13,310), claude-haiku-4-5 $0.0027
 * (1,500): $0.102984 and 26,963 tokens.
 */
const TRANSCRIPT = resolve('test/fixtures/accounting/claude/projects/-home-dev-shop/4f1c2a9e-6b3d-4e8a-9c1f-0d2e3a4b5c6d.jsonl');
const REPLAY = { usd: 0.102984, tokens: 26_963 };

/**
 * A profile whose every launch writes a copy of {@link TRANSCRIPT} stamped `ageSec` before now,
 * names it through the Claude Code hooks, then works as the scripted agent's `persona` (`-`: none).
 */
function replayingProfile(id: string, name: string, persona: string, ageSec: number, transcripts: string): Record<string, unknown> {
  return {
    id,
    name,
    command: '/bin/sh',
    args: [REPLAYING_AGENT, HOOK_CLIENT, TRANSCRIPT, transcripts, String(ageSec), SCRIPTED_AGENT, persona],
    promptMode: { kind: 'arg' },
    capabilities: ['implement', 'fix'],
    specializations: [],
    hooks: CLAUDE_HOOKS,
  };
}

/** The cells of the per-agent table's row of `agent`, as shown. */
function agentRow(page: Page, agent: string): Locator {
  return page.getByTestId('dashboard-agents').locator(`[data-testid=dashboard-agent-row][data-agent="${agent}"] td`);
}

/** Expects the per-agent row of `agent` to read `cells` (attempts, success rate, quality, cost, tokens), its mean time a duration or `—`. */
async function expectAgentRow(page: Page, agent: string, cells: [string, string, string, string, string], time: 'duration' | 'none'): Promise<void> {
  const row = agentRow(page, agent);
  await expect(row).toHaveCount(7);
  for (const [i, text] of cells.entries()) await expect(row.nth(i + 1)).toHaveText(text);
  await expect(row.nth(6)).toHaveText(time === 'none' ? '—' : /^(\d+s|\d+m \d\ds)$/);
}

/** The highest value a chart's summary gives for its line `label` (null when it has none). */
async function highest(chart: Locator, label: string): Promise<number | null> {
  const name = (await chart.getAttribute('aria-label')) ?? '';
  const m = new RegExp(`${label} [\\d.]+[^,(]*\\(highest ([\\d.]+)`).exec(name);
  return m ? Number(m[1]) : null;
}

test('the dashboard of two projects seeded through the real backend: project and period filters, charts drawn, per-agent table, CSV of the filtered rows', async ({ page }, testInfo) => {
  server = await startServer();
  const dataDir = server.dataDir;
  const transcripts = mkdtempSync(join(tmpdir(), 'dashboard-transcripts-'));
  writeFileSync(
    join(dataDir, 'profiles.json'),
    JSON.stringify({
      profiles: [
        replayingProfile('fixer', 'Fixer', 'fixer', 0, transcripts),
        replayingProfile('breaker', 'Breaker', 'broken', 0, transcripts),
        // Older usage: a session whose transcript records are three days old.
        replayingProfile('replayer', 'Replayer', '-', 3 * 86_400, transcripts),
      ],
    }),
  );
  const cli = async (...args: string[]): Promise<string> => {
    const run = await runCortex(args, dataDir, { timeoutMs: 30_000 });
    expect(run.code, `cortex ${args.join(' ')}: ${run.stderr}`).toBe(0);
    return run.stdout.trim();
  };

  await test.step('seed: two projects, three real tasks, usage from transcripts, samples every 5 s', async () => {
    await cli('settings', 'set', 'metricsIntervalSec', '5');
    const alphaDir = makeTaskProject('dash-alpha');
    const betaDir = makeTaskProject('dash-beta');
    const alpha = JSON.parse(await cli('add', alphaDir, '--json')) as { id: string };
    await cli('add', betaDir);
    // Two runs per agent and no switch: the breaker's task fails after its second run.
    await cli('preset', 'apply', 'cost_optimized', '--project', alpha.id);
    await cli('task', 'new', alphaDir, 'Fix the failing test in src/value.js', '--agent', 'fixer');
    await cli('task', 'new', alphaDir, 'Fix the value in src/value.js', '--agent', 'breaker');
    await cli('task', 'new', betaDir, 'Fix the failing test in src/value.js', '--agent', 'fixer');
    await cli('start', betaDir, '--agent', 'replayer');
    await expect
      .poll(async () => (JSON.parse(await cli('task', 'list', '--json')) as { status: string }[]).map((t) => t.status).sort(), { timeout: 180_000, intervals: [1000] })
      .toEqual(['completed', 'completed', 'failed']);
    // Five agent launches each left a transcript: the fixers' two, the breaker's two runs and the replayer's.
    await expect
      .poll(async () => (JSON.parse(await cli('usage', '--by', 'session', '--json')) as { rows: { tokens: { output: number } }[] }).rows.filter((r) => r.tokens.output === 1250).length, { timeout: 30_000 })
      .toBe(5);
    // Two more samples after the last task ended, so every chart holds the end state.
    await page.waitForTimeout(11_000);
  });

  const cockpit = new Cockpit(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await cockpit.open(server.url);
  await page.getByTestId('view-dashboard').click();
  const dashboard = page.getByTestId('dashboard');
  await expect(dashboard).toBeVisible();
  const bar = (list: string, key: string) => page.getByTestId(list).locator(`[data-testid=cost-bar][data-key="${key}"]`).getByTestId('cost-bar-value');
  const projectId = async (name: string) => (JSON.parse(await cli('projects', '--json')) as { id: string; name: string }[]).find((p) => p.name.startsWith(name))!.id;
  const alphaId = await projectId('dash-alpha');
  const betaId = await projectId('dash-beta');
  const usd = (n: number) => `$${n.toFixed(2)}`;

  await test.step('every project, the last 24 hours: the tasks and transcripts of both projects, not the three-day-old one', async () => {
    await expect(page.getByTestId('dashboard-cost')).toHaveText(usd(4 * REPLAY.usd));
    await expect(page.getByTestId('dashboard-tokens')).toHaveText('107.9k');
    await expect(page.getByTestId('dashboard-success')).toHaveText('67 %');
    await expect(page.getByTestId('cost-by-project').getByTestId('cost-bar')).toHaveCount(2);
    await expect(bar('cost-by-project', alphaId)).toHaveText(`${usd(3 * REPLAY.usd)} · 80.9k tokens`);
    await expect(bar('cost-by-project', betaId)).toHaveText(`${usd(REPLAY.usd)} · 27.0k tokens`);
    await expect(page.getByTestId('cost-by-agent').getByTestId('cost-bar')).toHaveCount(2);
    await expect(bar('cost-by-agent', 'fixer')).toHaveText(`${usd(2 * REPLAY.usd)} · 53.9k tokens`);
    await expect(bar('cost-by-agent', 'breaker')).toHaveText(`${usd(2 * REPLAY.usd)} · 53.9k tokens`);
    // Three models; Claude Code's `<synthetic>` placeholder replies (no tokens) get no bar.
    await expect(page.getByTestId('cost-by-model').getByTestId('cost-bar')).toHaveCount(3);
    await expect(bar('cost-by-model', 'claude-opus-4-1-20250805')).toHaveText('$0.35 · 53.2k tokens');
    await expect(bar('cost-by-model', 'claude-sonnet-4-5-20250929')).toHaveText('$0.05 · 48.6k tokens');
    await expect(bar('cost-by-model', 'claude-haiku-4-5-20251001')).toHaveText('$0.01 · 6.0k tokens');
    // The per-agent table: attempts, success rate, quality, cost, tokens, mean task time.
    await expect(page.getByTestId('dashboard-agent-row')).toHaveCount(2);
    await expectAgentRow(page, 'fixer', ['2 / 2', '100 %', '100 %', usd(2 * REPLAY.usd), '53.9k'], 'duration');
    await expectAgentRow(page, 'breaker', ['0 / 1', '0 %', '0 %', usd(2 * REPLAY.usd), '53.9k'], 'duration');
    await expect(agentRow(page, 'fixer').first()).toHaveText('Fixer');
  });

  await test.step('each chart is drawn from samples with data', async () => {
    for (const id of ['chart-cost', 'chart-tokens', 'chart-tasks', 'chart-success', 'chart-cpu', 'chart-memory']) {
      const chart = page.getByTestId(id);
      await expect(chart).toHaveAttribute('data-points', /^([3-9]|\d\d+)$/);
      await expect(chart.locator('canvas')).toBeVisible();
      await expect(chart.getByText('No samples in this period yet.')).toHaveCount(0);
    }
    expect(await highest(page.getByTestId('chart-cost'), 'USD per hour')).toBeGreaterThan(0);
    expect(await highest(page.getByTestId('chart-tokens'), 'Tokens per minute')).toBeGreaterThan(0);
    await expect(page.getByTestId('chart-tasks')).toHaveAttribute('aria-label', /Completed 2 \(highest 2\), Failed 1 \(highest 1\)$/);
    await expect(page.getByTestId('chart-success')).toHaveAttribute('aria-label', /^Success rate: latest Success rate % 66\.7 %/);
    await snap(page, testInfo, 'dashboard-seeded-1440-dark');
  });

  await test.step('the last 7 days take in the three-day-old transcript: its project, agent and total grow', async () => {
    await page.getByTestId('dashboard-period-7d').click();
    await expect(page.getByTestId('dashboard-cost')).toHaveText(usd(5 * REPLAY.usd));
    await expect(page.getByTestId('dashboard-tokens')).toHaveText('134.8k');
    await expect(bar('cost-by-project', betaId)).toHaveText(`${usd(2 * REPLAY.usd)} · 53.9k tokens`);
    await expect(page.getByTestId('dashboard-agent-row')).toHaveCount(3);
    await expectAgentRow(page, 'replayer', ['0 / 0', '—', '—', usd(REPLAY.usd), '27.0k'], 'none');
  });

  await test.step("a project filter shows that project's figures and rows only", async () => {
    await page.getByTestId('dashboard-project').click();
    await page.getByRole('option', { name: /^dash-beta-/ }).click();
    await expect(page.getByTestId('dashboard-cost')).toHaveText(usd(2 * REPLAY.usd));
    await expect(page.getByTestId('cost-by-project').getByTestId('cost-bar')).toHaveCount(1);
    await expect(bar('cost-by-project', betaId)).toBeVisible();
    await expect(page.getByTestId('dashboard-agent-row')).toHaveCount(2);
    await expectAgentRow(page, 'fixer', ['1 / 1', '100 %', '100 %', usd(REPLAY.usd), '27.0k'], 'duration');
    await expectAgentRow(page, 'replayer', ['0 / 0', '—', '—', usd(REPLAY.usd), '27.0k'], 'none');
    await expect(page.getByTestId('dashboard-success')).toHaveText('100 %');
    // Back to 24 hours: the old transcript leaves, the task stays.
    await page.getByTestId('dashboard-period-24h').click();
    await expect(page.getByTestId('dashboard-cost')).toHaveText(usd(REPLAY.usd));
    await expect(page.getByTestId('dashboard-agent-row')).toHaveCount(1);
    await expectAgentRow(page, 'fixer', ['1 / 1', '100 %', '100 %', usd(REPLAY.usd), '27.0k'], 'duration');

    await page.getByTestId('dashboard-project').click();
    await page.getByRole('option', { name: /^dash-alpha-/ }).click();
    await expect(page.getByTestId('dashboard-cost')).toHaveText(usd(3 * REPLAY.usd));
    await expect(page.getByTestId('cost-by-project').getByTestId('cost-bar')).toHaveCount(1);
    await expect(bar('cost-by-project', alphaId)).toBeVisible();
    await expect(page.getByTestId('dashboard-success')).toHaveText('50 %');
    await expect(page.getByTestId('dashboard-agent-row')).toHaveCount(2);
    await expectAgentRow(page, 'fixer', ['1 / 1', '100 %', '100 %', usd(REPLAY.usd), '27.0k'], 'duration');
    await expectAgentRow(page, 'breaker', ['0 / 1', '0 %', '0 %', usd(2 * REPLAY.usd), '53.9k'], 'duration');
  });

  await test.step("the per-agent CSV holds the filtered rows: alpha's agents of the last 24 hours", async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('dashboard-export-agents').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^cortex-agents-24h-dash-alpha-\w+-\d{4}-\d\d-\d\dT\d\d-\d\d\.csv$/);
    const [header, ...lines] = readFileSync((await file.path())!, 'utf8').trim().split('\n');
    expect(header).toBe('agent,name,attempts,successes,success_rate,avg_quality,cost_usd,tokens,avg_task_ms,not_read');
    const rows = new Map(lines.map((l) => l.split(',')).map((c) => [c[0]!, c]));
    expect([...rows.keys()].sort()).toEqual(['breaker', 'fixer']);
    const fixer = rows.get('fixer')!;
    expect(fixer.slice(1, 6)).toEqual(['Fixer', '1', '1', '1', '1']);
    expect(Number(fixer[6])).toBeCloseTo(REPLAY.usd, 9);
    expect(Number(fixer[7])).toBe(REPLAY.tokens);
    expect(Number(fixer[8])).toBeGreaterThan(0);
    expect(fixer[9]).toBe('');
    const breaker = rows.get('breaker')!;
    expect(breaker.slice(1, 6)).toEqual(['Breaker', '1', '0', '0', '0']);
    expect(Number(breaker[6])).toBeCloseTo(2 * REPLAY.usd, 9);
    expect(Number(breaker[7])).toBe(2 * REPLAY.tokens);
    await expect(page.getByTestId('dashboard-exported')).toHaveText(/^Exported 2 agent rows as cortex-agents-24h-dash-alpha-/);
  });

  await test.step('screenshots at 1440 and 1024 px in both themes; axe-core finds nothing in either', async () => {
    await page.getByTestId('dashboard-project').click();
    await page.getByRole('option', { name: 'All projects' }).click();
    await expect(page.getByTestId('dashboard-agent-row')).toHaveCount(2);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [w, h] of [
        [1440, 900],
        [1024, 768],
      ] as const) {
        await page.setViewportSize({ width: w, height: h });
        await page.mouse.move(0, 0);
        await page.waitForTimeout(400);
        expect(await dashboard.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
        await page.getByTestId('dashboard-period').evaluate((el) => el.scrollIntoView({ block: 'start' }));
        await snap(page, testInfo, `dashboard-seeded-${w}-${scheme}`);
        await page.getByTestId('dashboard-agents').evaluate((el) => el.scrollIntoView({ block: 'end' }));
        // Scrolled to, the whole table shows: its last row is in view, not squeezed out of its section.
        await expect(page.getByTestId('dashboard-agent-row').last()).toBeInViewport({ ratio: 1 });
        await snap(page, testInfo, `dashboard-seeded-${w}-${scheme}-end`);
      }
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).exclude('.xterm-rows').analyze();
      const found = result.violations.flatMap((v) => v.nodes.map((n) => `[${scheme}] ${v.id}: ${n.target.join(' ')}`));
      expect(found, found.join('\n')).toEqual([]);
    }
  });
  expect(cockpit.pageErrors).toEqual([]);
});
