/**
 * Terminal-level signals any program can send, read from the raw PTY output:
 * - OSC 133 shell integration marks (FinalTerm, as VS Code, iTerm2, WezTerm and kitty read
 *   them): `A` prompt start, `B` command input start, `C` command output start (a command
 *   runs), `D[;exit]` command finished with its exit code;
 * - desktop notifications: OSC 9 (iTerm2/ConEmu `9;text`; ConEmu's `9;4;…` progress report is
 *   progress, not a notification), OSC 777 (`777;notify;title;body`, rxvt/Ghostty/foot),
 *   OSC 99 (kitty: `99;metadata;payload`);
 * - BEL outside any control string.
 */
export type TerminalSignal =
  | { kind: 'prompt' }
  | { kind: 'command' }
  | { kind: 'done'; exitCode: number | null }
  | { kind: 'notify'; text: string }
  | { kind: 'progress' }
  | { kind: 'bell' };

/** Longest OSC payload kept (chars); longer ones are skipped (no signal is that long). */
export const OSC_MAX_CHARS = 4096;

const enum S {
  Normal,
  Esc,
  Osc,
  OscEsc,
  Str,
  StrEsc,
}

/**
 * An incremental scanner: feed it the PTY output chunk by chunk ({@link scan}); a sequence
 * split across chunks is joined. Cheap on ordinary output: a chunk with neither ESC nor BEL
 * is skipped with two `indexOf` calls.
 */
export class TerminalSignalScanner {
  private s = S.Normal;
  private buf = '';

  /** The signals completed within `chunk`, in order. */
  scan(chunk: string): TerminalSignal[] {
    const out: TerminalSignal[] = [];
    if (this.s === S.Normal && chunk.indexOf('\x1b') < 0 && chunk.indexOf('\x07') < 0) return out;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i]!;
      switch (this.s) {
        case S.Normal:
          if (ch === '\x1b') this.s = S.Esc;
          else if (ch === '\x07') out.push({ kind: 'bell' });
          break;
        case S.Esc:
          if (ch === ']') {
            this.s = S.Osc;
            this.buf = '';
          } else if (ch === 'P' || ch === '_' || ch === '^' || ch === 'X') this.s = S.Str;
          else this.s = ch === '\x1b' ? S.Esc : S.Normal;
          break;
        case S.Osc:
          if (ch === '\x07') this.endOsc(out);
          else if (ch === '\x1b') this.s = S.OscEsc;
          else if (this.buf.length < OSC_MAX_CHARS) this.buf += ch;
          break;
        case S.OscEsc:
          if (ch === '\\') this.endOsc(out);
          else {
            // ESC inside an OSC without ST: the OSC was cut short; read the ESC afresh.
            this.buf = '';
            this.s = S.Esc;
            i--;
          }
          break;
        case S.Str:
          if (ch === '\x1b') this.s = S.StrEsc;
          break;
        case S.StrEsc:
          this.s = ch === '\\' ? S.Normal : S.Str;
          break;
      }
    }
    return out;
  }

  private endOsc(out: TerminalSignal[]): void {
    this.s = S.Normal;
    const sig = this.buf.length < OSC_MAX_CHARS ? parseOsc(this.buf) : null;
    this.buf = '';
    if (sig) out.push(sig);
  }
}

/** The signal an OSC payload (the text between `ESC ]` and its terminator) carries, or null. */
export function parseOsc(payload: string): TerminalSignal | null {
  const semi = payload.indexOf(';');
  const code = semi < 0 ? payload : payload.slice(0, semi);
  const rest = semi < 0 ? '' : payload.slice(semi + 1);
  switch (code) {
    case '133': {
      const [mark, arg] = rest.split(';');
      if (mark === 'A' || mark === 'B') return { kind: 'prompt' };
      if (mark === 'C') return { kind: 'command' };
      if (mark === 'D') {
        const n = arg === undefined || arg === '' ? null : Number.parseInt(arg, 10);
        return { kind: 'done', exitCode: n === null || Number.isNaN(n) ? null : n };
      }
      return null;
    }
    case '9':
      if (/^4;/.test(rest)) return { kind: 'progress' };
      return rest ? { kind: 'notify', text: rest } : null;
    case '777': {
      const [what, title, ...body] = rest.split(';');
      if (what !== 'notify') return null;
      const text = [title, body.join(';')].filter((x) => x).join(': ');
      return text ? { kind: 'notify', text } : null;
    }
    case '99': {
      const s = rest.indexOf(';');
      const text = s < 0 ? '' : rest.slice(s + 1);
      return text ? { kind: 'notify', text } : null;
    }
    default:
      return null;
  }
}
