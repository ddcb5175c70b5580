#!/usr/bin/env bash
# Regenerates the committed completion scripts from the CLI. A test fails when they drift.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
bin=target/debug/neynar-studio
$bin completions bash > completions/neynar-studio.bash
$bin completions zsh > completions/_neynar-studio
$bin completions fish > completions/neynar-studio.fish
$bin completions powershell > completions/_neynar-studio.ps1
$bin completions elvish > completions/neynar-studio.elv
echo "completions/ regenerated"
