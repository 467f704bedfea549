import { describe, expect, it } from 'vitest';
import { INTENT_PICK_THRESHOLD, TASK_INTENTS, type TaskParse } from '@contract';
import { intentChoices } from './intent-choices';

/** An intent reading with `scores` for some intents (the rest 0) and the best as its value. */
function reading(scores: Record<string, number>): Pick<TaskParse, 'intent'> {
  const all = Object.fromEntries(TASK_INTENTS.map((i) => [i, scores[i] ?? 0]));
  const [value, confidence] = Object.entries(all).sort((a, b) => b[1] - a[1])[0]!;
  return { intent: { value: value as TaskParse['intent']['value'], confidence, reasons: [], scores: all } };
}

describe('intentChoices', () => {
  it('offers nothing when the reading is clear', () => {
    expect(intentChoices(reading({ fix: INTENT_PICK_THRESHOLD, implement: 0.2 }), null)).toBeNull();
  });

  it('offers the two best readings with their percentages when the parser is unsure', () => {
    expect(intentChoices(reading({ perf: 0.41, fix: 0.37, refactor: 0.12, implement: 0.1 }), null)).toEqual([
      { intent: 'perf', percent: 41 },
      { intent: 'fix', percent: 37 },
    ]);
  });

  it('keeps offering them after the person picked, so the pick can be changed', () => {
    const picked = { intent: { value: 'fix' as const, confidence: 1, reasons: ['chosen by the person'], scores: reading({ perf: 0.41, fix: 0.37 }).intent.scores } };
    expect(intentChoices(picked, 'fix')?.map((c) => c.intent)).toEqual(['perf', 'fix']);
  });
});
