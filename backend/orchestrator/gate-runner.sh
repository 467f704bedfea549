#!/bin/sh
# The quality gate's runner on POSIX systems, started by the orchestrator in a visible PTY
# session (a shell starts in a few ms, where a Node runner costs one Node start per gate):
#
#   sh gate-runner.sh <dir>
#
# <dir> holds, for each check i = 0, 1, ...: i.head (the line shown before it), i.skip (present
# when its tool is missing: the reason), i.cwd (its folder) and i.argv (its argv, each argument
# ended by a NUL byte). Each argv runs through xargs -0 and "$@" (never split or expanded by a
# shell), its output shown live and kept in i.out; i.start is written just before it and
# i.code (its exit status) just after, so the two files' times give its own run time. Then `done` is written,
# the runner waits for `verdict` (the orchestrator scores the checks) and prints it, so the
# console ends with the gate's verdict rather than a process's exit code. Always exits 0: a
# failing gate never counts against any agent's circuit breaker.
d=$1
# Shell builtins only (read, printf) around each check: every extra process costs a fork.
show() { while IFS= read -r line || [ -n "$line" ]; do printf '%s\n' "$line"; done < "$1"; }
i=0
[ -f "$d/0.head" ] || printf 'No check found for this project.\n'
while [ -f "$d/$i.head" ]; do
  show "$d/$i.head"
  if [ -f "$d/$i.skip" ]; then
    IFS= read -r why < "$d/$i.skip" || true
    printf '\033[33mskipped\033[0m: %s\n\n' "$why"
  else
    IFS= read -r cwd < "$d/$i.cwd" || true
    (cd -- "$cwd" && CI="${CI:-1}" FORCE_COLOR=0 exec xargs -0 sh -c 's=$1; c=$2; shift 2; : > "$s"; "$@" </dev/null; echo $? > "$c"' sh "$d/$i.start" "$d/$i.code" < "$d/$i.argv") 2>&1 | tee "$d/$i.out"
    if [ -f "$d/$i.code" ]; then
      IFS= read -r c < "$d/$i.code" || true
      if [ "$c" = 0 ]; then printf '\033[32mexit 0\033[0m\n\n'; else printf '\033[31mexit %s\033[0m\n\n' "$c"; fi
    else
      printf '\033[33mcould not start\033[0m\n\n'
    fi
  fi
  i=$((i + 1))
done
: > "$d/done"
# Wait up to about 30 s for the verdict (3000 waits of 10 ms).
n=0
while [ ! -f "$d/verdict" ] && [ "$n" -lt 3000 ]; do
  sleep 0.01
  n=$((n + 1))
done
if [ -f "$d/verdict" ]; then show "$d/verdict"; else printf '[quality gate] no verdict came back (the app stopped?)\n'; fi
exit 0
