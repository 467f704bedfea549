/** Pitch of the notification beep, Hz. */
const BEEP_FREQUENCY_HZ = 880;
/** Length of the beep, s. */
const BEEP_SECONDS = 0.18;
/** Peak gain (0..1): audible, not startling. */
const BEEP_GAIN = 0.15;

let context: AudioContext | null = null;

/**
 * Plays a short sine beep with WebAudio (no audio file). Silently does nothing where
 * audio is unavailable or not yet allowed by the browser's autoplay policy.
 */
export function beep(): void {
  try {
    context ??= new AudioContext();
    const ctx = context;
    if (ctx.state === 'suspended') void ctx.resume();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = BEEP_FREQUENCY_HZ;
    const t = ctx.currentTime;
    gain.gain.setValueAtTime(0, t);
    gain.gain.linearRampToValueAtTime(BEEP_GAIN, t + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + BEEP_SECONDS);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + BEEP_SECONDS);
  } catch {
    // No audio: the notification and badge still tell the user.
  }
}
