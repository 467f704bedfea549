import { INTENT_PICK_THRESHOLD, type TaskIntent, type TaskParse } from '@contract';

/** One reading of the intent offered for a pick: the intent and its probability, %. */
export interface IntentChoice {
  intent: TaskIntent;
  percent: number;
}

/**
 * The two best readings of the intent when the parser is unsure (confidence below
 * INTENT_PICK_THRESHOLD) or the person already picked one; null when the reading is clear.
 */
export function intentChoices(parse: Pick<TaskParse, 'intent'>, picked: TaskIntent | null): IntentChoice[] | null {
  if (picked === null && parse.intent.confidence >= INTENT_PICK_THRESHOLD) return null;
  const two = Object.entries(parse.intent.scores)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([intent, p]) => ({ intent: intent as TaskIntent, percent: Math.round(p * 100) }));
  return two.length === 2 ? two : null;
}
