#!/usr/bin/env bash
# Regenerates the committed man pages in man/ from the CLI (clap_mangen). A test fails when
# they drift. Install: install -Dm644 man/*.1 -t ~/.local/share/man/man1/
set -euo pipefail
cd "$(dirname "$0")/.."
NEYNAR_STUDIO_WRITE_MAN=1 cargo test --quiet --test runner man::committed_man_pages_match_the_cli
echo "man/ regenerated"
