import { expect, test, type Page } from '@playwright/test';
import { COMMANDS, RECENT_COMMANDS_MAX, chordLabel, type CommandId } from '../frontend/app/shell/commands';
import { Cockpit, snap } from './support/cockpit';

/** Presses Escape once the open dialog has taken the focus (as a person sees it open, then presses). */
async function escapeDialog(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('.cdk-overlay-pane'))).toBe(true);
  await page.keyboard.press('Escape');
}

/** Which region (`data-region`) holds the focused element, and whether its focus ring shows. */
async function focusInfo(page: Page): Promise<{ region: string | null; tag: string; ring: boolean; terminal: boolean; why: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const region = el?.closest<HTMLElement>('[data-region]')?.dataset['region'] ?? null;
    const terminal = !!el?.classList.contains('xterm-helper-textarea');
    // A ring is an outline of at least 2 px, a Material form field's focused (thick, primary)
    // outline, or (for a terminal) its console's box shadow.
    const style = el ? getComputedStyle(el) : null;
    const outline = (!!style && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || !!el?.closest('.mat-focused');
    const panel = el?.closest('[data-testid="console-panel"]');
    const shadow = !!panel && getComputedStyle(panel).boxShadow.includes('2px');
    const why = `${el?.className} fv=${el?.matches(':focus-visible')} ${style?.outlineStyle} ${style?.outlineWidth}`;
    return { region, tag: el?.tagName.toLowerCase() ?? '', ring: terminal ? shadow : outline, terminal, why };
  });
}

test('keyboard only: from a focused terminal, F6 reaches every region, Ctrl+` comes back, shortcuts and the palette work', async ({ page }, testInfo) => {
  const cockpit = new Cockpit(page);
  const { name } = await cockpit.openWithNewRepo('keyboard-repo');
  const panel = await cockpit.startSession(name);
  await expect(panel.locator('.xterm-helper-textarea')).toBeFocused();

  await test.step('Tab and Escape stay in the terminal (the shell gets them); F6 leaves it', async () => {
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    expect((await focusInfo(page)).terminal).toBe(true);
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('F6');
      // The console's ring fades in (a 120 ms transition): poll rather than read once.
      await expect.poll(async () => (await focusInfo(page)).ring, { message: `focus ring after F6 #${i}` }).toBe(true);
      const f = await focusInfo(page);
      seen.push(f.region ?? '?');
    }
    expect(seen).toEqual(['top-bar', 'sidebar', 'consoles']);
    expect((await focusInfo(page)).terminal).toBe(true);
    await page.keyboard.press('Shift+F6');
    expect((await focusInfo(page)).region).toBe('sidebar');
    await snap(page, testInfo, 'kbd-01-sidebar-focus');
    await page.keyboard.press('ControlOrMeta+Backquote');
    await expect(panel.locator('.xterm-helper-textarea')).toBeFocused();
  });

  await test.step('Tab moves through the top bar with a visible ring on each control', async () => {
    await page.keyboard.press('F6');
    for (let i = 0; i < 6; i++) {
      await expect.poll(async () => (await focusInfo(page)).ring, { message: `ring on top-bar control #${i}` }).toBe(true);
      expect((await focusInfo(page)).region).toBe('top-bar');
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('ControlOrMeta+Backquote');
    await expect(panel.locator('.xterm-helper-textarea')).toBeFocused();
  });

  const palette = page.getByTestId('command-palette');
  const input = page.getByTestId('palette-input');

  await test.step('the palette lists every action with its shortcut', async () => {
    await page.keyboard.press('ControlOrMeta+Shift+P');
    await expect(input).toBeFocused();
    const ids = await page.getByTestId('palette-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-command')));
    expect(ids).toEqual(
      expect.arrayContaining([
        'help.shortcuts', 'session.new', 'task.new', 'settings.open', 'view.consoles', 'view.tasks', 'theme.toggle', 'notifications.toggle',
        'focus.nextRegion', 'focus.previousRegion', 'focus.terminal', 'focus.sidebar', 'focus.topBar', 'console.focus1', 'console.focus2',
        'console.focus3', 'console.maximize', 'console.close', 'terminal.find', 'terminal.copy', 'terminal.paste', 'terminal.selectAll', 'terminal.clear',
      ]),
    );
    await expect(palette.locator('[data-command="session.new"] kbd')).toHaveText('Alt+Shift+N');
    await input.fill('sett');
    await expect(page.getByTestId('palette-item')).toHaveCount(1);
    await snap(page, testInfo, 'kbd-02-palette');
    await page.keyboard.press('Enter');
    await expect(palette).toBeHidden();
    await expect(page.getByTestId('settings-dialog')).toBeVisible();
    await escapeDialog(page);
    await expect(page.getByTestId('settings-dialog')).toBeHidden();
  });

  await test.step('recent first; Show tasks, then F6 reaches the task board', async () => {
    await page.keyboard.press('F1');
    await expect(input).toBeFocused();
    await expect(page.getByTestId('palette-item').first()).toHaveAttribute('data-command', 'settings.open');
    await input.fill('show tasks');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('task-board')).toBeVisible();
    const regions: string[] = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('F6');
      regions.push((await focusInfo(page)).region ?? '?');
    }
    expect(regions).toContain('tasks');
    await page.keyboard.press('ControlOrMeta+Backquote');
    await expect(page.getByTestId('task-board')).toBeHidden();
    await expect(panel.locator('.xterm-helper-textarea')).toBeFocused();
  });

  await test.step('arrow keys pick a command: maximize, then restore', async () => {
    await page.keyboard.press('F1');
    await input.fill('maximize');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect(panel.getByTestId('console-maximize')).toHaveAttribute('aria-label', 'Restore');
    await page.keyboard.press('F1');
    await input.fill('maximize');
    await page.keyboard.press('Enter');
    await expect(panel.getByTestId('console-maximize')).toHaveAttribute('aria-label', 'Maximize');
  });

  await test.step('shortcuts: help, new session, new task, find — none a browser keeps', async () => {
    await page.keyboard.press('ControlOrMeta+Slash');
    const help = page.getByTestId('shortcuts-help');
    await expect(help).toBeVisible();
    await expect(help.locator('[data-command="focus.nextRegion"]')).toContainText('F6');
    await expect(help.locator('[data-command="session.new"]')).toContainText('Alt+Shift+N');
    await snap(page, testInfo, 'kbd-03-shortcuts-help');
    await escapeDialog(page);
    await expect(help).toBeHidden();

    await page.keyboard.press('Alt+Shift+N');
    await expect(page.getByTestId('new-session-start')).toBeVisible();
    await escapeDialog(page);
    await expect(page.getByRole('dialog')).toBeHidden();
    await page.keyboard.press('Alt+Shift+T');
    await expect(page.getByTestId('task-composer')).toBeVisible();
    await escapeDialog(page);
    await expect(page.getByTestId('task-composer')).toBeHidden();

    await page.keyboard.press('ControlOrMeta+Backquote');
    await page.keyboard.press('ControlOrMeta+Shift+F');
    await expect(panel.getByTestId('find-input')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(panel.locator('.xterm-helper-textarea')).toBeFocused();
  });
  expect(cockpit.pageErrors).toEqual([]);
});

/** Every command the palette lists: the command table without the palette itself. */
type PaletteCommand = Exclude<CommandId, 'palette.open'>;

test('the palette runs every action it lists, from a focused terminal and with the keyboard alone; recent first; search', async ({ page, context }, testInfo) => {
  test.setTimeout(300_000);
  await context.grantPermissions(['notifications', 'clipboard-read', 'clipboard-write']);
  const cockpit = new Cockpit(page);
  const { name } = await cockpit.openWithNewRepo('palette-all-repo');
  const panels = [await cockpit.startSession(name), await cockpit.startSession(name), await cockpit.startSession(name)];
  const ids = await Promise.all(panels.map((p) => cockpit.sessionId(p)));
  await cockpit.typeLine(panels[2]!, 'echo palette-$((6*7))');
  await expect(cockpit.screen(panels[2]!)).toContainText('palette-42');

  const palette = page.getByTestId('command-palette');
  const input = page.getByTestId('palette-input');
  const terminal = (i: number) => panels[i]!.locator('.xterm-helper-textarea');
  const inTerminal = () => page.evaluate(() => !!document.activeElement?.classList.contains('xterm-helper-textarea'));
  const region = async () => (await focusInfo(page)).region;
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  const probe = <T>(i: number, what: 'selection' | 'text') =>
    page.evaluate(([id, fn]) => (window as unknown as { __cortexTerminals: Record<string, Record<string, () => T>> }).__cortexTerminals[id!]![fn!]!(), [ids[i], what] as const);
  const splitValue = () => page.getByTestId('console-split').first().getAttribute('aria-valuenow');
  /** Commands run through the palette, in order: the palette's "recent" list must follow it. */
  const ran: PaletteCommand[] = [];
  /** Presses a command's shortcut: it runs, and counts as recently used like a palette run. */
  const shortcut = async (keys: string, id: PaletteCommand) => {
    await page.keyboard.press(keys);
    ran.push(id);
  };
  /** The theme shown before theme.toggle runs. */
  let themeBefore: string | undefined;

  /** F1, type the command's label, Down until it is the active option, Enter. */
  const runFromPalette = async (id: PaletteCommand) => {
    await page.keyboard.press('F1');
    await expect(input).toBeFocused();
    await page.keyboard.type(COMMANDS.find((c) => c.id === id)!.label);
    const active = async () => {
      const option = await input.getAttribute('aria-activedescendant');
      return option ? page.locator(`#${option}`).getAttribute('data-command') : null;
    };
    for (let i = 0; i < COMMANDS.length && (await active()) !== id; i++) await page.keyboard.press('ArrowDown');
    expect(await active(), `${id} is an option for its own label`).toBe(id);
    await page.keyboard.press('Enter');
    await expect(palette).toBeHidden();
    ran.push(id);
  };

  /**
   * What each command visibly does, checked right after the palette runs it. Before each one
   * Ctrl+` puts the focus back in a terminal; `prepare` then sets up what makes the effect
   * visible. A command added to the table without an entry here fails the type check and the
   * list comparison below.
   */
  const effects: Record<PaletteCommand, { prepare?: () => Promise<void>; check: () => Promise<void> }> = {
    'help.shortcuts': {
      check: async () => {
        await expect(page.getByTestId('shortcuts-help')).toBeVisible();
        await escapeDialog(page);
        await expect(page.getByTestId('shortcuts-help')).toBeHidden();
      },
    },
    'session.new': {
      check: async () => {
        await expect(page.getByTestId('new-session-start')).toBeVisible();
        await escapeDialog(page);
        await expect(page.getByRole('dialog')).toBeHidden();
      },
    },
    'task.new': {
      check: async () => {
        await expect(page.getByTestId('task-composer')).toBeVisible();
        await escapeDialog(page);
        await expect(page.getByTestId('task-composer')).toBeHidden();
      },
    },
    'settings.open': {
      check: async () => {
        await expect(page.getByTestId('settings-dialog')).toBeVisible();
        await escapeDialog(page);
        await expect(page.getByTestId('settings-dialog')).toBeHidden();
      },
    },
    'view.tasks': { check: () => expect(page.getByTestId('task-board')).toBeVisible() },
    'view.dashboard': {
      check: async () => {
        await expect(page.getByTestId('dashboard')).toBeVisible();
        await expect(panels[0]!).toBeHidden();
      },
    },
    'view.consoles': {
      prepare: () => runFromPalette('view.tasks'),
      check: async () => {
        await expect(page.getByTestId('task-board')).toBeHidden();
        for (const p of panels) await expect(p).toBeVisible();
      },
    },
    'theme.toggle': {
      prepare: async () => {
        themeBefore = await page.evaluate(() => document.documentElement.dataset['theme']);
      },
      check: async () => {
        const flipped = themeBefore === 'dark' ? 'light' : 'dark';
        await expect(page.locator('html')).toHaveAttribute('data-theme', flipped);
        await expect(page.getByTestId('theme-toggle')).toHaveAttribute('aria-label', `Switch to the ${themeBefore} theme`);
      },
    },
    'notifications.toggle': {
      prepare: () => expect(page.getByTestId('notifications-toggle')).toHaveAttribute('data-enabled', 'false'),
      check: () => expect(page.getByTestId('notifications-toggle')).toHaveAttribute('data-enabled', 'true'),
    },
    'focus.nextRegion': { check: () => expect.poll(region).toBe('top-bar') },
    'focus.previousRegion': { check: () => expect.poll(region).toBe('sidebar') },
    'focus.terminal': {
      prepare: async () => {
        await shortcut('F6', 'focus.nextRegion');
        await expect.poll(inTerminal).toBe(false);
      },
      check: () => expect.poll(inTerminal).toBe(true),
    },
    'focus.sidebar': { check: () => expect.poll(region).toBe('sidebar') },
    'focus.topBar': { check: () => expect.poll(region).toBe('top-bar') },
    'sidebar.toggle': {
      check: async () => {
        await expect(page.getByTestId('sidebar-toggle')).toHaveAttribute('aria-expanded', 'false');
        await expect(page.locator('#cx-sidebar')).toBeHidden();
        await shortcut('Alt+Shift+B', 'sidebar.toggle');
        await expect(page.locator('#cx-sidebar')).toBeVisible();
      },
    },
    'console.focus1': { check: () => expect(terminal(0)).toBeFocused() },
    'console.focus2': { check: () => expect(terminal(1)).toBeFocused() },
    'console.maximize': {
      check: async () => {
        await expect(panels[1]!.getByTestId('console-maximize')).toHaveAttribute('aria-label', 'Restore');
        await expect(panels[0]!).toBeHidden();
        await shortcut('ControlOrMeta+Backquote', 'focus.terminal');
        await runFromPalette('console.maximize');
        await expect(panels[1]!.getByTestId('console-maximize')).toHaveAttribute('aria-label', 'Maximize');
        await expect(panels[0]!).toBeVisible();
      },
    },
    'console.equalWidths': {
      prepare: async () => {
        // Widen console 1 by keyboard on its split, then come back to the terminal.
        await page.getByTestId('console-split').first().focus();
        for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
        await expect.poll(splitValue).not.toBe('33');
        await shortcut('ControlOrMeta+Backquote', 'focus.terminal');
        await expect.poll(inTerminal).toBe(true);
      },
      check: async () => {
        await expect.poll(splitValue).toBe('33');
        const widths = await Promise.all(panels.map(async (p) => (await p.boundingBox())!.width));
        expect(Math.max(...widths) - Math.min(...widths)).toBeLessThan(4);
      },
    },
    'console.focus3': { check: () => expect(terminal(2)).toBeFocused() },
    'terminal.find': {
      check: async () => {
        await expect(panels[2]!.getByTestId('find-input')).toBeFocused();
        await page.keyboard.press('Escape');
        await expect(terminal(2)).toBeFocused();
      },
    },
    'terminal.selectAll': {
      prepare: async () => expect(await probe<string>(2, 'selection')).toBe(''),
      check: () => expect.poll(() => probe<string>(2, 'selection')).toContain('palette-42'),
    },
    'terminal.copy': {
      prepare: async () => {
        await page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
        expect(await probe<string>(2, 'selection')).toContain('palette-42');
      },
      check: () => expect.poll(clipboard).toContain('palette-42'),
    },
    'terminal.paste': {
      prepare: () => page.evaluate(() => navigator.clipboard.writeText('echo pasted-$((7*7))')),
      check: async () => {
        await expect(cockpit.screen(panels[2]!)).toContainText('echo pasted-$((7*7))');
        await page.keyboard.press('Enter');
        await expect(cockpit.screen(panels[2]!)).toContainText('pasted-49');
      },
    },
    'terminal.clear': {
      check: async () => {
        await expect.poll(() => probe<string>(2, 'text')).not.toContain('palette-42');
        await expect(cockpit.screen(panels[2]!)).not.toContainText('pasted-49');
      },
    },
    'console.close': {
      check: async () => {
        await expect(cockpit.panels).toHaveCount(2);
        await expect(cockpit.panelById(ids[2]!)).toHaveCount(0);
        // The session keeps running: its row stays in the sidebar.
        await expect(cockpit.sessionRow(ids[2]!)).toBeVisible();
      },
    },
  };

  await test.step('the palette lists exactly the command table (but itself), each with its shortcut', async () => {
    await terminal(2).focus();
    await page.keyboard.press('F1');
    await expect(input).toBeFocused();
    const listed = await page.getByTestId('palette-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-command')));
    const table = COMMANDS.map((c) => c.id).filter((id) => id !== 'palette.open');
    expect(listed).toEqual(table);
    expect([...listed].sort()).toEqual(Object.keys(effects).sort());
    for (const c of COMMANDS.filter((x) => x.keys.browser.length > 0 && x.id !== 'palette.open')) {
      await expect(palette.locator(`[data-command="${c.id}"] kbd`)).toHaveText(chordLabel(c.keys.browser[0]!, false));
    }
    await page.keyboard.press('Escape');
    await expect(palette).toBeHidden();
    await expect(terminal(2)).toBeFocused();
  });

  for (const [id, effect] of Object.entries(effects) as [PaletteCommand, (typeof effects)[PaletteCommand]][]) {
    await test.step(`${id}: runs from the palette, and shows`, async () => {
      await shortcut('ControlOrMeta+Backquote', 'focus.terminal');
      await expect.poll(inTerminal, `a terminal has the focus before ${id}`).toBe(true);
      await effect.prepare?.();
      await runFromPalette(id);
      await effect.check();
    });
  }
  await snap(page, testInfo, 'kbd-04-after-every-action');

  await test.step('recent first: the last commands run, most recent first, then the table order', async () => {
    await shortcut('ControlOrMeta+Backquote', 'focus.terminal');
    await page.keyboard.press('F1');
    await expect(input).toBeFocused();
    const recent: PaletteCommand[] = [];
    for (const id of [...ran].reverse()) if (!recent.includes(id)) recent.push(id);
    const expected = recent.slice(0, RECENT_COMMANDS_MAX);
    const rest = COMMANDS.map((c) => c.id).filter((id): id is PaletteCommand => id !== 'palette.open' && !expected.includes(id as PaletteCommand));
    const listed = await page.getByTestId('palette-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-command')));
    expect(listed).toEqual([...expected, ...rest]);
    await expect(page.getByTestId('palette-item').filter({ hasText: 'recent' })).toHaveCount(expected.length);
    await snap(page, testInfo, 'kbd-05-palette-recent');
  });

  await test.step('search: every word must match a label or its keywords, any case; nothing matching says so', async () => {
    const shown = () => page.getByTestId('palette-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-command')));
    await input.fill('FOCUS console 2');
    await expect.poll(shown).toEqual(['console.focus2']);
    await input.fill('clipboard');
    await expect.poll(async () => (await shown()).sort()).toEqual(['terminal.copy', 'terminal.paste']);
    await input.fill('no such action');
    await expect(page.getByTestId('palette-none')).toHaveText('No command matches “no such action”.');
    await input.fill('dashboard');
    await expect.poll(shown).toEqual(['view.dashboard']);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('dashboard')).toBeVisible();
  });
  expect(cockpit.pageErrors).toEqual([]);
});
