import type { CommandSpec } from '../command.js';
import { absoluteFolder } from '../resolve.js';
import { shortId } from '../format.js';

/** `cortex add <dir> [--name N]`: adds a folder as a project (or shows the existing one). */
export const addCommand: CommandSpec = {
  name: 'add',
  summary: 'Add a local folder as a project.',
  details: 'Adding a folder that is already a project returns that project. Relative paths resolve against the current directory.',
  args: [{ name: 'dir', description: 'the project folder' }],
  options: { name: { type: 'string', value: '<name>', description: 'display name (default: the folder name)' } },
  examples: ['cortex add .', 'cortex add ~/src/shop --name Shop'],
  async run({ client, args, options, cwd }) {
    const c = await client();
    const name = options['name'] as string | undefined;
    const project = await c.call('projects.add', { path: absoluteFolder(args['dir']!, cwd), ...(name !== undefined ? { name } : {}) });
    return { data: project, text: `Project ${project.name} (${shortId(project.id)}) at ${project.path}` };
  },
};
