# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_neynar_studio_global_optspecs
    string join \n json q/quiet v/verbose color= config= profile= fid= api-url= timeout= h/help V/version
end

function __fish_neynar_studio_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_neynar_studio_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_neynar_studio_using_subcommand
    set -l cmd (__fish_neynar_studio_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c neynar-studio -n "__fish_neynar_studio_needs_command" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_needs_command" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_needs_command" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_needs_command" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_needs_command" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_needs_command" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_needs_command" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_needs_command" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_needs_command" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_needs_command" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_needs_command" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_needs_command" -f -a "deploy" -d 'Create, inspect, prompt, link and delete deployments'
complete -c neynar-studio -n "__fish_neynar_studio_needs_command" -f -a "config" -d 'Set up and inspect configuration (API key, FID, profiles)'
complete -c neynar-studio -n "__fish_neynar_studio_needs_command" -f -a "render" -d 'Draw a saved `deploy prompt --json` stream (or raw SSE) as it was shown live'
complete -c neynar-studio -n "__fish_neynar_studio_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c neynar-studio -n "__fish_neynar_studio_needs_command" -f -a "emulator" -d 'Run a local Studio API emulator, for trying the tool and testing scripts offline'
complete -c neynar-studio -n "__fish_neynar_studio_needs_command" -f -a "demo" -d 'Show the whole workflow against an in-process emulator (no key needed)'
complete -c neynar-studio -n "__fish_neynar_studio_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -f -a "create" -d 'Create a miniapp generator deployment (and make it the current one)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -f -a "get" -d 'Show a deployment'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -f -a "list" -d 'List your deployments'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -f -a "ls" -d 'List your deployments'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -f -a "delete" -d 'Delete a deployment, or all of them'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -f -a "rm" -d 'Delete a deployment, or all of them'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -f -a "wait" -d 'Wait until a deployment is ready'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -f -a "prompt" -d 'Prompt a deployment to write or change its app, streaming the agent\'s work'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -f -a "associate" -d 'Link a deployment to a Farcaster account with a JSON Farcaster Signature'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -f -a "use" -d 'Set the current deployment (or show it)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and not __fish_seen_subcommand_from create get list ls delete rm wait prompt associate use help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from create" -l display-name -d 'A display name for the deployment' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from create" -l env -d 'An environment variable for the app (repeatable; the value may contain \'=\')' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from create" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from create" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from create" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from create" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from create" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from create" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from create" -l wait -d 'Wait until it is ready (up to --timeout, default 5m), then print its URL'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from get" -l id -d 'Deployment ID instead of a name' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from get" -l namespace -d 'Kubernetes namespace, when the API cannot infer it from the FID' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from get" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from get" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from get" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from get" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from get" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from get" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from get" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from list" -l limit -d 'How many deployments to fetch (1-1000; the API\'s default is 50). With --all: the page size' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from list" -l offset -d 'How many deployments to skip' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from list" -l query -d 'Only deployments whose name, display name or FID matches' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from list" -l sort-by -d 'Sort order (the API\'s default: updated_at, newest first)' -r -f -a "created_at\t''
updated_at\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from list" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from list" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from list" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from list" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from list" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from list" -l include-deleted -d 'Include deleted deployments'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from list" -l all -d 'Fetch every page, until a short one'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from ls" -l limit -d 'How many deployments to fetch (1-1000; the API\'s default is 50). With --all: the page size' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from ls" -l offset -d 'How many deployments to skip' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from ls" -l query -d 'Only deployments whose name, display name or FID matches' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from ls" -l sort-by -d 'Sort order (the API\'s default: updated_at, newest first)' -r -f -a "created_at\t''
updated_at\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from ls" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from ls" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from ls" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from ls" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from ls" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from ls" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from ls" -l include-deleted -d 'Include deleted deployments'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from ls" -l all -d 'Fetch every page, until a short one'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from ls" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from delete" -l id -d 'Deployment ID instead of a name' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from delete" -l namespace -d 'Kubernetes namespace, when the API cannot infer it from the FID' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from delete" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from delete" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from delete" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from delete" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from delete" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from delete" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from delete" -l all -d 'Delete every deployment of the FID (cannot be undone)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (needed for --all when there is no terminal)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from rm" -l id -d 'Deployment ID instead of a name' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from rm" -l namespace -d 'Kubernetes namespace, when the API cannot infer it from the FID' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from rm" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from rm" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from rm" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from rm" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from rm" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from rm" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from rm" -l all -d 'Delete every deployment of the FID (cannot be undone)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Do not ask for confirmation (needed for --all when there is no terminal)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from rm" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from wait" -l id -d 'Deployment ID instead of a name' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from wait" -l namespace -d 'Kubernetes namespace, when the API cannot infer it from the FID' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from wait" -l interval -d 'How often to ask' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from wait" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from wait" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from wait" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from wait" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from wait" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from wait" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from wait" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from wait" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from wait" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from wait" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from wait" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -l file -d 'Read the prompt from a file' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -l action -d 'What to do [default: code-edit when the deployment has an app, else code-create]' -r -f -a "code-create\t'Generate a new app from scratch'
code-edit\t'Change the existing app'
debug\t'Find and fix problems in the app'
info\t'Answer questions about the app'
logs\t'Look at the app\'s latest server logs'"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -l conversation -d 'Continue this conversation' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -l session -d 'Resume this agent session' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -l image -d 'Attach an image (PNG, JPEG, GIF or WebP, at most 5 MiB; repeatable)' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -l idle-timeout -d 'End the stream when it sends nothing at all, not even a keep-alive, for this long' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -l id -d 'Deployment ID instead of a name' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -l namespace -d 'Kubernetes namespace, when the API cannot infer it from the FID' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -l no-stream -d 'Use the blocking endpoint: no live output, the answer at the end'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -l wait -d 'Wait for the deployment to be ready first (up to --timeout, default 5m)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from prompt" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -l file -d 'Read the association from a file (JSON object, farcaster.json, or compact)' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -l header -d 'The JFS header (base64url)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -l payload -d 'The JFS payload (base64url)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -l signature -d 'The JFS signature (base64url)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -l id -d 'Deployment ID instead of a name' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -l namespace -d 'Kubernetes namespace, when the API cannot infer it from the FID' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -l skip-verify -d 'Send it without checking fid, domain and signature'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -l show -d 'Show the association the server holds, decoded and checked'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from associate" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from use" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from use" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from use" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from use" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from use" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from use" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from use" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from use" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from use" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from use" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from use" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a miniapp generator deployment (and make it the current one)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show a deployment'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from help" -f -a "list" -d 'List your deployments'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a deployment, or all of them'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from help" -f -a "wait" -d 'Wait until a deployment is ready'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from help" -f -a "prompt" -d 'Prompt a deployment to write or change its app, streaming the agent\'s work'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from help" -f -a "associate" -d 'Link a deployment to a Farcaster account with a JSON Farcaster Signature'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from help" -f -a "use" -d 'Set the current deployment (or show it)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand deploy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and not __fish_seen_subcommand_from init show path set unset help" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and not __fish_seen_subcommand_from init show path set unset help" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and not __fish_seen_subcommand_from init show path set unset help" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and not __fish_seen_subcommand_from init show path set unset help" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and not __fish_seen_subcommand_from init show path set unset help" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and not __fish_seen_subcommand_from init show path set unset help" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and not __fish_seen_subcommand_from init show path set unset help" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and not __fish_seen_subcommand_from init show path set unset help" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and not __fish_seen_subcommand_from init show path set unset help" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and not __fish_seen_subcommand_from init show path set unset help" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and not __fish_seen_subcommand_from init show path set unset help" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and not __fish_seen_subcommand_from init show path set unset help" -f -a "init" -d 'Save your API key and FID to the config file (the key is asked for, hidden)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and not __fish_seen_subcommand_from init show path set unset help" -f -a "show" -d 'Show each setting and where it comes from (the key redacted)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and not __fish_seen_subcommand_from init show path set unset help" -f -a "path" -d 'Print the path of the config file'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and not __fish_seen_subcommand_from init show path set unset help" -f -a "set" -d 'Change one setting in the config file'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and not __fish_seen_subcommand_from init show path set unset help" -f -a "unset" -d 'Remove one setting from the config file'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and not __fish_seen_subcommand_from init show path set unset help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from init" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from init" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from init" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from init" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from init" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from init" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from init" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from init" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from show" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from show" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from show" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from show" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from path" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from path" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from path" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from path" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from path" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from path" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from path" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from path" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from set" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from set" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from set" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from set" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from set" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from set" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from set" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from unset" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from unset" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from unset" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from unset" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from unset" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from unset" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from unset" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from unset" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from unset" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from unset" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from unset" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "init" -d 'Save your API key and FID to the config file (the key is asked for, hidden)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show each setting and where it comes from (the key redacted)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print the path of the config file'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change one setting in the config file'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "unset" -d 'Remove one setting from the config file'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand render" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand render" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand render" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand render" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand render" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand render" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand render" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand render" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand render" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand render" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand render" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand completions" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand completions" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand completions" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand completions" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand completions" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand completions" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand completions" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand completions" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand completions" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand completions" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand completions" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -l host -d 'Address to listen on' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -l port -d 'Port to listen on (0 picks a free one)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -l ready-after -d 'How long a new deployment takes to become ready' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -l speed -d 'Stream pacing: 1 is about ten seconds a generation, 10 about one' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -l api-shape -d 'Response shapes: the current spec\'s, or the guide\'s (isReady, {"deployments": [...]})' -r -f -a "current\t'The live API as last published (v3.174): `is_ready`, a bare list, paging'
tutorial\t'The guide\'s era (v3.50): `isReady`, `{"deployments": [...]}`'"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -l api-key -d 'Require exactly this API key (default: any non-empty key)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -l fail-rate -d 'Share of API requests answered 503 with an HTML body, from 0 to 1' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -l latency -d 'Delay before every API answer' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -l drop-stream-after -d 'Close every prompt stream after N events' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -l seed -d 'Seed the fault dice, to repeat a --fail-rate run exactly' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -l firehose -d 'Stream a realistic session of MIB mebibytes at full speed for every prompt, instead of the paced one (for benchmarks)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand emulator" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand demo" -l speed -d 'Stream pacing of the demo\'s generation (1 is about ten seconds)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand demo" -l color -d 'When to use colour [NO_COLOR is honoured with auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand demo" -l config -d 'Config file [env: NEYNAR_STUDIO_CONFIG]' -r -F
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand demo" -l profile -d 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand demo" -l fid -d 'Farcaster ID to act as [env: NEYNAR_FID]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand demo" -l api-url -d 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand demo" -l timeout -d 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)' -r
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand demo" -l json -d 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand demo" -s q -l quiet -d 'Print only the result: no progress, no notes'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand demo" -s v -l verbose -d 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand demo" -s h -l help -d 'Print help'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand demo" -s V -l version -d 'Print version'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and not __fish_seen_subcommand_from deploy config render completions emulator demo help" -f -a "deploy" -d 'Create, inspect, prompt, link and delete deployments'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and not __fish_seen_subcommand_from deploy config render completions emulator demo help" -f -a "config" -d 'Set up and inspect configuration (API key, FID, profiles)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and not __fish_seen_subcommand_from deploy config render completions emulator demo help" -f -a "render" -d 'Draw a saved `deploy prompt --json` stream (or raw SSE) as it was shown live'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and not __fish_seen_subcommand_from deploy config render completions emulator demo help" -f -a "completions" -d 'Print a shell completion script'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and not __fish_seen_subcommand_from deploy config render completions emulator demo help" -f -a "emulator" -d 'Run a local Studio API emulator, for trying the tool and testing scripts offline'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and not __fish_seen_subcommand_from deploy config render completions emulator demo help" -f -a "demo" -d 'Show the whole workflow against an in-process emulator (no key needed)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and not __fish_seen_subcommand_from deploy config render completions emulator demo help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and __fish_seen_subcommand_from deploy" -f -a "create" -d 'Create a miniapp generator deployment (and make it the current one)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and __fish_seen_subcommand_from deploy" -f -a "get" -d 'Show a deployment'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and __fish_seen_subcommand_from deploy" -f -a "list" -d 'List your deployments'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and __fish_seen_subcommand_from deploy" -f -a "delete" -d 'Delete a deployment, or all of them'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and __fish_seen_subcommand_from deploy" -f -a "wait" -d 'Wait until a deployment is ready'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and __fish_seen_subcommand_from deploy" -f -a "prompt" -d 'Prompt a deployment to write or change its app, streaming the agent\'s work'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and __fish_seen_subcommand_from deploy" -f -a "associate" -d 'Link a deployment to a Farcaster account with a JSON Farcaster Signature'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and __fish_seen_subcommand_from deploy" -f -a "use" -d 'Set the current deployment (or show it)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "init" -d 'Save your API key and FID to the config file (the key is asked for, hidden)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Show each setting and where it comes from (the key redacted)'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'Print the path of the config file'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "set" -d 'Change one setting in the config file'
complete -c neynar-studio -n "__fish_neynar_studio_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "unset" -d 'Remove one setting from the config file'
