import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_SCROLLBACK_LINES } from '../backend/contract/index';
import { URL_ENV } from './global-setup';
import { Cockpit, snap } from './support/cockpit';
import { makeGitRepo } from './support/git-repo';
import { startServer } from './support/server';

/** Numbered lines printed across the reload. */
const LINE_COUNT = 3000;
/** The printer pauses every this many lines… */
const PAUSE_EVERY = 100;
/** …for this long (s), so the whole run spans ~3 s and the reload lands in the middle. */
const PAUSE_S = 0.1;
/** Reload once this line is in the buffer. */
const RELOAD_AFTER_LINE = 400;
/** Lines of the flood that scrolls far past the console's scrollback (~4 M chars through the PTY). */
const FLOOD_LINES = 300_000;
/** The console's scrollback (the contract's CONSOLE_SCROLLBACK_LINES). */
const TERMINAL_SCROLLBACK_LINES = CONSOLE_SCROLLBACK_LINES;
/** Lines of the file shown in `less`. */
const LESS_FILE_LINES = 500;

/** Issue 3 in the browser: a reload reattaches with nothing lost or doubled; full-screen programs come back. */
test.describe('session recovery', () => {
  test('reload while a program prints numbered lines: every line once, in order', async ({ page }) => {
    const cockpit = new Cockpit(page);
    const { name } = await cockpit.openWithNewRepo('reload-lines-repo');
    const panel = await cockpit.startSession(name);
    const id = await cockpit.sessionId(panel);

    // $((6*7)): the end marker (done-42) differs from the typed command.
    await cockpit.typeLine(
      panel,
      `for i in $(seq 1 ${LINE_COUNT}); do echo "line-$i"; if [ $((i % ${PAUSE_EVERY})) -eq 0 ]; then sleep ${PAUSE_S}; fi; done; echo "done-$((6*7))"`,
    );
    await expect.poll(() => cockpit.terminalText(id), { timeout: 20_000 }).toContain(`line-${RELOAD_AFTER_LINE}\n`);
    const beforeReload = numbered(await cockpit.terminalText(id));
    expect(beforeReload.length, 'the reload lands while it prints').toBeLessThan(LINE_COUNT);

    await page.reload();
    await expect(cockpit.panelById(id).getByTestId('terminal')).toHaveAttribute('data-attached', 'true');
    await expect.poll(() => cockpit.terminalText(id), { timeout: 30_000 }).toContain('done-42');
    const lines = numbered(await cockpit.terminalText(id));
    expect(lines.length).toBe(LINE_COUNT);
    const wrong = lines.findIndex((n, i) => n !== i + 1);
    expect(wrong, `line ${wrong + 1} is line-${lines[wrong]}`).toBe(-1);
    expect(cockpit.pageErrors).toEqual([]);
  });

  test('a plain flood far past the scrollback: the console ends with its last lines, each once, in order', async ({ page }) => {
    // The backend may skip output waiting for the console that scrolls out of its
    // scrollback unseen (it states TERMINAL_SCROLLBACK_LINES on attach): what stays must be
    // exactly the flood's tail.
    const cockpit = new Cockpit(page);
    const { name } = await cockpit.openWithNewRepo('flood-tail-repo');
    const panel = await cockpit.startSession(name);
    const id = await cockpit.sessionId(panel);
    await cockpit.typeLine(panel, `seq -f 'line-%g' 1 ${FLOOD_LINES}; echo "done-$((6*7))"`);
    await expect.poll(() => cockpit.terminalText(id), { timeout: 60_000 }).toContain('done-42');
    const lines = numbered(await cockpit.terminalText(id));
    expect(lines.length).toBeGreaterThanOrEqual(TERMINAL_SCROLLBACK_LINES);
    expect(lines[lines.length - 1]).toBe(FLOOD_LINES);
    const wrong = lines.findIndex((n, i) => n !== lines[0]! + i);
    expect(wrong, `line ${wrong + 1} is line-${lines[wrong]}`).toBe(-1);
    expect(cockpit.pageErrors).toEqual([]);
  });

  test('a full-screen program (less) comes back with the same screen after a reload', async ({ page }, testInfo) => {
    const cockpit = new Cockpit(page);
    const repo = makeGitRepo('reload-less-repo');
    writeFileSync(join(repo, 'big.txt'), Array.from({ length: LESS_FILE_LINES }, (_, i) => `row-${i + 1} ${'·'.repeat(i % 40)}`).join('\n') + '\n');
    const name = repo.split('/').pop()!;
    await cockpit.open(process.env[URL_ENV]!);
    await cockpit.addFolder(repo);
    const panel = await cockpit.startSession(name);
    const id = await cockpit.sessionId(panel);

    await cockpit.typeLine(panel, 'less big.txt');
    await expect.poll(async () => (await cockpit.terminalScreen(id)).buffer).toBe('alternate');
    // Page down twice, so the screen is not simply the top of the file.
    await page.keyboard.press('Space');
    await page.keyboard.press('Space');
    await expect.poll(async () => (await cockpit.terminalScreen(id)).text).toMatch(/row-\d\d+/);
    await page.waitForTimeout(500);
    const before = await cockpit.terminalScreen(id);
    expect(before.text).not.toContain('row-1 \n');

    await page.reload();
    await expect(cockpit.panelById(id).getByTestId('terminal')).toHaveAttribute('data-attached', 'true');
    await expect.poll(() => cockpit.terminalScreen(id), { timeout: 15_000 }).toEqual(before);
    await page.mouse.move(0, 0);
    await snap(page, testInfo, '40-less-after-reload');
    await cockpit.panelById(id).locator('.xterm-screen').click();
    await page.keyboard.press('q');
    await expect.poll(async () => (await cockpit.terminalScreen(id)).buffer).toBe('normal');
  });

  test('after a backend restart the session is back, marked restored; settings choose "closed", relaunch works', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    let server = await startServer();
    try {
      const cockpit = new Cockpit(page);
      const repo = makeGitRepo('restart-repo');
      const name = repo.split('/').pop()!;
      await cockpit.open(server.url);
      await cockpit.addFolder(repo);

      await test.step('settings: bring sessions back closed', async () => {
        await page.getByTestId('settings-button').click();
        const dialog = page.getByTestId('settings-dialog');
        await expect(dialog.getByTestId('settings-restore-mode')).toContainText('Relaunch');
        await dialog.getByTestId('settings-restore-mode').click();
        await page.getByTestId('restore-mode-closed').click();
        await expect(dialog.getByTestId('settings-saved')).toBeVisible();
        await expect(dialog.getByTestId('settings-restore-mode')).toContainText('closed');
        await snap(page, testInfo, '41-settings');
        await dialog.getByTestId('settings-close').click();
        await expect(dialog).toBeHidden();
      });

      const panel = await cockpit.startSession(name);
      const id = await cockpit.sessionId(panel);
      await cockpit.typeLine(panel, 'echo before-restart-$((6*7))');
      await expect(cockpit.screen(panel)).toContainText('before-restart-42');
      // Snapshots are throttled (≤ one per 2 s); a quit also saves.
      await page.waitForTimeout(2_500);

      await server.stop({ keepData: true });
      server = await startServer({ root: server.root });
      await cockpit.open(server.url);

      await test.step('back with its screen, a "restored" mark and the choice to relaunch', async () => {
        // The new server listens on another port: another origin, so the tab's layout is not
        // carried over (in the desktop app it is). Show the console from the sidebar.
        await expect(cockpit.sessionRow(id).getByTestId('restored-marker')).toBeVisible();
        await cockpit.sessionRow(id).getByTestId('session-open').click();
        const restored = cockpit.panelById(id);
        await expect(restored.getByTestId('terminal')).toHaveAttribute('data-attached', 'true');
        await expect.poll(() => cockpit.terminalText(id)).toContain('before-restart-42');
        await expect.poll(() => cockpit.terminalText(id)).toContain('restored from');
        await expect(restored.getByTestId('restored-marker')).toBeVisible();
        await expect(cockpit.sessionRow(id).getByTestId('restored-marker')).toBeVisible();
        await expect(restored.getByTestId('restored-bar')).toBeVisible();
        await expect(restored.getByTestId('state-chip')).toHaveAttribute('data-state', 'exited');
        await page.mouse.move(0, 0);
        await snap(page, testInfo, '42-restored-closed');
      });

      await test.step('Relaunch starts it again in the same console', async () => {
        const restored = cockpit.panelById(id);
        await restored.getByTestId('restored-relaunch').click();
        await expect(restored.getByTestId('state-chip')).toHaveAttribute('data-state', /starting|working|idle/);
        await expect(restored.getByTestId('restored-bar')).toBeHidden();
        await cockpit.typeLine(restored, 'echo after-restart-$((6*7))');
        await expect.poll(() => cockpit.terminalText(id)).toContain('after-restart-42');
        await page.mouse.move(0, 0);
        await snap(page, testInfo, '43-restored-relaunched');
      });
      // The tab tried to reconnect to the stopped server in between: expected.
      expect(cockpit.pageErrors.filter((e) => !e.includes('ERR_CONNECTION_REFUSED'))).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

/** The numbers of the `line-N` lines of a buffer, in order. */
function numbered(text: string): number[] {
  return text.split('\n').flatMap((l) => {
    const m = /^line-(\d+)$/.exec(l);
    return m ? [Number(m[1])] : [];
  });
}
