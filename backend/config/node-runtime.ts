/**
 * How the app starts one of its plain-JavaScript scripts (the hook client, the gate runner)
 * as a separate Node process, on every OS.
 *
 * Under Node that is this process's executable. Inside the desktop app it is the app's own
 * Electron binary, which runs a script as plain Node only when `ELECTRON_RUN_AS_NODE=1` is in
 * its environment (Electron's RunAsNode fuse, kept on in packaging for exactly this; see
 * `build/electron-builder.yml`). That variable travels in the spawn's `env` option, never
 * through a POSIX-only wrapper such as `/usr/bin/env`, so the same argv runs on Windows.
 */
export interface NodeRuntime {
  /** The executable that runs the script (absolute path). */
  readonly execPath: string;
  /** True inside Electron: the executable needs `ELECTRON_RUN_AS_NODE=1` to run as Node. */
  readonly electron: boolean;
}

/** An argv prefix that runs a script with Node, and the environment the process needs for it. */
export interface NodeLauncher {
  /** Executable first; append the script's path and its arguments. */
  readonly argv: readonly string[];
  /** Variables to add to the process's environment (through the spawn's `env` option). */
  readonly env: Readonly<Record<string, string>>;
}

/** The variable that makes the Electron binary run as plain Node (Electron docs, "ELECTRON_RUN_AS_NODE"). */
export const RUN_AS_NODE_VAR = 'ELECTRON_RUN_AS_NODE';

/** This process's runtime: its executable, and whether it is Electron. */
export function currentRuntime(): NodeRuntime {
  return { execPath: process.execPath, electron: typeof process.versions['electron'] === 'string' };
}

/**
 * How to run a Node script from `runtime` (default: this process): `{argv: [execPath], env: {}}`
 * under Node, `{argv: [execPath], env: {ELECTRON_RUN_AS_NODE: '1'}}` inside Electron.
 */
export function nodeLauncher(runtime: NodeRuntime = currentRuntime()): NodeLauncher {
  return { argv: [runtime.execPath], env: runtime.electron ? { [RUN_AS_NODE_VAR]: '1' } : {} };
}
