/**
 * `npm run train:intents`: trains the task parser's intent model on the commit corpus of the
 * shared data (read from ../shared/data, never copied) and writes
 * backend/orchestrator/intent/intent-model.json. Deterministic: a rerun on the same corpus
 * writes the same bytes. Exits 2 when the corpus is absent.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commitCorpusPath, readCommitCorpus } from '../backend/orchestrator/intent/commit-corpus.js';
import { trainIntentModel } from '../backend/orchestrator/intent/intent-training.js';

const out = process.argv[2] ?? fileURLToPath(new URL('../backend/orchestrator/intent/intent-model.json', import.meta.url));
const rows = readCommitCorpus();
if (!rows) {
  console.error(`train:intents: no corpus at ${commitCorpusPath()} (set CORTEX_SHARED_DATA to the shared data folder)`);
  process.exit(2);
}
const t0 = performance.now();
const file = trainIntentModel(rows, undefined, (i, n) => process.stderr.write(`train:intents: grouped CV fold ${i + 1}/${n}\n`));
const text = `${JSON.stringify(file)}\n`;
writeFileSync(out, text);
console.log(`train:intents: ${out}: ${(text.length / 1024).toFixed(0)} KiB, ${file.training['rows']} rows, temperature ${file.temperature}, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
