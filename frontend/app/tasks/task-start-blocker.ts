/** What the task composer knows when it decides whether "Start task" can be pressed. */
export interface ComposerState {
  /** A project is picked. */
  hasProject: boolean;
  /** The task text, as typed. */
  text: string;
  /** An analysis of the current text is on its way. */
  analyzing: boolean;
  /** The last analysis failed. */
  analysisFailed: boolean;
  /** An analysis of the current text is there. */
  analyzed: boolean;
  /** Agents of that analysis that may take the task (installed, breaker closed, with capabilities). */
  eligibleAgents: number;
  /** Coding agents (profiles other than the shell) whose command is installed. */
  installedAgents: number;
  /** The folder is not a git repository and the user has not agreed to run in place. */
  needsConfirm: boolean;
  /** A start is in flight. */
  busy: boolean;
}

/**
 * Why "Start task" cannot be pressed now, in the user's words, or null when it can. The
 * first unmet condition wins, in the order the user meets them in the dialog. Pure.
 */
export function startBlocker(s: ComposerState): string | null {
  if (s.busy) return 'Starting…';
  if (!s.hasProject) return 'Pick a project first.';
  if (s.text.trim() === '') return 'Describe the task first.';
  if (s.analyzing) return 'Reading the task…';
  if (s.analysisFailed) return 'The task could not be read: see the error above.';
  if (!s.analyzed) return 'Reading the task…';
  if (s.eligibleAgents === 0 && s.installedAgents === 0) return 'No coding agent is installed: install one and sign in to it (see above), then press Check again.';
  if (s.eligibleAgents === 0) return 'No installed agent can take it now: see why next to each agent.';
  if (s.needsConfirm) return 'This folder is not a git repository: confirm above that the agent may work in it directly.';
  return null;
}
