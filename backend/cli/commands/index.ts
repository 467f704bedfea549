import type { CommandSpec } from '../command.js';
import { addCommand } from './add.js';
import { agentsCommand } from './agents.js';
import { helpCommand } from './help.js';
import { projectsCommand } from './projects.js';
import { screenCommand } from './screen.js';
import { sendCommand } from './send.js';
import { sessionsCommand } from './sessions.js';
import { startCommand } from './start.js';
import { statusCommand } from './status.js';
import { stopCommand } from './stop.js';
import { versionCommand } from './version.js';

/** Every command of the CLI, in the order `cortex help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  projectsCommand,
  addCommand,
  sessionsCommand,
  startCommand,
  sendCommand,
  screenCommand,
  statusCommand,
  stopCommand,
  agentsCommand,
  helpCommand,
  versionCommand,
];
