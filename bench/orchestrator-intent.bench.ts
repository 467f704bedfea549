/**
 * Task intent benchmark: how well the parser reads what a task asks for.
 * Run: `npm run bench -- --only extras` (with the other feature benchmarks), or alone with
 * `npx tsx bench/orchestrator-intent.bench.ts` (prints the figures).
 *
 * 1. Grouped cross-validation on the commit corpus of the shared data (../shared/data,
 *    prefix removed): whole repositories held out per fold, the model retrained each fold
 *    with the shipped settings. Per-intent precision/recall, confusion matrix, accuracy over
 *    feat/fix/docs/refactor/test/perf (goal ≥ 80 %), build/CI recall (goal ≥ 70 %), macro recall,
 *    calibration (reliability table, ECE) with the temperature fitted on the other repositories.
 * 2. The same subjects with their prefix kept, through the parser: goal 100 %.
 * 3. The hand-written issue titles (backend/orchestrator/intent/issue-titles.json): intent
 *    (goal ≥ 85 %) and domain, through the shipped parser.
 * 4. The shipped model: file size (goal < 5 MB) and inference time per text (goal < 1 ms).
 * Without the shared data, parts 1 and 2 are skipped and say so.
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import titles from '../backend/orchestrator/intent/issue-titles.json' with { type: 'json' };
import { commitCorpusPath, readCommitCorpus, type CommitRow } from '../backend/orchestrator/intent/commit-corpus.js';
import { crossFittedTemperature, evaluate, type Evaluation } from '../backend/orchestrator/intent/evaluation.js';
import { classifyIntent } from '../backend/orchestrator/intent/intent-classifier.js';
import { tokenize } from '../backend/orchestrator/intent/features.js';
import { crossFittedReading, groupedPredictions, INTENT_TRAINING, MODEL_INTENTS } from '../backend/orchestrator/intent/intent-training.js';
import { parseTask } from '../backend/orchestrator/task-parser.js';
import { INTENT_PICK_THRESHOLD } from '../backend/contract/index.js';
import type { Figure } from './harness/figures.js';

const MODEL_PATH = fileURLToPath(new URL('../backend/orchestrator/intent/intent-model.json', import.meta.url));
const SIX = ['implement', 'fix', 'docs', 'refactor', 'test', 'perf'];
const pct = (x: number) => Math.round(x * 1000) / 10;

function fig(id: string, name: string, value: number | null, unit: string, goal?: { text: string; pass: boolean }, note?: string): Figure {
  return { id: `intent.${id}`, name, value, unit, goal: goal?.text, pass: goal ? goal.pass : null, note };
}

/** Accuracy over the rows whose truth is in `labels`. */
function accuracyOver(e: Evaluation, labels: readonly string[]): number {
  let right = 0;
  let n = 0;
  e.perLabel.forEach((l, i) => {
    if (!labels.includes(l.label)) return;
    right += e.confusion[i]![i]!;
    n += l.support;
  });
  return n ? right / n : 0;
}

function crossValidation(rows: CommitRow[]): Figure[] {
  const preds = groupedPredictions(rows, INTENT_TRAINING, (i, n) => process.stderr.write(`bench: intent grouped CV fold ${i + 1}/${n}\n`));
  const modelOnly = evaluate(MODEL_INTENTS, preds);
  // The shipped reading: model + keyword scores, weight and temperature fitted on the other repositories.
  const reading = crossFittedReading(preds);
  const cal = evaluate(MODEL_INTENTS, reading.preds);
  const raw = cal;
  const uncal = evaluate(MODEL_INTENTS, crossFittedTemperature(preds).map((p) => p));
  const six = accuracyOver(raw, SIX);
  const build = raw.perLabel.find((l) => l.label === 'build')!.recall ?? 0;
  const repos = new Set(preds.map((p) => p.group)).size;
  const out: Figure[] = [
    fig('cv.six', 'grouped CV accuracy over feat/fix/docs/refactor/test/perf (repositories held out)', pct(six), '%', { text: '≥ 80 %', pass: six >= 0.8 }, `${repos} repositories in ${INTENT_TRAINING.folds} folds, prefix removed`),
    fig('cv.build', 'grouped CV recall of build/CI', pct(build), '%', { text: '≥ 70 %', pass: build >= 0.7 }),
    fig('cv.accuracy', 'grouped CV accuracy, all learned intents', pct(raw.accuracy), '%', undefined, `${raw.rows} rows`),
    fig('cv.macro', 'grouped CV macro-averaged recall (balanced accuracy)', pct(raw.macroRecall), '%'),
    fig('cv.model_only.accuracy', 'grouped CV accuracy of the model alone (no keyword scores)', pct(modelOnly.accuracy), '%', undefined, `macro recall ${pct(modelOnly.macroRecall)} %; keyword weights fitted per held-out repository: ${[...new Set(reading.ruleWeights)].join(', ')}`),
  ];
  for (const l of raw.perLabel) {
    out.push(fig(`cv.${l.label}.precision`, `${l.label}: precision`, l.precision === null ? null : pct(l.precision), '%', undefined, `support ${l.support}`));
    out.push(fig(`cv.${l.label}.recall`, `${l.label}: recall`, l.recall === null ? null : pct(l.recall), '%'));
  }
  out.push(
    fig('cv.confusion', 'confusion matrix (rows truth, columns predicted)', null, '', undefined, `${MODEL_INTENTS.join(' ')} | ${raw.confusion.map((r, i) => `${MODEL_INTENTS[i]}: ${r.join(' ')}`).join(' | ')}`),
    fig('cv.ece.uncalibrated', 'expected calibration error of the model alone, temperature 1', pct(modelOnly.ece), '%', undefined, `model alone with a fitted temperature: ${pct(uncal.ece)} %`),
    fig('cv.ece', 'expected calibration error, temperature fitted on the other repositories', pct(cal.ece), '%', { text: '≤ 5 %', pass: cal.ece <= 0.05 }),
    fig(
      'cv.reliability',
      'reliability (top probability bin: mean confidence → accuracy, rows)',
      null,
      '',
      undefined,
      cal.reliability.filter((b) => b.count > 0).map((b) => `${b.from.toFixed(1)}-${b.to.toFixed(1)}: ${pct(b.confidence!)}→${pct(b.accuracy!)} (${b.count})`).join('; '),
    ),
  );
  const cal2 = reading.preds;
  let above = 0;
  let aboveRight = 0;
  for (const p of cal2) {
    const probs = p.logits.map(Math.exp);
    const sum = probs.reduce((a, b) => a + b, 0);
    const top = probs.indexOf(Math.max(...probs));
    if (probs[top]! / sum >= INTENT_PICK_THRESHOLD) {
      above++;
      if (top === p.truth) aboveRight++;
    }
  }
  out.push(fig('cv.confident', `share of texts read with confidence ≥ ${INTENT_PICK_THRESHOLD} (the rest offer a pick)`, pct(above / cal2.length), '%', undefined, `accuracy on them ${pct(above ? aboveRight / above : 0)} %`));
  return out;
}

/**
 * How far the corpus's own labels agree, which bounds any reader of the text alone:
 * (a) subjects that read the same once code names, quoted identifiers and numbers are
 * blanked ("rename X to X") and that occur more than once: the share of them carrying their
 * template's most common label (a perfect reader of these texts cannot score more);
 * (b) the opening word alone, in-sample: the share of rows whose opening word's most common
 * label is theirs, and the spread of labels behind the most frequent opening words.
 */
export function labelAgreement(rows: CommitRow[]): Figure[] {
  const measured = rows.filter((r) => r.intent !== null);
  const blank = (t: string) =>
    t
      .replace(/`[^`]*`/g, ' X ')
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .map((w) => (w === 'X' || /\d/.test(w) || /\p{Ll}\p{Lu}/u.test(w) ? 'X' : w.toLowerCase()))
      .join(' ');
  const tally = (key: (r: CommitRow) => string) => {
    const m = new Map<string, Map<string, number>>();
    for (const r of measured) {
      const k = key(r);
      const c = m.get(k) ?? new Map<string, number>();
      c.set(r.intent!, (c.get(r.intent!) ?? 0) + 1);
      m.set(k, c);
    }
    return m;
  };
  const sum = (c: Map<string, number>) => [...c.values()].reduce((a, b) => a + b, 0);
  const top = (c: Map<string, number>) => Math.max(...c.values());
  const templates = [...tally((r) => blank(r.text))].filter(([, c]) => sum(c) > 1);
  const tRows = templates.reduce((a, [, c]) => a + sum(c), 0);
  const tTop = templates.reduce((a, [, c]) => a + top(c), 0);
  const split = templates.filter(([, c]) => c.size > 1).sort((a, b) => sum(b[1]) - sum(a[1]));
  const show = (c: Map<string, number>) => [...c].sort((a, b) => b[1] - a[1]).map(([l, n]) => `${l} ${n}`).join(', ');
  const first = tally((r) => tokenize(r.text)[0] ?? '');
  const fTop = [...first.values()].reduce((a, c) => a + top(c), 0);
  const common = [...first].sort((a, b) => sum(b[1]) - sum(a[1])).slice(0, 6);
  return [
    fig('labels.templates', 'label agreement on repeated subjects (code names and numbers blanked): majority label share', pct(tTop / tRows), '%', undefined, `${templates.length} subjects, ${tRows} rows; ${split.length} carry more than one label, e.g. ${split.slice(0, 4).map(([k, c]) => `"${k}": ${show(c)}`).join('; ')}`),
    fig('labels.opening', 'opening word alone, in-sample: majority label share', pct(fTop / measured.length), '%', undefined, common.map(([w, c]) => `"${w}" ${sum(c)}: ${[...c].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([l, n]) => `${l} ${pct(n / sum(c))} %`).join(', ')}`).join('; ')),
  ];
}

function prefixKept(rows: CommitRow[]): Figure {
  const known = rows.filter((r) => r.intent !== null);
  const right = known.filter((r) => parseTask(r.subject).intent.value === r.intent).length;
  const share = known.length ? right / known.length : 0;
  return fig('prefix', 'intent with the conventional prefix kept (known types)', pct(share), '%', { text: '100 %', pass: right === known.length }, `${right} of ${known.length}`);
}

function titleSet(): Figure[] {
  const list = titles.titles;
  let intent = 0;
  let domain = 0;
  for (const t of list) {
    const p = parseTask(t.text);
    if (p.intent.value === t.intent) intent++;
    if (p.domain.value === t.domain) domain++;
  }
  return [
    fig('titles.intent', `hand-written issue titles: intent (${list.length} titles, labelled before training)`, pct(intent / list.length), '%', { text: '≥ 85 %', pass: intent / list.length >= 0.85 }),
    fig('titles.domain', 'hand-written issue titles: domain', pct(domain / list.length), '%'),
  ];
}

function speed(): Figure[] {
  const texts = titles.titles.map((t) => t.text);
  for (const t of texts) classifyIntent(t);
  const rounds = 20;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const t of texts) classifyIntent(t);
  const us = ((performance.now() - t0) * 1000) / (rounds * texts.length);
  const bytes = statSync(MODEL_PATH).size;
  return [
    fig('model.bytes', 'model file size', Math.round(bytes / 1024), 'KiB', { text: '< 5 MB', pass: bytes < 5e6 }),
    fig('inference.us', 'intent inference per text (model + rules)', Math.round(us * 10) / 10, 'µs', { text: '< 1000 µs', pass: us < 1000 }, `${rounds} rounds of ${texts.length} titles`),
  ];
}

/** The figures of this benchmark (see the file's comment). */
export async function run(): Promise<Figure[]> {
  const out: Figure[] = [...titleSet(), ...speed()];
  const rows = readCommitCorpus();
  if (!rows) {
    out.push(fig('cv', 'grouped cross-validation and prefix check', null, '', undefined, `skipped: no corpus at ${commitCorpusPath()}`));
    return out;
  }
  out.push(prefixKept(rows), ...labelAgreement(rows), ...crossValidation(rows));
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().then((f) => console.log(f.map((x) => `${x.id.padEnd(28)} ${String(x.value ?? '—').padStart(8)} ${x.unit.padEnd(4)} ${x.goal ? `[${x.goal}: ${x.pass ? 'pass' : 'FAIL'}] ` : ''}${x.name}${x.note ? ` — ${x.note}` : ''}`).join('\n')));
}
