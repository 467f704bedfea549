import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dataDirPath } from '../backend/config/data-dir.js';
import { parseCommandLine, wantsJson } from './args.js';
import type { CortexCaller } from './command.js';
import { COMMANDS } from './commands/index.js';
import { connectToInstance } from './connect.js';
import { EXIT, toCliError } from './errors.js';
import { styleFor } from './format.js';
import { printError, printOutput, printWarnings, type CliIo } from './output.js';

/**
 * Runs one `cortex` command line and returns its exit code: 0 ok, 1 an error from the
 * server (or an unknown / ambiguous id), 2 a usage error, 3 no running instance, 4 a
 * `--wait-for` timed out (see {@link EXIT}).
 * Never throws: every failure is printed on `io.stderr` (as JSON with `--json`).
 * @param argv the words after `cortex`, e.g. `['start', '.', '--json']`
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let json = wantsJson(argv);
  let connection: Promise<CortexCaller & { close(): Promise<void> }> | undefined;
  try {
    const line = parseCommandLine(argv, COMMANDS);
    json = line.json;
    const out = await line.command.run({
      args: line.args,
      options: line.options,
      client: () => (connection ??= connectToInstance(dataDirPath(io.env)).then((c) => warnOfProblems(c, io))),
      cwd: io.cwd,
      get dataDir() {
        return dataDirPath(io.env);
      },
      style: styleFor(!!io.stdout.isTTY, io.env),
      commands: COMMANDS,
      env: io.env,
      readStdin: () => readAll(io.stdin),
    });
    printOutput(io, out, json);
    return EXIT.ok;
  } catch (err) {
    const e = toCliError(err);
    printError(io, e, json);
    return e.exitCode;
  } finally {
    if (connection) await connection.then((c) => c.close(), () => undefined);
  }
}

/**
 * Prints the instance's current problems (a full disk: snapshots are paused...) as
 * warnings on stderr, once per command, so a script's stdout stays clean.
 * @returns the client, whatever `app.health` answered (an older instance has no such method)
 */
async function warnOfProblems<C extends CortexCaller>(c: C, io: CliIo): Promise<C> {
  try {
    const { problems } = await c.call('app.health');
    printWarnings(io, problems.map((p) => (p.hint ? `${p.message} ${p.hint}` : p.message)));
  } catch {
    /* not known to this instance */
  }
  return c;
}

/** Everything on `stdin` as UTF-8, or null when it is a terminal (nobody piped anything) or absent. */
async function readAll(stdin: CliIo['stdin']): Promise<string | null> {
  if (!stdin || stdin.isTTY) return null;
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The process entry: runs `process.argv` and sets `process.exitCode`. A closed stdout
 * (`cortex sessions | head -1`) ends the process quietly.
 */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  process.exitCode = await runCli(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), stdin: process.stdin });
}

function isEntry(): boolean {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) void main();
