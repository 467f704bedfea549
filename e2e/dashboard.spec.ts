import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Cockpit, snap } from './support/cockpit';
import { makeGitRepo } from './support/git-repo';
import { startServer, type RunningServer } from './support/server';

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
  await expect(page.getByTestId('chart-cost')).toHaveAttribute('aria-label', /^Cost per hour: latest USD per hour [\d.]+ USD\/h$/);
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
