import { METRICS_LIMITS, SettingsSchema, TERMINAL_LINE_HEIGHT_LIMITS, type Settings } from '../../backend/contract/index.js';
import { usageLine, type CommandSpec } from '../command.js';
import { usageError } from '../errors.js';
import { keyValues, paint, type Style } from '../format.js';

/** The window's layout is the renderer's to keep; the CLI shows and sets the other settings. */
type SettingKey = Exclude<keyof Settings, 'uiLayout'>;

/** What each setting means and takes, for humans (the schema in contract/model.ts decides). */
const SETTING_HELP: Record<SettingKey, string> = {
  restoreMode: 'relaunch | closed | discard: what happens on start to sessions that were live at the last run',
  scrollbackLines: '100..100000: lines of scrollback kept per session, in its mirror and snapshots',
  defaultRestartPolicy: 'never | on-failure: restart policy given to new sessions',
  metricsIntervalSec: `${METRICS_LIMITS.intervalSec.min}..${METRICS_LIMITS.intervalSec.max}: seconds between system metrics samples (kept ${METRICS_LIMITS.retentionMs / 86_400_000} days)`,
  terminalFontSize: '8..32: font size of the consoles, CSS px',
  terminalLineHeight: `${TERMINAL_LINE_HEIGHT_LIMITS.min}..${TERMINAL_LINE_HEIGHT_LIMITS.max}: height of a console row, times the font's cell height`,
  terminalFontFamily: 'a CSS font-family list for the consoles, e.g. "Fira Code", monospace',
  terminalCursorStyle: 'block | underline | bar: shape of the consoles\' cursor',
  terminalCursorBlink: 'true | false: the consoles\' cursor blinks',
};

const KEYS = (Object.keys(SettingsSchema.shape) as (keyof Settings)[]).filter((k): k is SettingKey => k !== 'uiLayout');

/** "key  value  (what it takes and means)" lines, keys and values padded to one width. */
function describe(settings: Settings, style: Style): string {
  const width = Math.max(...KEYS.map((k) => String(settings[k]).length));
  return keyValues(
    KEYS.map((k) => [k, `${String(settings[k]).padEnd(width)}  ${paint(style, 'dim', `(${SETTING_HELP[k]})`)}`] as const),
    style,
  );
}

/** `cortex settings`: every setting with its value (settings.get). */
export const settingsCommand: CommandSpec = {
  name: 'settings',
  summary: 'Show the settings (restore mode, scrollback lines, default restart policy, metrics interval).',
  details: 'Change one with `cortex settings set <key> <value>`.',
  args: [],
  options: {},
  examples: ['cortex settings', 'cortex settings --json | jq -r .restoreMode'],
  async run({ client, style }) {
    const c = await client();
    const settings = await c.call('settings.get', {});
    return { data: settings, text: describe(settings, style) };
  },
};

/**
 * A setting's value from its command-line word: the word as it is, else as a number, else as
 * a boolean, whichever the setting's schema accepts.
 * @throws CliError `USAGE` (exit 2) for an unknown key or a value the schema refuses
 */
export function parseSetting(key: string, value: string, usage: string): Partial<Settings> {
  if (!(KEYS as string[]).includes(key)) throw usageError(`Unknown setting "${key}": use one of ${KEYS.join(', ')}.`, usage);
  const schema = SettingsSchema.shape[key as SettingKey];
  const candidates: unknown[] = [value, Number(value), value === 'true' ? true : value === 'false' ? false : undefined];
  for (const candidate of candidates) {
    if (candidate === undefined || (typeof candidate === 'number' && (!value.trim() || Number.isNaN(candidate)))) continue;
    const parsed = schema.safeParse(candidate);
    if (parsed.success) return { [key]: parsed.data };
  }
  throw usageError(`"${value}" is not a valid ${key}: ${SETTING_HELP[key as SettingKey]}.`, usage);
}

/** `cortex settings set <key> <value>`: changes one setting (settings.set) and prints them all. */
export const settingsSetCommand: CommandSpec = {
  name: 'settings set',
  summary: 'Change one setting.',
  details: ['Settings:', ...KEYS.map((k) => `  ${k}  ${SETTING_HELP[k]}`)].join('\n'),
  args: [
    { name: 'key', description: KEYS.join(' | ') },
    { name: 'value', description: 'the new value' },
  ],
  options: {},
  examples: ['cortex settings set restoreMode closed', 'cortex settings set scrollbackLines 10000', 'cortex settings set defaultRestartPolicy on-failure'],
  async run({ client, args, style }) {
    const patch = parseSetting(args['key']!, args['value']!, usageLine(settingsSetCommand));
    const c = await client();
    const settings = await c.call('settings.set', patch);
    return { data: settings, text: describe(settings, style) };
  },
};
