import type { Breaker, Session } from '../../backend/contract/index.js';
import type { CommandSpec } from '../command.js';
import { formatDuration, paint, shortId, stateLabel, table, type Style } from '../format.js';
import { resolveProject } from '../resolve.js';

/** A session as `cortex sessions --json` lists it: the Session plus its agent's circuit breaker (null for an unknown profile). */
export type ListedSession = Session & { breaker: Breaker | null };

/** The STATE cell: state and time in it, then ", restored 5m ago" for a session brought back after a restart. */
function stateCell(s: Session, style: Style): string {
  const restored = s.restoredAt === null ? '' : paint(style, 'yellow', `, restored ${formatDuration(style.now - s.restoredAt)} ago`);
  return stateLabel(s, style) + restored;
}

/** The AGENT cell: the profile id, then "(breaker open)" / "(breaker half-open)" unless it is closed. */
function agentCell(s: ListedSession, style: Style): string {
  return !s.breaker || s.breaker.state === 'closed' ? s.agent : `${s.agent} ${paint(style, 'red', `(breaker ${s.breaker.state})`)}`;
}

/** `cortex sessions [--project <id>]`: sessions, live and past, oldest first, with restore marks and breaker states. */
export const sessionsCommand: CommandSpec = {
  name: 'sessions',
  summary: 'List sessions (live and past), optionally of one project.',
  details: [
    'STATE shows the state and time in it ("waiting (unseen)" until you look at it), and ", restored 5m ago" for',
    "a session brought back after a restart; AGENT shows \"(breaker open)\" while the agent's circuit breaker is not closed.",
    '--json lists Session objects, each with a `breaker` field: its agent\'s breaker (null for an unknown profile).',
  ].join('\n'),
  args: [],
  options: { project: { type: 'string', value: '<id>', description: 'only this project (an id or a unique prefix of it)' } },
  examples: ['cortex sessions', 'cortex sessions --project 3f2a --json', "cortex sessions --json | jq -r '.[] | select(.restoredAt) | .id'"],
  async run({ client, options, style }) {
    const c = await client();
    const given = options['project'] as string | undefined;
    const projectId = given === undefined ? undefined : (await resolveProject(c, given)).id;
    const [projects, agents, sessions] = await Promise.all([
      c.call('projects.list'),
      c.call('agents.list'),
      c.call('sessions.list', projectId === undefined ? {} : { projectId }),
    ]);
    const breakers = new Map(agents.agents.map((a) => [a.id, a.breaker]));
    const listed: ListedSession[] = sessions.map((s) => ({ ...s, breaker: breakers.get(s.agent) ?? null }));
    if (listed.length === 0) return { data: listed, text: 'No sessions. Start one with `cortex start <dir>`.' };
    const projectName = (id: string) => projects.find((p) => p.id === id)?.name ?? shortId(id);
    const rows = listed.map((s) => [shortId(s.id), projectName(s.projectId), agentCell(s, style), stateCell(s, style), s.cwd]);
    return { data: listed, text: table(['ID', 'PROJECT', 'AGENT', 'STATE', 'CWD'], rows, style) };
  },
};
