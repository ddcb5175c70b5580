
use builtin;
use str;

set edit:completion:arg-completer[neynar-studio] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'neynar-studio'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'neynar-studio'= {
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand deploy 'Create, inspect, prompt, link and delete deployments'
            cand config 'Set up and inspect configuration (API key, FID, profiles)'
            cand render 'Draw a saved `deploy prompt --json` stream (or raw SSE) as it was shown live'
            cand completions 'Print a shell completion script'
            cand emulator 'Run a local Studio API emulator, for trying the tool and testing scripts offline'
            cand demo 'Show the whole workflow against an in-process emulator (no key needed)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'neynar-studio;deploy'= {
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create a miniapp generator deployment (and make it the current one)'
            cand get 'Show a deployment'
            cand list 'List your deployments'
            cand ls 'List your deployments'
            cand delete 'Delete a deployment, or all of them'
            cand rm 'Delete a deployment, or all of them'
            cand wait 'Wait until a deployment is ready'
            cand prompt 'Prompt a deployment to write or change its app, streaming the agent''s work'
            cand associate 'Link a deployment to a Farcaster account with a JSON Farcaster Signature'
            cand use 'Set the current deployment (or show it)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'neynar-studio;deploy;create'= {
            cand --display-name 'A display name for the deployment'
            cand --env 'An environment variable for the app (repeatable; the value may contain ''='')'
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --wait 'Wait until it is ready (up to --timeout, default 5m), then print its URL'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;deploy;get'= {
            cand --id 'Deployment ID instead of a name'
            cand --namespace 'Kubernetes namespace, when the API cannot infer it from the FID'
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;deploy;list'= {
            cand --limit 'How many deployments to fetch (1-1000; the API''s default is 50). With --all: the page size'
            cand --offset 'How many deployments to skip'
            cand --query 'Only deployments whose name, display name or FID matches'
            cand --sort-by 'Sort order (the API''s default: updated_at, newest first)'
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --include-deleted 'Include deleted deployments'
            cand --all 'Fetch every page, until a short one'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;deploy;ls'= {
            cand --limit 'How many deployments to fetch (1-1000; the API''s default is 50). With --all: the page size'
            cand --offset 'How many deployments to skip'
            cand --query 'Only deployments whose name, display name or FID matches'
            cand --sort-by 'Sort order (the API''s default: updated_at, newest first)'
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --include-deleted 'Include deleted deployments'
            cand --all 'Fetch every page, until a short one'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;deploy;delete'= {
            cand --id 'Deployment ID instead of a name'
            cand --namespace 'Kubernetes namespace, when the API cannot infer it from the FID'
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --all 'Delete every deployment of the FID (cannot be undone)'
            cand -y 'Do not ask for confirmation (needed for --all when there is no terminal)'
            cand --yes 'Do not ask for confirmation (needed for --all when there is no terminal)'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;deploy;rm'= {
            cand --id 'Deployment ID instead of a name'
            cand --namespace 'Kubernetes namespace, when the API cannot infer it from the FID'
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --all 'Delete every deployment of the FID (cannot be undone)'
            cand -y 'Do not ask for confirmation (needed for --all when there is no terminal)'
            cand --yes 'Do not ask for confirmation (needed for --all when there is no terminal)'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;deploy;wait'= {
            cand --id 'Deployment ID instead of a name'
            cand --namespace 'Kubernetes namespace, when the API cannot infer it from the FID'
            cand --interval 'How often to ask'
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;deploy;prompt'= {
            cand --file 'Read the prompt from a file'
            cand --action 'What to do [default: code-edit when the deployment has an app, else code-create]'
            cand --conversation 'Continue this conversation'
            cand --session 'Resume this agent session'
            cand --image 'Attach an image (PNG, JPEG, GIF or WebP, at most 5 MiB; repeatable)'
            cand --idle-timeout 'End the stream when it sends nothing at all, not even a keep-alive, for this long'
            cand --id 'Deployment ID instead of a name'
            cand --namespace 'Kubernetes namespace, when the API cannot infer it from the FID'
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --no-stream 'Use the blocking endpoint: no live output, the answer at the end'
            cand --wait 'Wait for the deployment to be ready first (up to --timeout, default 5m)'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;deploy;associate'= {
            cand --file 'Read the association from a file (JSON object, farcaster.json, or compact)'
            cand --header 'The JFS header (base64url)'
            cand --payload 'The JFS payload (base64url)'
            cand --signature 'The JFS signature (base64url)'
            cand --id 'Deployment ID instead of a name'
            cand --namespace 'Kubernetes namespace, when the API cannot infer it from the FID'
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --skip-verify 'Send it without checking fid, domain and signature'
            cand --show 'Show the association the server holds, decoded and checked'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;deploy;use'= {
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;deploy;help'= {
            cand create 'Create a miniapp generator deployment (and make it the current one)'
            cand get 'Show a deployment'
            cand list 'List your deployments'
            cand delete 'Delete a deployment, or all of them'
            cand wait 'Wait until a deployment is ready'
            cand prompt 'Prompt a deployment to write or change its app, streaming the agent''s work'
            cand associate 'Link a deployment to a Farcaster account with a JSON Farcaster Signature'
            cand use 'Set the current deployment (or show it)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'neynar-studio;deploy;help;create'= {
        }
        &'neynar-studio;deploy;help;get'= {
        }
        &'neynar-studio;deploy;help;list'= {
        }
        &'neynar-studio;deploy;help;delete'= {
        }
        &'neynar-studio;deploy;help;wait'= {
        }
        &'neynar-studio;deploy;help;prompt'= {
        }
        &'neynar-studio;deploy;help;associate'= {
        }
        &'neynar-studio;deploy;help;use'= {
        }
        &'neynar-studio;deploy;help;help'= {
        }
        &'neynar-studio;config'= {
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Save your API key and FID to the config file (the key is asked for, hidden)'
            cand show 'Show each setting and where it comes from (the key redacted)'
            cand path 'Print the path of the config file'
            cand set 'Change one setting in the config file'
            cand unset 'Remove one setting from the config file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'neynar-studio;config;init'= {
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;config;show'= {
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;config;path'= {
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;config;set'= {
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;config;unset'= {
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;config;help'= {
            cand init 'Save your API key and FID to the config file (the key is asked for, hidden)'
            cand show 'Show each setting and where it comes from (the key redacted)'
            cand path 'Print the path of the config file'
            cand set 'Change one setting in the config file'
            cand unset 'Remove one setting from the config file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'neynar-studio;config;help;init'= {
        }
        &'neynar-studio;config;help;show'= {
        }
        &'neynar-studio;config;help;path'= {
        }
        &'neynar-studio;config;help;set'= {
        }
        &'neynar-studio;config;help;unset'= {
        }
        &'neynar-studio;config;help;help'= {
        }
        &'neynar-studio;render'= {
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;completions'= {
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;emulator'= {
            cand --host 'Address to listen on'
            cand --port 'Port to listen on (0 picks a free one)'
            cand --ready-after 'How long a new deployment takes to become ready'
            cand --speed 'Stream pacing: 1 is about ten seconds a generation, 10 about one'
            cand --api-shape 'Response shapes: the current spec''s, or the guide''s (isReady, {"deployments": [...]})'
            cand --api-key 'Require exactly this API key (default: any non-empty key)'
            cand --fail-rate 'Share of API requests answered 503 with an HTML body, from 0 to 1'
            cand --latency 'Delay before every API answer'
            cand --drop-stream-after 'Close every prompt stream after N events'
            cand --seed 'Seed the fault dice, to repeat a --fail-rate run exactly'
            cand --firehose 'Stream a realistic session of MIB mebibytes at full speed for every prompt, instead of the paced one (for benchmarks)'
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;demo'= {
            cand --speed 'Stream pacing of the demo''s generation (1 is about ten seconds)'
            cand --color 'When to use colour [NO_COLOR is honoured with auto]'
            cand --config 'Config file [env: NEYNAR_STUDIO_CONFIG]'
            cand --profile 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]'
            cand --fid 'Farcaster ID to act as [env: NEYNAR_FID]'
            cand --api-url 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]'
            cand --timeout 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)'
            cand --json 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)'
            cand -q 'Print only the result: no progress, no notes'
            cand --quiet 'Print only the result: no progress, no notes'
            cand -v 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand --verbose 'Show each HTTP request (method, URL, status, time) and more detail, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'neynar-studio;help'= {
            cand deploy 'Create, inspect, prompt, link and delete deployments'
            cand config 'Set up and inspect configuration (API key, FID, profiles)'
            cand render 'Draw a saved `deploy prompt --json` stream (or raw SSE) as it was shown live'
            cand completions 'Print a shell completion script'
            cand emulator 'Run a local Studio API emulator, for trying the tool and testing scripts offline'
            cand demo 'Show the whole workflow against an in-process emulator (no key needed)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'neynar-studio;help;deploy'= {
            cand create 'Create a miniapp generator deployment (and make it the current one)'
            cand get 'Show a deployment'
            cand list 'List your deployments'
            cand delete 'Delete a deployment, or all of them'
            cand wait 'Wait until a deployment is ready'
            cand prompt 'Prompt a deployment to write or change its app, streaming the agent''s work'
            cand associate 'Link a deployment to a Farcaster account with a JSON Farcaster Signature'
            cand use 'Set the current deployment (or show it)'
        }
        &'neynar-studio;help;deploy;create'= {
        }
        &'neynar-studio;help;deploy;get'= {
        }
        &'neynar-studio;help;deploy;list'= {
        }
        &'neynar-studio;help;deploy;delete'= {
        }
        &'neynar-studio;help;deploy;wait'= {
        }
        &'neynar-studio;help;deploy;prompt'= {
        }
        &'neynar-studio;help;deploy;associate'= {
        }
        &'neynar-studio;help;deploy;use'= {
        }
        &'neynar-studio;help;config'= {
            cand init 'Save your API key and FID to the config file (the key is asked for, hidden)'
            cand show 'Show each setting and where it comes from (the key redacted)'
            cand path 'Print the path of the config file'
            cand set 'Change one setting in the config file'
            cand unset 'Remove one setting from the config file'
        }
        &'neynar-studio;help;config;init'= {
        }
        &'neynar-studio;help;config;show'= {
        }
        &'neynar-studio;help;config;path'= {
        }
        &'neynar-studio;help;config;set'= {
        }
        &'neynar-studio;help;config;unset'= {
        }
        &'neynar-studio;help;render'= {
        }
        &'neynar-studio;help;completions'= {
        }
        &'neynar-studio;help;emulator'= {
        }
        &'neynar-studio;help;demo'= {
        }
        &'neynar-studio;help;help'= {
        }
    ]
    $completions[$command]
}
