import type { CommandSpec } from '../command.js';
import { shortId, stateLabel, table } from '../format.js';
import { resolveProject } from '../resolve.js';

/** `cortex sessions [--project <id>]`: sessions, live and past, oldest first. */
export const sessionsCommand: CommandSpec = {
  name: 'sessions',
  summary: 'List sessions (live and past), optionally of one project.',
  args: [],
  options: { project: { type: 'string', value: '<id>', description: 'only this project (an id or a unique prefix of it)' } },
  examples: ['cortex sessions', 'cortex sessions --project 3f2a --json'],
  async run({ client, options, style }) {
    const c = await client();
    const projects = await c.call('projects.list');
    const given = options['project'] as string | undefined;
    const projectId = given === undefined ? undefined : (await resolveProject(c, given)).id;
    const sessions = await c.call('sessions.list', projectId === undefined ? {} : { projectId });
    if (sessions.length === 0) return { data: sessions, text: 'No sessions. Start one with `cortex start <dir>`.' };
    const projectName = (id: string) => projects.find((p) => p.id === id)?.name ?? shortId(id);
    const rows = sessions.map((s) => [shortId(s.id), projectName(s.projectId), s.agent, stateLabel(s, style), s.cwd]);
    return { data: sessions, text: table(['ID', 'PROJECT', 'AGENT', 'STATE', 'CWD'], rows, style) };
  },
};
