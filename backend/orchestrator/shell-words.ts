/**
 * Splits a command line into argv words the way a POSIX shell would for plain commands:
 * whitespace separates words; single quotes keep everything literal; double quotes keep
 * spaces and allow `\"`, `\\`, `\$` and `` \` `` escapes; a backslash outside quotes escapes
 * the next character. No expansion of any kind (variables, globs, `~`), no operators: the
 * result is run with execFile / a PTY spawn, never through a shell.
 * @throws Error on an unterminated quote or a trailing backslash
 * @example shellWords(`npx vitest run "my file.test.ts"`) → ['npx', 'vitest', 'run', 'my file.test.ts']
 */
export function shellWords(line: string): string[] {
  const out: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (/\s/.test(ch)) {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated single quote in: ${line}`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      i++;
      inWord = true;
      for (;;) {
        if (i >= line.length) throw new Error(`unterminated double quote in: ${line}`);
        const c = line[i]!;
        if (c === '"') break;
        if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
          word += line[i + 1];
          i += 2;
        } else {
          word += c;
          i++;
        }
      }
      i++;
    } else if (ch === '\\') {
      if (i + 1 >= line.length) throw new Error(`trailing backslash in: ${line}`);
      word += line[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) out.push(word);
  return out;
}
