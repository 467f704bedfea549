import type { CommandSpec } from '../command.js';
import { addCommand } from './add.js';
import { agentsCommand } from './agents.js';
import { analyzeCommand } from './analyze.js';
import { breakerResetCommand } from './breaker.js';
import { cacheStatsCommand } from './cache.js';
import { helpCommand } from './help.js';
import { orphansCommand, orphansKillCommand } from './orphans.js';
import { presetApplyCommand, presetCopyCommand, presetHistoryCommand, presetListCommand, presetRevertCommand, presetShowCommand } from './preset.js';
import { projectsCommand } from './projects.js';
import { relaunchCommand } from './relaunch.js';
import { screenCommand } from './screen.js';
import { sendCommand } from './send.js';
import { sessionsCommand } from './sessions.js';
import { settingsCommand, settingsSetCommand } from './settings.js';
import { startCommand } from './start.js';
import { statusCommand } from './status.js';
import { stopCommand } from './stop.js';
import { taskDiscardCommand, taskListCommand, taskMergeCommand, taskNewCommand, taskShowCommand } from './task.js';
import { taskCancelCommand, taskDiffCommand, taskRetryCommand } from './task-review.js';
import { qualityCommand, qualitySetCommand } from './quality.js';
import { tokenRotateCommand } from './token.js';
import { usageCommand } from './usage.js';
import { budgetSetCommand, budgetShowCommand } from './budget.js';
import { metricsCommand } from './metrics.js';
import { keysClearCommand, keysCommand, keysSetCommand } from './keys.js';
import { versionCommand } from './version.js';

/**
 * Every command of the CLI, in the order `cortex help` lists them. A two-word name
 * (`orphans kill`) is a command of its own, matched before its first word alone.
 */
export const COMMANDS: readonly CommandSpec[] = [
  projectsCommand,
  addCommand,
  analyzeCommand,
  sessionsCommand,
  startCommand,
  sendCommand,
  screenCommand,
  statusCommand,
  stopCommand,
  relaunchCommand,
  agentsCommand,
  breakerResetCommand,
  orphansCommand,
  orphansKillCommand,
  tokenRotateCommand,
  settingsCommand,
  settingsSetCommand,
  cacheStatsCommand,
  usageCommand,
  budgetShowCommand,
  budgetSetCommand,
  metricsCommand,
  keysCommand,
  keysSetCommand,
  keysClearCommand,
  taskNewCommand,
  taskListCommand,
  taskShowCommand,
  taskDiffCommand,
  taskMergeCommand,
  taskCancelCommand,
  taskRetryCommand,
  taskDiscardCommand,
  qualityCommand,
  qualitySetCommand,
  presetListCommand,
  presetShowCommand,
  presetApplyCommand,
  presetCopyCommand,
  presetHistoryCommand,
  presetRevertCommand,
  helpCommand,
  versionCommand,
];
