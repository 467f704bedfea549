import { readFileSync, unlinkSync } from 'node:fs';
import { writePrivateFile } from './private-file.js';
import { join } from 'node:path';
import { z } from 'zod';
import { DATA_FILES } from './data-dir.js';

/** What a running instance publishes so the CLI and scripts can reach it. */
export const EndpointSchema = z.object({
  /** The page to open in a browser, token included. */
  url: z.string(),
  /** The WebSocket URL, without the token. */
  wsUrl: z.string(),
  token: z.string(),
  pid: z.number().int(),
  startedAt: z.number(),
});
export type Endpoint = z.infer<typeof EndpointSchema>;

/** Path of the endpoint file in `dataDir`. */
export function endpointPath(dataDir: string): string {
  return join(dataDir, DATA_FILES.endpoint);
}

/** Writes the endpoint file atomically, readable and writable only by the user (0600). */
export function writeEndpoint(dataDir: string, ep: Endpoint): void {
  writePrivateFile(endpointPath(dataDir), JSON.stringify(ep, null, 2) + '\n');
}

/** Removes the endpoint file if it still belongs to process `pid`. Never throws. */
export function removeEndpoint(dataDir: string, pid = process.pid): void {
  try {
    if (readEndpoint(dataDir)?.pid === pid) unlinkSync(endpointPath(dataDir));
  } catch {
    /* already gone */
  }
}

/** The endpoint of a running instance, or null when there is none (or the file is stale). */
export function readEndpoint(dataDir: string): Endpoint | null {
  let ep: Endpoint;
  try {
    ep = EndpointSchema.parse(JSON.parse(readFileSync(endpointPath(dataDir), 'utf8')));
  } catch {
    return null;
  }
  try {
    process.kill(ep.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return null;
  }
  return ep;
}
