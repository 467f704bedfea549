import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { URL_ENV } from '../global-setup';
import { makeGitRepo } from './git-repo';

/** Where step screenshots are written (and attached to the report). */
export const SCREENSHOT_DIR = join('test-results', 'screenshots');

/**
 * Saves a full-page screenshot under test-results/screenshots/<name>.png and attaches
 * it to the test's report.
 */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  return path;
}

/** The page title with no session waiting; with N waiting it reads `(N) Phantom Cortex`. */
export const APP_TITLE_PATTERN = /^(\(\d+\) )?Phantom Cortex$/;

/** Page-level helpers over the cockpit's data-testids, in the user's terms. */
export class Cockpit {
  /** Console errors and uncaught exceptions of the page (CSP violations show up here too). */
  readonly pageErrors: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (msg) => {
      // While a test stops the backend, the banner's probe of the page's own origin fails and
      // Chromium logs that connection error; it is the app noticing, not an error of the app.
      if (msg.type() === 'error' && !/^Failed to load resource: net::ERR_CONNECTION_(REFUSED|RESET)/.test(msg.text())) this.pageErrors.push(msg.text());
    });
    page.on('pageerror', (err) => this.pageErrors.push(err.message));
  }

  get panels(): Locator {
    return this.page.getByTestId('console-panel');
  }

  /**
   * Opens the app and waits until it is connected and loaded. The backend keeps the last
   * window's layout for new tabs; tests share one backend, so by default the tab starts
   * with a layout of its own, empty (a reload keeps the tab's layout). `keepLayout` opens
   * it as a new tab of a user would: with the backend's layout.
   */
  async open(url: string, opts: { keepLayout?: boolean } = {}): Promise<void> {
    if (!opts.keepLayout) {
      await this.page.addInitScript(() => {
        if (!sessionStorage.getItem('cortex.layout')) sessionStorage.setItem('cortex.layout', JSON.stringify({ shown: [], focused: null, sizes: [], sidebarCollapsed: false }));
      });
    }
    await this.page.goto(url);
    await expect(this.page).toHaveTitle(APP_TITLE_PATTERN);
    await expect(this.page.getByTestId('add-folder-input')).toBeVisible();
  }

  /**
   * The usual opening of a test: a fresh git repo `<repoName>-XXXXXX` ({@link makeGitRepo}),
   * the app opened on the shared test server ({@link URL_ENV}), the repo added as a project.
   * @returns the repo's path and the project's name
   */
  async openWithNewRepo(repoName: string): Promise<{ repo: string; name: string }> {
    const repo = makeGitRepo(repoName);
    await this.open(process.env[URL_ENV]!);
    await this.addFolder(repo);
    return { repo, name: basename(repo) };
  }

  /** Adds a folder through the sidebar field. @returns the project row */
  async addFolder(path: string): Promise<Locator> {
    await this.page.getByTestId('add-folder-input').fill(path);
    await this.page.getByTestId('add-folder-submit').click();
    const row = this.projectRow(basename(path));
    await expect(row).toBeVisible();
    await expect(this.page.getByTestId('add-folder-input')).toHaveValue('');
    return row;
  }

  projectRow(name: string): Locator {
    return this.page.getByTestId('project-row').filter({ has: this.page.getByTestId('project-name').getByText(name, { exact: true }) });
  }

  /**
   * Starts a session through the New session dialog in the named project (agent `shell`
   * by default) and waits for its console to attach.
   * @returns the new console panel
   */
  async startSession(projectName: string, agent = 'shell'): Promise<Locator> {
    const before = await this.panels.evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id')));
    await this.submitNewSession(projectName, agent);
    const known = before.map((id) => `:not([data-session-id="${id}"])`).join('');
    const fresh = this.page.locator(`[data-testid="console-panel"]${known}`);
    await expect(fresh).toHaveCount(1);
    const id = await fresh.getAttribute('data-session-id');
    const located = this.panelById(id!);
    await expect(located.getByTestId('terminal')).toHaveAttribute('data-attached', 'true');
    return located;
  }

  /** Starts a session through the New session dialog and waits for the dialog to close (not for a console). */
  async submitNewSession(projectName: string, agent = 'shell'): Promise<void> {
    await this.page.getByTestId('new-session-button').click();
    const dialog = this.page.getByRole('dialog');
    await expect(dialog.getByText('New session', { exact: true })).toBeVisible();
    await dialog.getByTestId('new-session-project').click();
    await this.page.getByRole('option').filter({ hasText: projectName }).first().click();
    await dialog.getByTestId('new-session-agent').click();
    await this.page.getByTestId(`agent-option-${agent}`).click();
    await dialog.getByTestId('new-session-start').click();
    await expect(dialog.getByTestId('new-session-start')).toBeHidden();
  }

  panelById(sessionId: string): Locator {
    return this.page.locator(`[data-testid="console-panel"][data-session-id="${sessionId}"]`);
  }

  /** Clicks into a console's terminal and types a line, then Enter. */
  async typeLine(panel: Locator, text: string): Promise<void> {
    await panel.locator('.xterm-screen').click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  /** A session's row in the sidebar. */
  sessionRow(sessionId: string): Locator {
    return this.page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
  }

  /** The session id of a console panel. */
  async sessionId(panel: Locator): Promise<string> {
    return (await panel.getAttribute('data-session-id'))!;
  }

  /**
   * A console's whole terminal buffer (scrollback included, wrapped lines joined), read
   * through the renderer's test hook `window.__cortexTerminals`; '' when not attached.
   */
  async terminalText(sessionId: string): Promise<string> {
    return this.page.evaluate((id) => (window as unknown as { __cortexTerminals?: Record<string, { text(): string }> }).__cortexTerminals?.[id]?.text() ?? '', sessionId);
  }

  /** A console's visible rows and active buffer (`normal` / `alternate`), through the same hook. */
  async terminalScreen(sessionId: string): Promise<{ buffer: string; text: string }> {
    return this.page.evaluate((id) => {
      const t = (window as unknown as { __cortexTerminals?: Record<string, { bufferType(): string; screen(): string }> }).__cortexTerminals?.[id];
      return t ? { buffer: t.bufferType(), text: t.screen() } : { buffer: '', text: '' };
    }, sessionId);
  }

  /** A console's terminal size (columns, rows) as xterm.js has it, through the same hook. */
  async terminalSize(sessionId: string): Promise<{ cols: number; rows: number }> {
    return this.page.evaluate((id) => {
      const t = (window as unknown as { __cortexTerminals?: Record<string, { size(): { cols: number; rows: number } }> }).__cortexTerminals?.[id];
      return t ? t.size() : { cols: 0, rows: 0 };
    }, sessionId);
  }

  /**
   * The size the session's PTY has, as the shell inside reports it: types
   * `echo pty-$(stty size)` and reads the answer (rows, columns).
   */
  async ptySize(panel: Locator): Promise<{ cols: number; rows: number }> {
    const id = await this.sessionId(panel);
    const count = () => this.terminalText(id).then((t) => [...t.matchAll(/pty-(\d+) (\d+)/g)]);
    const before = (await count()).length;
    await this.typeLine(panel, 'echo pty-$(stty size)');
    await expect.poll(async () => (await count()).length).toBeGreaterThan(before);
    const m = (await count()).pop()!;
    return { rows: Number(m[1]), cols: Number(m[2]) };
  }

  /** Opens the task composer from the top bar's New task button. @returns the composer */
  async openTaskComposer(): Promise<Locator> {
    await this.page.getByTestId('new-task-button').click();
    const composer = this.page.getByTestId('task-composer');
    await expect(composer).toBeVisible();
    return composer;
  }

  /** A task's card on the board, found by its text. */
  taskCard(text: string): Locator {
    return this.page.getByTestId('task-card').filter({ has: this.page.getByTestId('task-card-text').getByText(text, { exact: true }) });
  }

  /** What the user sees in a console's terminal (the xterm DOM rows). */
  screen(panel: Locator): Locator {
    return panel.locator('.xterm-rows');
  }
}
