#!/bin/sh
# The quality gate's runner on POSIX systems, started by the orchestrator in a visible PTY
# session (a shell starts in a few ms, where a Node runner costs one Node start per gate):
#
#   sh gate-runner.sh <dir> [go]
#
# <dir> holds, for each check i = 0, 1, ...: i.head (the line shown before
# it), i.skip (present when its tool is missing: the reason), i.cwd (its folder) and i.argv
# (one line `set -- 'arg' 'arg' ...`, each argument single-quoted, so sourcing it sets "$@" to
# the argv byte for byte: nothing in single quotes is split or expanded). Each argv runs
# through `exec "$@"`, which only ever starts a program (never a shell builtin, function or
# eval), its output shown live and kept in i.out; i.start is written just before it and i.code
# (its exit status) just after, so the two files' times give its own run time. Then `done` is
# written, the runner waits for `verdict` (the orchestrator scores the checks), prints it and
# writes `shown`, so the console ends with the gate's verdict rather than a process's exit
# code. Always exits 0: a failing gate never counts against any agent's circuit breaker.
#
# With `go` the runner was started ahead of its gate (while the agent works, so the gate does
# not wait for a process to start): it prints nothing and waits for one line on its terminal,
# with the terminal's echo off, which the orchestrator types once the gate's files above are
# written; a terminal that closes first ends it.
#
# The orchestrator sends SIGUSR1 once the verdict is there (only after `done`: until the trap
# is set the signal would end the shell): the trap makes it end the runner's `wait` at once
# (no polling).
d=$1
# Shell builtins only around each check (read, printf, ., cd, test): every extra process is a
# fork, and a fork costs milliseconds on a loaded machine. Per check: one subshell and tee,
# then the check's own process.
trap ':' USR1
export CI="${CI:-1}" FORCE_COLOR=0
show() { while IFS= read -r line || [ -n "$line" ]; do printf '%s\n' "$line"; done < "$1"; }
# Waits until file $1 exists, about $2 s at most; false when it never came. A background sleep
# (its output away from the terminal, so the PTY closes when this shell ends) bounds each
# `wait`, should SIGUSR1 come just before it.
wait_for() {
  n=0
  while [ ! -f "$1" ] && [ "$n" -lt "$2" ]; do
    sleep 1 </dev/null >/dev/null 2>&1 &
    w=$!
    wait "$w"
    kill "$w" 2>/dev/null
    n=$((n + 1))
  done
  [ -f "$1" ]
}
if [ "${2-}" = go ]; then
  stty -echo 2>/dev/null
  IFS= read -r _ || exit 0
fi
i=0
[ -f "$d/0.head" ] || printf 'No check found for this project.\n'
while [ -f "$d/$i.head" ]; do
  show "$d/$i.head"
  if [ -f "$d/$i.skip" ]; then
    IFS= read -r why < "$d/$i.skip" || true
    printf '\033[33mskipped\033[0m: %s\n\n' "$why"
  else
    IFS= read -r cwd < "$d/$i.cwd" || true
    . "$d/$i.argv"
    { cd -- "$cwd" || exit; : > "$d/$i.start"; (exec "$@") </dev/null; echo $? > "$d/$i.code"; } 2>&1 | tee "$d/$i.out"
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
if wait_for "$d/verdict" 30; then show "$d/verdict"; : > "$d/shown"; else printf '[quality gate] no verdict came back (the app stopped?)\n'; fi
exit 0
