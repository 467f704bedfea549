# Phantom Cortex shell integration for fish: OSC 133 marks (FinalTerm; the marks VS Code's
# terminal, iTerm2, WezTerm and kitty read), so the app knows when a command runs and how it
# ended. Fish runs this through --init-command, after its own configuration (config.fish,
# conf.d) is read. The user's files are never changed.
#   A = prompt start, C = command output start, D;<exit code> = command finished.
# fish 4 and later send these marks themselves: then nothing is added (each mark once).
if not set -q __cortex_integrated; and string match -qr '^[0-3]\.' -- $version
    set -g __cortex_integrated 1

    function __cortex_prompt --on-event fish_prompt
        printf '\e]133;A\a'
    end

    # fish emits fish_preexec / fish_postexec only for a command line it runs (never an empty one).
    function __cortex_preexec --on-event fish_preexec
        printf '\e]133;C\a'
    end

    function __cortex_postexec --on-event fish_postexec
        printf '\e]133;D;%s\a' $status
    end
end
