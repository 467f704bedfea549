/**
 * Constants of the task parser's intent reading shared by backend and composer.
 */

/**
 * Below this confidence (a calibrated probability, 0..1) the intent is a guess: the composer
 * shows the two best readings and lets the person pick instead of taking the first silently.
 */
export const INTENT_PICK_THRESHOLD = 0.55;
