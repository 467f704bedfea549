// `npm run bench [-- --mb N] [--only a,b,c,d,echo,memory,extras]`: the performance
// benchmarks (bench/run.ts, run under tsx). Prints a table and writes
// bench-results/latest.json. Exit 0 even when goals fail; non-zero when the bench broke.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { mb: { type: 'string' }, only: { type: 'string' }, out: { type: 'string' } } });
const env = { ...process.env };
if (values.mb !== undefined) env.BENCH_MB = values.mb;
if (values.only !== undefined) env.BENCH_ONLY = values.only;
if (values.out !== undefined) env.BENCH_OUT = values.out;

const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'run.ts')], { cwd: ROOT, env, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
