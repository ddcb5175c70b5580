
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'neynar-studio' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'neynar-studio'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'neynar-studio' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Create, inspect, prompt, link and delete deployments')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Set up and inspect configuration (API key, FID, profiles)')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Draw a saved `deploy prompt --json` stream (or raw SSE) as it was shown live')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('emulator', 'emulator', [CompletionResultType]::ParameterValue, 'Run a local Studio API emulator, for trying the tool and testing scripts offline')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Show the whole workflow against an in-process emulator (no key needed)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'neynar-studio;deploy' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a miniapp generator deployment (and make it the current one)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a deployment')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List your deployments')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List your deployments')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a deployment, or all of them')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a deployment, or all of them')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Wait until a deployment is ready')
            [CompletionResult]::new('prompt', 'prompt', [CompletionResultType]::ParameterValue, 'Prompt a deployment to write or change its app, streaming the agent''s work')
            [CompletionResult]::new('associate', 'associate', [CompletionResultType]::ParameterValue, 'Link a deployment to a Farcaster account with a JSON Farcaster Signature')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Set the current deployment (or show it)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'neynar-studio;deploy;create' {
            [CompletionResult]::new('--display-name', '--display-name', [CompletionResultType]::ParameterName, 'A display name for the deployment')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'An environment variable for the app (repeatable; the value may contain ''='')')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until it is ready (up to --timeout, default 5m), then print its URL')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;deploy;get' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Deployment ID instead of a name')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace, when the API cannot infer it from the FID')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;deploy;list' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many deployments to fetch (1-1000; the API''s default is 50). With --all: the page size')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'How many deployments to skip')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Only deployments whose name, display name or FID matches')
            [CompletionResult]::new('--sort-by', '--sort-by', [CompletionResultType]::ParameterName, 'Sort order (the API''s default: updated_at, newest first)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--include-deleted', '--include-deleted', [CompletionResultType]::ParameterName, 'Include deleted deployments')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Fetch every page, until a short one')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;deploy;ls' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many deployments to fetch (1-1000; the API''s default is 50). With --all: the page size')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'How many deployments to skip')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Only deployments whose name, display name or FID matches')
            [CompletionResult]::new('--sort-by', '--sort-by', [CompletionResultType]::ParameterName, 'Sort order (the API''s default: updated_at, newest first)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--include-deleted', '--include-deleted', [CompletionResultType]::ParameterName, 'Include deleted deployments')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Fetch every page, until a short one')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;deploy;delete' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Deployment ID instead of a name')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace, when the API cannot infer it from the FID')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Delete every deployment of the FID (cannot be undone)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed for --all when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed for --all when there is no terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;deploy;rm' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Deployment ID instead of a name')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace, when the API cannot infer it from the FID')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Delete every deployment of the FID (cannot be undone)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed for --all when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed for --all when there is no terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;deploy;wait' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Deployment ID instead of a name')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace, when the API cannot infer it from the FID')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'How often to ask')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;deploy;prompt' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the prompt from a file')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'What to do [default: code-edit when the deployment has an app, else code-create]')
            [CompletionResult]::new('--conversation', '--conversation', [CompletionResultType]::ParameterName, 'Continue this conversation')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'Resume this agent session')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'Attach an image (PNG, JPEG, GIF or WebP, at most 5 MiB; repeatable)')
            [CompletionResult]::new('--idle-timeout', '--idle-timeout', [CompletionResultType]::ParameterName, 'End the stream when it sends nothing at all, not even a keep-alive, for this long')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Deployment ID instead of a name')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace, when the API cannot infer it from the FID')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--no-stream', '--no-stream', [CompletionResultType]::ParameterName, 'Use the blocking endpoint: no live output, the answer at the end')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait for the deployment to be ready first (up to --timeout, default 5m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;deploy;associate' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the association from a file (JSON object, farcaster.json, or compact)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'The JFS header (base64url)')
            [CompletionResult]::new('--payload', '--payload', [CompletionResultType]::ParameterName, 'The JFS payload (base64url)')
            [CompletionResult]::new('--signature', '--signature', [CompletionResultType]::ParameterName, 'The JFS signature (base64url)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Deployment ID instead of a name')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace, when the API cannot infer it from the FID')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--skip-verify', '--skip-verify', [CompletionResultType]::ParameterName, 'Send it without checking fid, domain and signature')
            [CompletionResult]::new('--show', '--show', [CompletionResultType]::ParameterName, 'Show the association the server holds, decoded and checked')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;deploy;use' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;deploy;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a miniapp generator deployment (and make it the current one)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a deployment')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List your deployments')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a deployment, or all of them')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Wait until a deployment is ready')
            [CompletionResult]::new('prompt', 'prompt', [CompletionResultType]::ParameterValue, 'Prompt a deployment to write or change its app, streaming the agent''s work')
            [CompletionResult]::new('associate', 'associate', [CompletionResultType]::ParameterValue, 'Link a deployment to a Farcaster account with a JSON Farcaster Signature')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Set the current deployment (or show it)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'neynar-studio;deploy;help;create' {
            break
        }
        'neynar-studio;deploy;help;get' {
            break
        }
        'neynar-studio;deploy;help;list' {
            break
        }
        'neynar-studio;deploy;help;delete' {
            break
        }
        'neynar-studio;deploy;help;wait' {
            break
        }
        'neynar-studio;deploy;help;prompt' {
            break
        }
        'neynar-studio;deploy;help;associate' {
            break
        }
        'neynar-studio;deploy;help;use' {
            break
        }
        'neynar-studio;deploy;help;help' {
            break
        }
        'neynar-studio;config' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Save your API key and FID to the config file (the key is asked for, hidden)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show each setting and where it comes from (the key redacted)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the path of the config file')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change one setting in the config file')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove one setting from the config file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'neynar-studio;config;init' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;config;show' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;config;path' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;config;set' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;config;unset' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;config;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Save your API key and FID to the config file (the key is asked for, hidden)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show each setting and where it comes from (the key redacted)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the path of the config file')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change one setting in the config file')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove one setting from the config file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'neynar-studio;config;help;init' {
            break
        }
        'neynar-studio;config;help;show' {
            break
        }
        'neynar-studio;config;help;path' {
            break
        }
        'neynar-studio;config;help;set' {
            break
        }
        'neynar-studio;config;help;unset' {
            break
        }
        'neynar-studio;config;help;help' {
            break
        }
        'neynar-studio;render' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;emulator' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address to listen on')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to listen on (0 picks a free one)')
            [CompletionResult]::new('--ready-after', '--ready-after', [CompletionResultType]::ParameterName, 'How long a new deployment takes to become ready')
            [CompletionResult]::new('--speed', '--speed', [CompletionResultType]::ParameterName, 'Stream pacing: 1 is about ten seconds a generation, 10 about one')
            [CompletionResult]::new('--api-shape', '--api-shape', [CompletionResultType]::ParameterName, 'Response shapes: the current spec''s, or the guide''s (isReady, {"deployments": [...]})')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Require exactly this API key (default: any non-empty key)')
            [CompletionResult]::new('--fail-rate', '--fail-rate', [CompletionResultType]::ParameterName, 'Share of API requests answered 503 with an HTML body, from 0 to 1')
            [CompletionResult]::new('--latency', '--latency', [CompletionResultType]::ParameterName, 'Delay before every API answer')
            [CompletionResult]::new('--drop-stream-after', '--drop-stream-after', [CompletionResultType]::ParameterName, 'Close every prompt stream after N events')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed the fault dice, to repeat a --fail-rate run exactly')
            [CompletionResult]::new('--firehose', '--firehose', [CompletionResultType]::ParameterName, 'Stream a realistic session of MIB mebibytes at full speed for every prompt, instead of the paced one (for benchmarks)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;demo' {
            [CompletionResult]::new('--speed', '--speed', [CompletionResultType]::ParameterName, 'Stream pacing of the demo''s generation (1 is about ten seconds)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour [NO_COLOR is honoured with auto]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: NEYNAR_STUDIO_CONFIG]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [env: NEYNAR_STUDIO_PROFILE]')
            [CompletionResult]::new('--fid', '--fid', [CompletionResultType]::ParameterName, 'Farcaster ID to act as [env: NEYNAR_FID]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the whole wait (default 5m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the result: no progress, no notes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP request (method, URL, status, time) and more detail, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'neynar-studio;help' {
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Create, inspect, prompt, link and delete deployments')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Set up and inspect configuration (API key, FID, profiles)')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Draw a saved `deploy prompt --json` stream (or raw SSE) as it was shown live')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('emulator', 'emulator', [CompletionResultType]::ParameterValue, 'Run a local Studio API emulator, for trying the tool and testing scripts offline')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Show the whole workflow against an in-process emulator (no key needed)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'neynar-studio;help;deploy' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a miniapp generator deployment (and make it the current one)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a deployment')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List your deployments')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a deployment, or all of them')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Wait until a deployment is ready')
            [CompletionResult]::new('prompt', 'prompt', [CompletionResultType]::ParameterValue, 'Prompt a deployment to write or change its app, streaming the agent''s work')
            [CompletionResult]::new('associate', 'associate', [CompletionResultType]::ParameterValue, 'Link a deployment to a Farcaster account with a JSON Farcaster Signature')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Set the current deployment (or show it)')
            break
        }
        'neynar-studio;help;deploy;create' {
            break
        }
        'neynar-studio;help;deploy;get' {
            break
        }
        'neynar-studio;help;deploy;list' {
            break
        }
        'neynar-studio;help;deploy;delete' {
            break
        }
        'neynar-studio;help;deploy;wait' {
            break
        }
        'neynar-studio;help;deploy;prompt' {
            break
        }
        'neynar-studio;help;deploy;associate' {
            break
        }
        'neynar-studio;help;deploy;use' {
            break
        }
        'neynar-studio;help;config' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Save your API key and FID to the config file (the key is asked for, hidden)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show each setting and where it comes from (the key redacted)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the path of the config file')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change one setting in the config file')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove one setting from the config file')
            break
        }
        'neynar-studio;help;config;init' {
            break
        }
        'neynar-studio;help;config;show' {
            break
        }
        'neynar-studio;help;config;path' {
            break
        }
        'neynar-studio;help;config;set' {
            break
        }
        'neynar-studio;help;config;unset' {
            break
        }
        'neynar-studio;help;render' {
            break
        }
        'neynar-studio;help;completions' {
            break
        }
        'neynar-studio;help;emulator' {
            break
        }
        'neynar-studio;help;demo' {
            break
        }
        'neynar-studio;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
