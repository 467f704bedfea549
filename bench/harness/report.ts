import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fmt, type BenchResult, type Figure, type MachineInfo } from './figures.js';

/** Everything one run measured, as written to bench-results/latest.json. */
export interface BenchReport {
  startedAt: string;
  seconds: number;
  machine: MachineInfo;
  /** Load average when the run ended (1, 5, 15 min): how busy the shared machine was. */
  loadAverageAtEnd: number[];
  settings: Record<string, number | string>;
  goals: Figure[];
  results: BenchResult[];
}

/** Width of the figure-name column of the table, chars. */
const NAME_WIDTH = 66;

function verdict(f: Figure): string {
  if (f.pass === true) return 'PASS';
  if (f.pass === false) return 'FAIL';
  return '';
}

function line(f: Figure): string {
  const name = f.name.length > NAME_WIDTH ? f.name.slice(0, NAME_WIDTH - 1) + '…' : f.name;
  const value = `${fmt(f.value)} ${f.unit}`.trim();
  const goal = f.goal ? `goal ${f.goal}` : '';
  return `  ${name.padEnd(NAME_WIDTH)} ${value.padStart(14)}  ${goal.padEnd(14)} ${verdict(f).padEnd(4)}${f.note ? `  ${f.note}` : ''}`;
}

/** The human table: machine, settings, goals first, then every benchmark's figures. */
export function formatReport(r: BenchReport): string {
  const m = r.machine;
  const out: string[] = [];
  out.push(`Phantom Cortex bench — ${r.startedAt}`);
  out.push(`machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.platform}, node ${m.node}`);
  out.push(`load average at start ${m.loadAverage.join(' / ')}, at end ${r.loadAverageAtEnd.join(' / ')} (shared machine: compare ratios within one run)`);
  out.push(`settings: ${Object.entries(r.settings).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  out.push('');
  out.push('Goals');
  for (const g of r.goals) out.push(line(g));
  for (const res of r.results) {
    out.push('');
    out.push(`${res.bench} (${res.seconds.toFixed(1)} s)${res.skipped ? ` — skipped: ${res.skipped}` : ''}${res.error ? ' — ERROR' : ''}`);
    if (res.table) out.push(...res.table);
    for (const f of res.figures) out.push(line(f));
    if (res.error) out.push(`  ${res.error.split('\n').slice(0, 6).join('\n  ')}`);
  }
  return out.join('\n');
}

/** Writes the report as JSON to `file`, creating its folder. */
export function writeReport(file: string, r: BenchReport): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
}
