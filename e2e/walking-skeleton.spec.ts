import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { URL_ENV } from './global-setup';
import { Cockpit, snap } from './support/cockpit';
import { makeGitRepo } from './support/git-repo';
import { startServer, type RunningServer } from './support/server';

/** Issue 2's end-to-end path, in Chromium against the real backend (real PTYs). */
test.describe('walking skeleton', () => {
  // The first test runs on a server of its own (fresh data dir): the cockpit starts empty and
  // its screenshots show what a new user sees, not the projects other tests left behind.
  let fresh: RunningServer | undefined;
  test.afterAll(async () => fresh?.stop());

  test('add a git repo, run shells in three consoles side by side, exit one', async ({ page }, testInfo) => {
    const server = (fresh = await startServer());
    const cockpit = new Cockpit(page);
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const repo = makeGitRepo('acme-web', { exactName: true });
    const name = repo.split('/').pop()!;

    await test.step('empty cockpit tells the user what to do', async () => {
      await cockpit.open(server.url);
      await expect(page.getByTestId('consoles-empty')).toBeVisible();
      await snap(page, testInfo, '01-empty');
    });

    await test.step('add the repo as a project', async () => {
      await cockpit.addFolder(repo);
      await expect(cockpit.projectRow(name).getByTestId('project-path')).toHaveText(repo);
      await snap(page, testInfo, '02-project-added');
    });

    const first = await test.step('start a shell session and list the files', async () => {
      const panel = await cockpit.startSession(name);
      await expect(panel.getByTestId('console-project')).toHaveText(name);
      await expect(panel.getByTestId('console-agent')).toHaveText(/^Shell #\d+$/);
      await cockpit.typeLine(panel, 'ls');
      const screen = cockpit.screen(panel);
      for (const file of ['README.md', 'package.json', 'notes.txt', 'src']) await expect(screen).toContainText(file);
      await expect(panel.getByTestId('state-chip')).toHaveAttribute('data-state', /working|idle|waiting/);
      await expect(cockpit.projectRow(name).getByTestId('session-row')).toHaveCount(1);
      // WebGL only on a hardware GPU; Chromium here renders WebGL in software (SwiftShader).
      const gpu = await page.evaluate(() => {
        const gl = document.createElement('canvas').getContext('webgl2');
        const info = gl?.getExtension('WEBGL_debug_renderer_info');
        return info ? String(gl!.getParameter(info.UNMASKED_RENDERER_WEBGL)) : null;
      });
      const hardware = gpu !== null && !/swiftshader|llvmpipe|softpipe|software|basic render/i.test(gpu);
      await expect(panel.getByTestId('terminal')).toHaveAttribute('data-renderer', hardware ? 'webgl' : 'dom');
      await snap(page, testInfo, '03-shell-ls');
      return panel;
    });

    const [second, third] = await test.step('start two more sessions: three consoles side by side', async () => {
      const b = await cockpit.startSession(name);
      const c = await cockpit.startSession(name);
      await cockpit.typeLine(b, 'git log --oneline');
      await expect(cockpit.screen(b)).toContainText('Initial commit');
      await cockpit.typeLine(c, 'cat package.json');
      await expect(cockpit.screen(c)).toContainText('"name": "demo"');
      // $((6*7)): the output (42) differs from the typed text, so the check sees the shell's answer.
      await cockpit.typeLine(first, 'echo first-$((6*7))');
      await expect(cockpit.screen(first)).toContainText('first-42');

      await expect(cockpit.panels).toHaveCount(3);
      const boxes = [];
      for (const panel of [first, b, c]) {
        await expect(panel).toBeVisible();
        boxes.push((await panel.boundingBox())!);
      }
      for (let i = 1; i < boxes.length; i++) {
        expect(boxes[i]!.x, 'consoles are laid out left to right').toBeGreaterThan(boxes[i - 1]!.x);
        expect(boxes[i - 1]!.x + boxes[i - 1]!.width, 'consoles do not overlap').toBeLessThanOrEqual(boxes[i]!.x);
        expect(Math.abs(boxes[i]!.y - boxes[0]!.y), 'consoles share a row').toBeLessThan(1);
      }
      // The two shells that answered first settle to idle at their prompts (about 1.5 s after
      // their output), so the shot shows live states as a user sees them, not only "working".
      for (const panel of [b, c]) await expect(panel.getByTestId('state-chip')).toHaveAttribute('data-state', 'idle', { timeout: 30_000 });
      await page.mouse.move(0, 0);
      await snap(page, testInfo, '04-three-consoles');
      return [b, c];
    });

    await test.step('exit one shell: its chip says exited (0)', async () => {
      await cockpit.typeLine(second, 'exit');
      const chip = second.getByTestId('state-chip');
      await expect(chip).toHaveAttribute('data-state', 'exited');
      await expect(chip).toContainText('exited (0)');
      const id = await second.getAttribute('data-session-id');
      await expect(page.locator(`[data-testid="session-row"][data-session-id="${id}"] [data-testid="state-chip"]`)).toContainText('exited (0)');
      // The others keep working.
      await cockpit.typeLine(third, 'echo alive-$((6*7))');
      await expect(cockpit.screen(third)).toContainText('alive-42');
      await page.mouse.move(0, 0);
      await snap(page, testInfo, '05-one-exited');
    });

    await test.step('a reload brings the consoles back with their screens', async () => {
      await page.reload();
      await expect(cockpit.panels).toHaveCount(3);
      for (const panel of [first, second, third]) await expect(panel.getByTestId('terminal')).toHaveAttribute('data-attached', 'true');
      await expect(cockpit.screen(first)).toContainText('first-42');
      await expect(cockpit.screen(third)).toContainText('alive-42');
      await expect(second.getByTestId('state-chip')).toContainText('exited (0)');
      await cockpit.typeLine(first, 'echo again-$((6*7))');
      await expect(cockpit.screen(first)).toContainText('again-42');
    });

    await test.step('no errors in the page (CSP violations included)', () => {
      expect(cockpit.pageErrors).toEqual([]);
    });

    await test.step('fonts and icons are bundled: nothing is fetched from another host', async () => {
      const origin = new URL(server.url).origin;
      const foreign = requested.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith(origin.replace(/^http/, 'ws')) && !/^(data|blob):/.test(u));
      expect(foreign).toEqual([]);
      expect(requested.some((u) => /jetbrains-mono.*\.woff2$/i.test(u)), 'the terminal font came from the app').toBe(true);
      const loaded = await page.evaluate(async () => {
        await document.fonts.ready;
        return [...new Set([...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, '')))];
      });
      expect(loaded).toEqual(expect.arrayContaining(['JetBrains Mono', 'Roboto', 'Material Symbols Outlined']));
    });

    await test.step('the light theme looks right too', async () => {
      await page.getByTestId('theme-toggle').click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
      await page.mouse.move(0, 0);
      await snap(page, testInfo, '06-light-theme');
      await page.getByTestId('theme-toggle').click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    });
  });

  test('adding a missing folder shows the error under the field', async ({ page }, testInfo) => {
    const cockpit = new Cockpit(page);
    await cockpit.open(process.env[URL_ENV]!);
    const missing = join(tmpdir(), 'cortex-e2e-no-such-folder', 'nowhere');
    await page.getByTestId('add-folder-input').fill(missing);
    await page.getByTestId('add-folder-submit').click();
    const error = page.getByTestId('add-folder-error');
    await expect(error).toContainText(`The folder ${missing} does not exist.`);
    await expect(error).toContainText('Check the path');
    await snap(page, testInfo, '07-missing-folder');
    // Editing the path clears the error.
    await page.getByTestId('add-folder-input').fill('/tmp');
    await expect(error).toBeHidden();

    // The same folder typed in the New session dialog: the error stays in the dialog, by the field.
    await page.getByTestId('new-session-button').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('new-session-project').click();
    await page.getByTestId('project-option-folder').click();
    await dialog.getByTestId('new-session-path').fill(missing);
    await dialog.getByTestId('new-session-start').click();
    await expect(dialog.getByTestId('new-session-folder-error')).toContainText(`The folder ${missing} does not exist.`);
    await expect(dialog).toBeVisible();
    await snap(page, testInfo, '10-new-session-folder-error');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });

  test('New session dialog: a folder typed there becomes a project, and the first prompt reaches the agent', async ({ page }) => {
    const cockpit = new Cockpit(page);
    const repo = makeGitRepo('dialog-repo');
    const name = repo.split('/').pop()!;
    await cockpit.open(process.env[URL_ENV]!);
    await page.getByTestId('new-session-button').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('new-session-project').click();
    await page.getByTestId('project-option-folder').click();
    await dialog.getByTestId('new-session-path').fill(repo);
    await dialog.getByTestId('new-session-agent').click();
    await page.getByTestId('agent-option-shell').click();
    await dialog.getByTestId('new-session-prompt').fill('echo prompt-$((6*7)) && ls');
    await dialog.getByTestId('new-session-start').click();
    await expect(dialog).toBeHidden();
    await expect(cockpit.projectRow(name).getByTestId('project-path')).toHaveText(repo);
    const row = cockpit.projectRow(name).getByTestId('session-row');
    await expect(row).toHaveCount(1);
    const id = (await row.getAttribute('data-session-id'))!;
    const panel = cockpit.panelById(id);
    await expect(panel.getByTestId('console-project')).toHaveText(name);
    // The shell profile types its first prompt once the shell is up; its answer shows the repo's files.
    await expect(cockpit.screen(panel)).toContainText('prompt-42');
    await expect(cockpit.screen(panel)).toContainText('package.json');
  });

  test('keyboard: new session dialog, focus consoles, find, Escape', async ({ page }, testInfo) => {
    const cockpit = new Cockpit(page);
    const { name } = await cockpit.openWithNewRepo('keys-repo');
    const a = await cockpit.startSession(name);
    const b = await cockpit.startSession(name);

    await page.keyboard.press('Alt+Shift+N');
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('new-session-start')).toBeVisible();
    await expect(dialog.getByTestId('new-session-agent')).toContainText('Shell');
    await dialog.getByTestId('new-session-agent').click();
    const options = page.getByRole('option');
    await expect(options.first()).toContainText('Shell');
    await snap(page, testInfo, '11-new-session-agents');
    await page.keyboard.press('Escape'); // closes the agent list
    await expect(options).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    await page.keyboard.press('Alt+Shift+Digit1');
    await expect(a).toHaveClass(/focused/);
    await page.keyboard.press('Alt+Shift+Digit2');
    await expect(b).toHaveClass(/focused/);
    await page.keyboard.type('echo findme-$((6*7))');
    await page.keyboard.press('Enter');
    await expect(cockpit.screen(b)).toContainText('findme-42');

    await page.keyboard.press('ControlOrMeta+Shift+F');
    const find = b.getByTestId('find-input');
    await expect(find).toBeFocused();
    await find.fill('findme-42');
    await expect(b.getByTestId('find-none')).toHaveCount(0);
    await find.fill('no-such-text-anywhere');
    await expect(b.getByTestId('find-none')).toBeVisible();
    await snap(page, testInfo, '09-find-box');
    await page.keyboard.press('Escape');
    await expect(b.getByTestId('find-box')).toBeHidden();

    // Maximize one, restore, close one: the session keeps running.
    await b.getByTestId('console-maximize').click();
    await expect(a).toBeHidden();
    await b.getByTestId('console-maximize').click();
    await expect(a).toBeVisible();
    const closedId = (await a.getAttribute('data-session-id'))!;
    await a.getByTestId('console-close').click();
    await expect(cockpit.panels).toHaveCount(1);
    const row = page.locator(`[data-testid="session-row"][data-session-id="${closedId}"]`);
    await expect(row.getByTestId('state-chip')).toHaveAttribute('data-state', /working|idle|waiting/);
    // Clicking it in the sidebar shows it again, with its screen.
    await row.getByTestId('session-open').click();
    await expect(cockpit.panelById(closedId).getByTestId('terminal')).toHaveAttribute('data-attached', 'true');
    await expect(cockpit.panels).toHaveCount(2);
  });
});

test.describe('console layout', () => {
  test('consoles resize with the layout and the window, and the PTY follows; a fourth session asks which console to replace', async ({ page }, testInfo) => {
    const cockpit = new Cockpit(page);
    const { name } = await cockpit.openWithNewRepo('layout-repo');
    const a = await cockpit.startSession(name);
    const aId = await cockpit.sessionId(a);
    const size = () => cockpit.terminalSize(aId);

    const alone = await cockpit.ptySize(a);
    expect(alone).toEqual(await size());
    expect(alone.cols).toBeGreaterThan(100);

    await test.step('a second console halves the first one; the shell sees the new width', async () => {
      const b = await cockpit.startSession(name);
      await expect.poll(async () => (await size()).cols).toBeLessThan(alone.cols * 0.6);
      expect(await cockpit.ptySize(a)).toEqual(await size());

      await a.getByTestId('console-maximize').click();
      await expect(b).toBeHidden();
      await expect.poll(async () => (await size()).cols).toBeGreaterThan(alone.cols * 0.9);
      expect(await cockpit.ptySize(a)).toEqual(await size());
      await a.getByTestId('console-maximize').click();
      await expect(b).toBeVisible();
    });

    await test.step('a smaller window gives fewer columns and rows', async () => {
      const before = await size();
      await page.setViewportSize({ width: 1200, height: 700 });
      await expect.poll(async () => (await size()).cols).toBeLessThan(before.cols);
      await expect.poll(async () => (await size()).rows).toBeLessThan(before.rows);
      expect(await cockpit.ptySize(a)).toEqual(await size());
      await page.mouse.move(0, 0);
      await snap(page, testInfo, '14-smaller-window');
      await page.setViewportSize({ width: 1600, height: 900 });
    });

    await test.step('with three shown, a fourth session asks which console to replace; the sidebar brings the replaced one back', async () => {
      const c = await cockpit.startSession(name);
      await expect(cockpit.panels).toHaveCount(3);
      const [bId, cId] = [await cockpit.sessionId(cockpit.panels.nth(1)), await cockpit.sessionId(c)];
      await cockpit.submitNewSession(name);
      await page.locator(`[data-testid="replace-console-choice"][data-session-id="${bId}"]`).click();
      const d = cockpit.panels.nth(1);
      await expect(d).not.toHaveAttribute('data-session-id', bId);
      const dId = await cockpit.sessionId(d);
      await expect(d.getByTestId('terminal')).toHaveAttribute('data-attached', 'true');
      await expect(cockpit.panels).toHaveCount(3);
      await expect(cockpit.panelById(bId)).toHaveCount(0);
      const shown = await cockpit.panels.evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id')));
      expect(shown).toEqual([aId, dId, cId]); // d took b's place, in place
      // b still runs: its row says so, and opening it shows its console again with its screen.
      await expect(cockpit.sessionRow(bId).getByTestId('state-chip')).toHaveAttribute('data-state', /working|idle|waiting|starting/);
      await cockpit.sessionRow(bId).getByTestId('session-open').click();
      await page.locator(`[data-testid="replace-console-choice"][data-session-id="${dId}"]`).click();
      await expect(cockpit.panelById(bId).getByTestId('terminal')).toHaveAttribute('data-attached', 'true');
      await expect(cockpit.panels).toHaveCount(3);
      await expect(cockpit.projectRow(name).getByTestId('session-row')).toHaveCount(4);
    });
  });
});
