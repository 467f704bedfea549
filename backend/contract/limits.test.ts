import { describe, expect, it } from 'vitest';
import { FLOW_CONTROL, SCROLLBACK_LIMITS, TASK_SETTING_LIMITS, TERMINAL_LIMITS, TERMINAL_LINE_HEIGHT_LIMITS } from './limits.js';
import { SettingsPatchSchema, SettingsSchema } from './settings.js';
import { TaskSettingsPatchSchema } from './tasks.js';
import { SESSIONS_METHODS } from './sessions.js';

describe('contract limits', () => {
  it('acknowledges at most the low watermark, so a paused PTY always resumes', () => {
    expect(FLOW_CONTROL.ackSizeChars).toBeLessThanOrEqual(FLOW_CONTROL.lowWatermarkChars);
    expect(FLOW_CONTROL.lowWatermarkChars).toBeLessThan(FLOW_CONTROL.highWatermarkChars);
  });

  it('the schemas enforce the same bounds the clients read', () => {
    const resize = SESSIONS_METHODS['sessions.resize'].params;
    const ok = { id: 's', cols: TERMINAL_LIMITS.maxCols, rows: TERMINAL_LIMITS.maxRows };
    expect(resize.safeParse(ok).success).toBe(true);
    expect(resize.safeParse({ ...ok, cols: TERMINAL_LIMITS.maxCols + 1 }).success).toBe(false);
    expect(resize.safeParse({ ...ok, rows: TERMINAL_LIMITS.minRows - 1 }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ scrollbackLines: SCROLLBACK_LIMITS.max }).success).toBe(true);
    expect(SettingsPatchSchema.safeParse({ scrollbackLines: SCROLLBACK_LIMITS.max + 1 }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ scrollbackLines: SCROLLBACK_LIMITS.min - 1 }).success).toBe(false);
    const lh = TERMINAL_LINE_HEIGHT_LIMITS;
    for (const ok of [lh.min, lh.default, lh.default + lh.step, lh.max]) expect(SettingsPatchSchema.safeParse({ terminalLineHeight: ok }).success, String(ok)).toBe(true);
    for (const bad of [lh.min - lh.step, lh.max + lh.step, Number.NaN]) expect(SettingsPatchSchema.safeParse({ terminalLineHeight: bad }).success, String(bad)).toBe(false);
    expect(SettingsSchema.parse({}).terminalLineHeight).toBe(lh.default);
    for (const [key, [min, max]] of Object.entries(TASK_SETTING_LIMITS)) {
      expect(TaskSettingsPatchSchema.safeParse({ [key]: max }).success, key).toBe(true);
      expect(TaskSettingsPatchSchema.safeParse({ [key]: max + 1 }).success, key).toBe(false);
      expect(TaskSettingsPatchSchema.safeParse({ [key]: min - 1 }).success, key).toBe(false);
    }
  });
});
