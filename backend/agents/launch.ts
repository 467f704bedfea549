import type { ResolvedProfile } from './agent-registry.js';

/** What to spawn for a profile: the argv and, for `type` prompts, what to type once ready. */
export interface LaunchPlan {
  /** argv[0] is the resolved executable. Never passed through a shell. */
  argv: string[];
  env: Record<string, string>;
  /** Text to type into the PTY after `typeDelayMs`, or null. Sent with a trailing CR. */
  typedPrompt: string | null;
  typeDelayMs: number;
}

/** Wait before typing a prompt that could not go in an argument (ms): the agent's start-up. */
export const TYPED_PROMPT_DELAY_MS = 2_500;

/**
 * Builds the argv for a profile and an optional first prompt, as the profile's
 * `promptMode` says: appended as the last argument (`arg`), after a flag (`flag`),
 * or typed into the PTY once the agent had time to start (`type`).
 * Multi-line prompts stay intact: they are argv elements, never shell words.
 * @param extraArgs inserted after the profile's args and before a positional prompt
 *   (per-launch hook settings, resume arguments)
 */
export function planLaunch(r: ResolvedProfile & { executable: string }, prompt?: string, extraArgs: string[] = []): LaunchPlan {
  const p = r.profile;
  const argv = [r.executable, ...p.args, ...extraArgs];
  let typedPrompt: string | null = null;
  let typeDelayMs = 0;
  if (prompt !== undefined && prompt.length > 0) {
    const mode = p.promptMode;
    // A prompt that starts with '-' is always data, never an option: after `--` (POSIX's
    // end of options, honoured by the agents' parsers) or joined to a long flag with `=`; a
    // short flag cannot carry it safely, so it is typed instead.
    const dash = prompt.startsWith('-');
    if (mode.kind === 'arg') argv.push(...(dash ? ['--', prompt] : [prompt]));
    else if (mode.kind === 'flag' && !dash) argv.push(mode.flag, prompt);
    else if (mode.kind === 'flag' && mode.flag.startsWith('--')) argv.push(`${mode.flag}=${prompt}`);
    else {
      typedPrompt = prompt;
      typeDelayMs = mode.kind === 'type' ? mode.delayMs : TYPED_PROMPT_DELAY_MS;
    }
  }
  return { argv, env: p.env, typedPrompt, typeDelayMs };
}
