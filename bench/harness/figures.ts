import { cpus, loadavg, totalmem } from 'node:os';
import type { BusySplit } from './chromium.js';

/**
 * One measured figure. `value` is in `unit`; `goal` says in words what passing means;
 * `pass` is true/false when the figure has a goal, null when it is informational.
 * Benchmarks in bench/cache*.ts and bench/status*.ts may return these from `run()`.
 */
export interface Figure {
  /** Short id, e.g. "a.pty" or "echo.p95". */
  id: string;
  /** What was measured, in words. */
  name: string;
  value: number | null;
  unit: string;
  goal?: string;
  pass?: boolean | null;
  /** Extra detail (sizes, method, why skipped). */
  note?: string;
}

/** A benchmark's outcome: its figures, or why it did not run. */
export interface BenchResult {
  bench: string;
  figures: Figure[];
  /** Set when the benchmark was skipped on purpose (e.g. renderer not built). */
  skipped?: string;
  /** Set when the benchmark itself broke. */
  error?: string;
  /** Lines printed under the figures (e.g. the side-by-side table of the peers). */
  table?: string[];
  seconds: number;
}

/** Machine facts printed with every run (compare ratios from one run only: these machines are shared and noisy). */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  loadAverage: number[];
}

/** The machine this run measured. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** Formats a number with a sensible number of significant digits. */
export function fmt(value: number | null, digits = 3): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  return Number(value.toPrecision(digits)).toString();
}

/**
 * Normalizes whatever a foreign `run()` returned into figures: an array of figures,
 * `{ figures: [...] }`, or a plain object of numbers (each key becomes a figure).
 */
export function toFigures(prefix: string, raw: unknown): Figure[] {
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' && Array.isArray((raw as { figures?: unknown }).figures) ? (raw as { figures: unknown[] }).figures : null;
  if (list) {
    return list.map((f, i) => {
      const o = (f ?? {}) as Record<string, unknown>;
      const name = String(o['name'] ?? o['id'] ?? `${prefix}#${i}`);
      return {
        id: String(o['id'] ?? `${prefix}.${i}`),
        name,
        value: typeof o['value'] === 'number' ? o['value'] : null,
        unit: String(o['unit'] ?? ''),
        goal: o['goal'] === undefined ? undefined : String(o['goal']),
        pass: typeof o['pass'] === 'boolean' ? o['pass'] : null,
        note: o['note'] === undefined ? (typeof o['value'] === 'number' ? undefined : JSON.stringify(o['value'])) : String(o['note']),
      };
    });
  }
  if (raw && typeof raw === 'object') return flatten(prefix, raw as Record<string, unknown>, '', '');
  return [{ id: prefix, name: prefix, value: typeof raw === 'number' ? raw : null, unit: '', pass: null, note: typeof raw === 'number' ? undefined : JSON.stringify(raw) }];
}

/** Deepest nesting {@link toFigures} flattens; deeper values are printed as JSON. */
const MAX_FLATTEN_DEPTH = 5;

/** Keys of statistics that carry their parent's unit. */
const STATISTIC_KEY = /^(p\d+|max|min|mean|avg|median)$/;

/** A unit guessed from a key's suffix (`…Us` µs, `…Ms` ms, `…Pct…` %, `…Bytes` B), else ''. */
function unitOf(key: string): string {
  if (/Us$/.test(key)) return 'µs';
  if (/Ms$/.test(key)) return 'ms';
  if (/pct/i.test(key)) return '%';
  if (/Bytes$/.test(key)) return 'B';
  if (/MBps$|MbPerS$/i.test(key)) return 'MB/s';
  return '';
}

/** Numeric leaves become figures named by their dotted path; other leaves become notes. */
function flatten(prefix: string, obj: Record<string, unknown>, path: string, unit: string, depth = 0): Figure[] {
  const out: Figure[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const p = path ? `${path}.${k}` : k;
    // A parent's unit (e.g. `cachedReadMs: { p50, p99, n }`) applies to its statistics, not to counts.
    const u = unitOf(k) || (STATISTIC_KEY.test(k) ? unit : '');
    const inherited = unitOf(k) || unit;
    if (typeof v === 'number') out.push({ id: `${prefix}.${p}`, name: p, value: v, unit: u, pass: null });
    else if (v && typeof v === 'object' && !Array.isArray(v) && depth < MAX_FLATTEN_DEPTH) out.push(...flatten(prefix, v as Record<string, unknown>, p, inherited, depth + 1));
    else if (v !== undefined) out.push({ id: `${prefix}.${p}`, name: p, value: null, unit: '', pass: null, note: typeof v === 'string' ? v : JSON.stringify(v) });
  }
  return out;
}

/**
 * The "MB per second of page main-thread busy time" figure of a Chromium benchmark: a
 * load-robust companion to wall-clock MB/s (busy time from CDP TaskDuration).
 * @param id figure id, e.g. "c.busy"; @param label e.g. "(c)" or "(d) app"
 * @param mbPerBusy MB (10^6 B) per busy second; @param busy busy seconds by kind; @param wallMs wall time, ms
 */
export function busyFigure(id: string, label: string, mbPerBusy: number, busy: BusySplit, wallMs: number): Figure {
  return {
    id,
    name: `${label} MB per second of page main-thread busy time`,
    value: mbPerBusy,
    unit: 'MB/busy-s',
    pass: null,
    note:
      `main thread busy ${busy.task.toFixed(2)} s of ${(wallMs / 1000).toFixed(2)} s ` +
      `(script ${busy.script.toFixed(2)}, style ${busy.style.toFixed(2)}, layout ${busy.layout.toFixed(2)} in ${busy.layouts} layouts; CDP Performance metrics)`,
  };
}
