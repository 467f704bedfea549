# Phantom Cortex shell integration for zsh: OSC 133 marks (FinalTerm; the marks VS Code's
# terminal, iTerm2, WezTerm and kitty read), so the app knows when a command runs and how it
# ended. Sourced at the end of the launch's own .zshrc (ZDOTDIR points at a folder of the app's
# for this launch only; those files read the user's own .zshenv and .zshrc first, and give
# ZDOTDIR back). The user's files are never changed.
#   A = prompt start, C = command output start, D;<exit code> = command finished.
if [[ -z ${__cortex_integrated-} ]]; then
  typeset -g __cortex_integrated=1
  typeset -g __cortex_running=

  __cortex_precmd() {
    local ec=$?
    if [[ -n $__cortex_running ]]; then
      printf '\033]133;D;%s\007' "$ec"
      __cortex_running=
    fi
    printf '\033]133;A\007'
    return $ec
  }

  # zsh runs preexec only for a command line it is about to run (never for an empty one).
  __cortex_preexec() {
    __cortex_running=1
    printf '\033]133;C\007'
  }

  # First in line, so the exit code it reads is the command's, not another hook's.
  typeset -ga precmd_functions preexec_functions
  precmd_functions=(__cortex_precmd ${precmd_functions[@]})
  preexec_functions+=(__cortex_preexec)
fi
