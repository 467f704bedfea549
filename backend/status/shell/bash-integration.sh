# Phantom Cortex shell integration for bash: OSC 133 marks (FinalTerm; the marks VS Code's
# terminal, iTerm2, WezTerm and kitty read), so the app knows when a command runs and how it
# ended. Bash reads this file through --rcfile instead of ~/.bashrc; it first reads what an
# interactive bash reads anyway (/etc/bash.bashrc, ~/.bashrc), then adds the marks. The
# user's files are never changed.
#   A = prompt start, C = command output start, D;<exit code> = command finished.
if [ -r /etc/bash.bashrc ]; then . /etc/bash.bashrc; fi
if [ -r "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi

if [ -z "${__cortex_integrated:-}" ]; then
  __cortex_integrated=1
  __cortex_running=
  __cortex_ready=

  __cortex_precmd() {
    local ec=$?
    if [ -n "$__cortex_running" ]; then
      printf '\033]133;D;%s\007' "$ec"
      __cortex_running=
    fi
    printf '\033]133;A\007'
    __cortex_ready=1
    return $ec
  }

  __cortex_preexec() {
    # The DEBUG trap runs before every simple command, the prompt's own included: only the
    # first one after a prompt is the person's command.
    [ -n "$__cortex_ready" ] || return 0
    case "$BASH_COMMAND" in __cortex_precmd*) return 0 ;; esac
    __cortex_ready=
    __cortex_running=1
    printf '\033]133;C\007'
  }

  PROMPT_COMMAND="__cortex_precmd${PROMPT_COMMAND:+; $PROMPT_COMMAND}"
  trap '__cortex_preexec' DEBUG
fi
