import { SESSION_STATES, type Project, type Session, type SessionState } from '../../backend/contract/index.js';
import { usageLine, type CommandSpec } from '../command.js';
import { EXIT, usageError } from '../errors.js';
import { keyValues, stateLabel, type Style } from '../format.js';
import { resolveSession } from '../resolve.js';
import { waitForState } from '../wait.js';

/** The key/value block `status` and `stop` print for one session. */
export function describeSession(s: Session, project: Project | undefined, style: Style): string {
  const rows: [string, string][] = [
    ['id', s.id],
    ['project', project ? `${project.name} (${project.path})` : s.projectId],
    ['agent', s.agent],
    ['state', stateLabel(s, style)],
    ['reason', `${s.stateReason || '-'} (from ${s.stateSource})`],
  ];
  if (s.state === 'exited') rows.push(['exit code', s.exitCode === null ? '-' : String(s.exitCode)]);
  if (s.signal) rows.push(['signal', String(s.signal)]);
  if (s.pid !== null && s.state !== 'exited') rows.push(['pid', String(s.pid)]);
  rows.push(['cwd', s.cwd], ['command', s.argv.join(' ')], ['started', new Date(s.startedAt).toISOString()]);
  if (s.restoredAt !== null) rows.push(['restored', new Date(s.restoredAt).toISOString()]);
  if (s.restarts > 0) rows.push(['restarts', `${s.restarts} (policy ${s.restartPolicy})`]);
  if (s.note) rows.push(['note', s.note]);
  if (s.title) rows.push(['title', s.title]);
  return keyValues(rows, style);
}

/** `cortex status <session> [--wait-for <state> [--timeout <s>]]`: the session's state, or a wait for one. */
export const statusCommand: CommandSpec = {
  name: 'status',
  summary: "Show a session's state and time in it (exit code once exited); or wait for a state.",
  details: [
    `States: ${SESSION_STATES.join(', ')} (see docs/API.md, "Session states").`,
    'With --wait-for, blocks until the session is in that state, then prints it (exit 0);',
    `with --timeout, gives up after that many seconds (exit ${EXIT.timeout}, code TIMEOUT, the message names the state it is in).`,
    'Waiting for another state of a session that exited (and will not restart) fails at once with SESSION_EXITED.',
  ].join('\n'),
  args: [{ name: 'session', description: 'session id or a unique prefix of it' }],
  options: {
    'wait-for': { type: 'string', value: '<state>', description: `block until the session is in this state: ${SESSION_STATES.join(' | ')}` },
    timeout: { type: 'string', value: '<s>', description: `with --wait-for: give up after this many seconds (exit ${EXIT.timeout})` },
  },
  examples: [
    'cortex status 3f2a',
    'cortex status 3f2a --json | jq -r .state',
    'cortex status 3f2a --wait-for idle --timeout 300',
    'cortex status 3f2a --wait-for exited --json | jq .exitCode',
  ],
  async run({ client, args, options, style }) {
    const wait = parseWait(options);
    const c = await client();
    let session = await resolveSession(c, args['session']!);
    if (wait) session = await waitForState(c, session.id, wait.state, wait.timeoutMs);
    const project = (await c.call('projects.list')).find((p) => p.id === session.projectId);
    return { data: session, text: describeSession(session, project, style) };
  },
};

/**
 * `--wait-for` / `--timeout` checked before anything is sent.
 * @returns undefined without --wait-for
 * @throws CliError `USAGE` (exit 2): a state not in SESSION_STATES, a timeout that is not a
 *   positive number of seconds, or --timeout without --wait-for
 */
function parseWait(options: Record<string, string | boolean | undefined>): { state: SessionState; timeoutMs?: number } | undefined {
  const state = options['wait-for'] as string | undefined;
  const timeout = options['timeout'] as string | undefined;
  const usage = usageLine(statusCommand);
  if (state === undefined) {
    if (timeout !== undefined) throw usageError('--timeout goes with --wait-for <state>.', usage);
    return undefined;
  }
  if (!(SESSION_STATES as readonly string[]).includes(state)) {
    throw usageError(`Unknown state "${state}" for --wait-for: use one of ${SESSION_STATES.join(', ')}.`, usage);
  }
  if (timeout === undefined) return { state: state as SessionState };
  const seconds = Number(timeout);
  if (!timeout.trim() || !Number.isFinite(seconds) || seconds <= 0) {
    throw usageError(`--timeout takes a positive number of seconds, not "${timeout}".`, usage);
  }
  return { state: state as SessionState, timeoutMs: Math.round(seconds * 1000) };
}
