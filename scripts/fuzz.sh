#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60) and prints how many inputs each tried.
# Not part of CI. Needs cargo-fuzz (installed if missing); the toolchain here is stable, so
# RUSTC_BOOTSTRAP lets cargo-fuzz pass the sanitizer flags it needs.
#   scripts/fuzz.sh 300           # five minutes per target
#   scripts/fuzz.sh 60 sse jfs    # only these
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(sse events jfs config)
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz
export RUSTC_BOOTSTRAP=1
mkdir -p fuzz/logs
for t in "${targets[@]}"; do
    log="fuzz/logs/$t.log"
    if cargo fuzz run "$t" -- -max_total_time="$secs" -print_final_stats=1 >"$log" 2>&1; then
        runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
        echo "$t: ${runs:-?} inputs in ${secs}s, no crash"
    else
        echo "$t: FAILED, see $log and fuzz/artifacts/$t/" >&2
        exit 1
    fi
done
