import type { Project, Session } from '../../contract/index.js';
import type { CommandSpec } from '../command.js';
import { keyValues, stateLabel, type Style } from '../format.js';
import { resolveSession } from '../resolve.js';

/** The key/value block `status` and `stop` print for one session. */
export function describeSession(s: Session, project: Project | undefined, style: Style): string {
  const rows: [string, string][] = [
    ['id', s.id],
    ['project', project ? `${project.name} (${project.path})` : s.projectId],
    ['agent', s.agent],
    ['state', stateLabel(s, style)],
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

/** `cortex status <session>`: the session's state (and exit code once exited). */
export const statusCommand: CommandSpec = {
  name: 'status',
  summary: "Show a session's state, time in state, and exit code once it exited.",
  details: 'States: starting, running (output in the last 2 s), quiet, exited.',
  args: [{ name: 'session', description: 'session id or a unique prefix of it' }],
  options: {},
  examples: ['cortex status 3f2a', 'cortex status 3f2a --json | jq -r .state'],
  async run({ client, args, style }) {
    const c = await client();
    const session = await resolveSession(c, args['session']!);
    const project = (await c.call('projects.list')).find((p) => p.id === session.projectId);
    return { data: session, text: describeSession(session, project, style) };
  },
};
