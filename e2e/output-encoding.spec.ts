import { expect, test } from '@playwright/test';
import { Cockpit, snap } from './support/cockpit';

/** Lines printed: ~400 KB of UTF-8, several 64 K-char output batches (BATCH_MAX_CHARS). */
const LINES = 3_000;
/** What each line starts with: 2-, 3- and 4-byte UTF-8, two wide CJK chars, a wide emoji. */
const PREFIX = 'grün 日本 😀 line-';

test.setTimeout(60_000);

test('multi-byte and wide output reaches the console intact through binary output frames', async ({ page }, testInfo) => {
  const cockpit = new Cockpit(page);
  const { name } = await cockpit.openWithNewRepo('encoding-repo');
  const panel = await cockpit.startSession(name);
  const id = await cockpit.sessionId(panel);

  // Typed as octal escapes, so the shell's locale does not matter to what it prints.
  await cockpit.typeLine(
    panel,
    `awk 'BEGIN{for(i=1;i<=${LINES};i++) printf "gr\\303\\274n \\346\\227\\245\\346\\234\\254 \\360\\237\\230\\200 line-%d %08d\\n", i, i*7}'; echo enc-done-$((6*7))`,
  );
  await expect(cockpit.screen(panel)).toContainText('enc-done-42', { timeout: 30_000 });
  const text = await cockpit.terminalText(id);
  expect(text).not.toContain('\uFFFD');
  const lines = text.split('\n').filter((l) => l.startsWith(PREFIX));
  // Every line the console kept is exact, in order, up to the last one printed.
  expect(lines.length).toBeGreaterThan(1_000);
  const first = Number(/line-(\d+)/.exec(lines[0]!)![1]);
  expect(lines).toEqual(lines.map((_, k) => `${PREFIX}${first + k} ${String((first + k) * 7).padStart(8, '0')}`));
  expect(first + lines.length - 1).toBe(LINES);
  // And the user sees them: the last line in the console's rows (the DOM).
  await expect(cockpit.screen(panel)).toContainText(`${PREFIX}${LINES} ${String(LINES * 7).padStart(8, '0')}`);
  await snap(page, testInfo, 'output-encoding');
  expect(cockpit.pageErrors).toEqual([]);
});
