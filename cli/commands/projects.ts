import type { CommandSpec } from '../command.js';
import { shortId, table } from '../format.js';

/** `cortex projects`: every project, with how many of its sessions are live. */
export const projectsCommand: CommandSpec = {
  name: 'projects',
  summary: 'List the projects (local folders) Phantom Cortex knows.',
  args: [],
  options: {},
  examples: ['cortex projects', 'cortex projects --json'],
  async run({ client, style }) {
    const c = await client();
    const [projects, sessions] = await Promise.all([c.call('projects.list'), c.call('sessions.list', {})]);
    if (projects.length === 0) return { data: projects, text: 'No projects yet. Add one with `cortex add <dir>`.' };
    const live = (id: string) => sessions.filter((s) => s.projectId === id && s.state !== 'exited').length;
    const rows = projects.map((p) => [shortId(p.id), p.name, String(live(p.id)), p.path]);
    return { data: projects, text: table(['ID', 'NAME', 'LIVE', 'PATH'], rows, style) };
  },
};
