import { expect, test } from '@playwright/test';
import { Cockpit, snap } from './support/cockpit';

/** Size of the pasted text, in chars (1 MB of ASCII). */
const PASTE_CHARS = 1024 * 1024;
/** The pasting shell first echoes the whole megabyte back through the terminal: allow it this long, ms. */
const SINK_CATCH_UP_MS = 60_000;
/** Line length of the pasted text (a realistic paste has lines). */
const PASTE_LINE_CHARS = 100;

test.setTimeout(120_000);

test('a 1 MB paste into one console does not crash the app; the others keep working', async ({ page }, testInfo) => {
  const cockpit = new Cockpit(page);
  const { name } = await cockpit.openWithNewRepo('paste-repo');
  const sink = await cockpit.startSession(name);
  const other = await cockpit.startSession(name);

  await cockpit.typeLine(sink, 'cat > /dev/null');
  await expect(sink.getByTestId('state-chip')).toHaveAttribute('data-state', /working|idle|waiting/);

  const line = 'x'.repeat(PASTE_LINE_CHARS - 1) + '\n';
  // Whole lines (≥ 1 MB), so Ctrl+D below ends cat instead of flushing a partial line.
  const text = line.repeat(Math.ceil(PASTE_CHARS / line.length));
  await sink.locator('.xterm-screen').click();
  // A real paste: a ClipboardEvent with the text on xterm's input element.
  await sink.locator('.xterm-helper-textarea').evaluate((el, data) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', data);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);

  // $((6*7)): the output (42) differs from the typed text, so the check sees the shell's answer.
  await cockpit.typeLine(other, 'echo ok-$((6*7))');
  await expect(cockpit.screen(other)).toContainText('ok-42');

  // The pasting console is still alive: end cat and run a command.
  await sink.locator('.xterm-screen').click();
  await page.keyboard.press('Control+D');
  await cockpit.typeLine(sink, 'echo sink-$((6*7))');
  await expect(cockpit.screen(sink)).toContainText('sink-42', { timeout: SINK_CATCH_UP_MS });
  await expect(page.getByTestId('terminal-error')).toHaveCount(0);
  await page.mouse.move(0, 0);
  await snap(page, testInfo, '08-after-1mb-paste');
});
