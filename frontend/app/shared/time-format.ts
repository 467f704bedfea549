/** A wall-clock time for labels, e.g. `14:05`. */
export function formatClock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** A date and time for tooltips, e.g. `3/14/2026, 14:05:09`. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' });
}
