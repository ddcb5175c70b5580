#!/usr/bin/env bash
# Whole-process benchmarks: the release binary against curl on loopback, every comparison
# measured in the same run and printed as a ratio next to its target. Not part of CI.
#
#   scripts/bench.sh             # about 3 minutes; 30 s of it is the spinner's CPU test
#   QUICK=1 scripts/bench.sh     # fewer runs, a 10 s spinner test
#
# The local server is the emulator with --firehose: every prompt streams a realistic agent
# session of N MiB as fast as the client reads it.
# The database figures use emulators whose --db-schema script fills a table of 10,000 or
# 100,000 rows: `db query --all --format ndjson` in rows per second and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine || [ ! -x /usr/bin/time ]; then
    apt-get install -y -qq hyperfine time >/dev/null 2>&1 \
        || (apt-get update -qq >/dev/null && apt-get install -y -qq hyperfine time >/dev/null)
fi
# unzip: the reference for `deploy export --extract`.
need unzip || apt-get install -y -qq unzip >/dev/null 2>&1 \
    || (apt-get update -qq >/dev/null && apt-get install -y -qq unzip >/dev/null)
for tool in hyperfine curl script python3 unzip; do
    need "$tool" || { echo "bench.sh needs $tool" >&2; exit 1; }
done

cargo build --release --quiet
BIN=$PWD/target/release/neynar-studio
RUNS=${QUICK:+5}; RUNS=${RUNS:-15}
SPIN=${QUICK:+10}; SPIN=${SPIN:-30}

work=$(mktemp -d)
# The emulators start inside $(...), so they are not this shell's jobs: their ids are kept.
cleanup() {
    kill $(jobs -p) $(cat "$work/pids" 2>/dev/null) 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
unset HTTP_PROXY HTTPS_PROXY ALL_PROXY http_proxy https_proxy all_proxy
export HOME=$work XDG_CONFIG_HOME=$work/config XDG_STATE_HOME=$work/state
export NEYNAR_API_KEY=bench-key-not-a-secret NEYNAR_FID=3 NO_COLOR=1

emulator() {  # NAME ARGS...: starts one, prints its URL
    local out=$work/$1.out; shift
    "$BIN" emulator --port 0 "$@" >"$out" 2>/dev/null &
    echo $! >>"$work/pids"
    until grep -q '^export' "$out" 2>/dev/null; do sleep 0.05; done
    sed -n 1p "$out" | sed 's/.* on //'
}
U50=$(emulator fh50 --ready-after 0s --firehose 50)
U5=$(emulator fh5 --ready-after 0s --firehose 5)
SLOW=$(emulator slow --ready-after 1h)
# Every export-zip archive of this one carries a 200 MiB incompressible file, made as it is sent.
UEX=$(emulator export --ready-after 0s --export-pad-mib 200)
N50=$(NEYNAR_API_URL=$U50 "$BIN" -q deploy create)
N5=$(NEYNAR_API_URL=$U5 "$BIN" -q deploy create)
NSLOW=$(NEYNAR_API_URL=$SLOW "$BIN" -q deploy create)
NEX=$(NEYNAR_API_URL=$UEX "$BIN" -q deploy create)
EXPORT_URL="$UEX/v2/studio/deployment/export-zip?name=$NEX&fid=3"
for _ in $(seq 20); do NEYNAR_API_URL=$U50 "$BIN" -q deploy create >/dev/null; done

hf() {  # NAME COMMAND...: hyperfine without a shell, output discarded
    local name=$1; shift
    hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$work/$name.json" "$@" >/dev/null 2>&1
}
mean() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["mean"])' "$work/$1.json" "$2"; }

# No spaces: hyperfine -N splits commands on whitespace.
prompt_body() { printf '{"fid":3,"name":"%s","prompt":"benchmark"}' "$1"; }
# Single quotes: hyperfine -N splits shell-style, and the JSON's double quotes must survive.
curl_stream() { echo "curl -sN -X POST -H x-api-key:k -H content-type:application/json -d '$(prompt_body "$2")' $1/v2/studio/deployment/prompt/stream"; }

# Both sides must really move the whole stream, or the comparison means nothing.
check_size() {  # what, bytes (NDJSON drops the "data: " framing: a little under 50 MiB)
    if [ "$2" -lt $((45 << 20)) ]; then echo "bench.sh: $1 moved only $2 bytes" >&2; exit 1; fi
}
check_size curl "$(eval "$(curl_stream "$U50" "$N50")" | wc -c)"
check_size "prompt --json" "$(NEYNAR_API_URL=$U50 "$BIN" deploy prompt "$N50" benchmark --json 2>/dev/null | wc -c)"

echo "measuring (runs per figure: $RUNS) ..." >&2
hyperfine -N --warmup 20 --runs 300 --export-json "$work/version.json" "$BIN --version" >/dev/null 2>&1
export NEYNAR_API_URL=$U50
hf list "$BIN deploy list --json" "curl -s -H x-api-key:k $U50/v2/studio/deployment/?fid=3"
hf json50 "$BIN deploy prompt $N50 benchmark --json" "$(curl_stream "$U50" "$N50")"
hf piped50 "$BIN deploy prompt $N50 benchmark" "$(curl_stream "$U50" "$N50")"
# `render` of the same stream saved with --json, against curl fetching it.
"$BIN" deploy prompt "$N50" benchmark --json >"$work/run.ndjson" 2>/dev/null
hf render50 "$BIN render $work/run.ndjson" "$(curl_stream "$U50" "$N50")"

rss() {  # URL NAME ARGS...: peak RSS in KiB
    local url=$1 name=$2; shift 2
    NEYNAR_API_URL=$url /usr/bin/time -f '%M' -o "$work/rss" "$BIN" deploy prompt "$name" benchmark "$@" >/dev/null 2>&1
    cat "$work/rss"
}
R5=$(rss "$U5" "$N5" --json); R50=$(rss "$U50" "$N50" --json); RP50=$(rss "$U50" "$N50")

# The 200 MiB archive: `deploy export -o` against `curl -o` on the same URL (both overwrite their
# file), and `--extract` (which downloads to a temporary file, then unpacks) against `curl -o`
# followed by `unzip -q` of the same archive (a shell runs both sides: hyperfine subtracts its
# start-up). `unzip -q` alone on the saved archive is printed for reference.
curl -s -o "$work/curl.zip" -H x-api-key:k "$EXPORT_URL"
NEYNAR_API_URL=$UEX "$BIN" -q deploy export "$NEX" -o "$work/ours.zip" --force >/dev/null
# The same archive but for its timestamps: the same size, at least the 200 MiB of padding.
for f in curl ours; do
    if [ "$(stat -c %s "$work/$f.zip")" -lt $((200 << 20)) ]; then echo "bench.sh: $f.zip is too small" >&2; exit 1; fi
done
[ "$(stat -c %s "$work/curl.zip")" = "$(stat -c %s "$work/ours.zip")" ] \
    || { echo "bench.sh: the two archives differ in size" >&2; exit 1; }
NEYNAR_API_URL=$UEX hf export200 "$BIN deploy export $NEX -o $work/ours.zip --force" \
    "curl -s -o $work/curl.zip -H x-api-key:k $EXPORT_URL"
NEYNAR_API_URL=$UEX hyperfine --warmup 2 --runs "$RUNS" --export-json "$work/extract200.json" \
    "$BIN deploy export $NEX --extract $work/ours-x --force" \
    "curl -s -o $work/curl-x.zip -H x-api-key:k '$EXPORT_URL' && unzip -q -o $work/curl-x.zip -d $work/unzip-x" \
    "unzip -q -o $work/curl.zip -d $work/unzip-only" >/dev/null 2>&1
diff -r "$work/ours-x" "$work/unzip-x" >/dev/null || { echo "bench.sh: --extract and unzip differ" >&2; exit 1; }
rss_export() {  # ARGS...: peak RSS in KiB of `deploy export NEX ARGS`
    NEYNAR_API_URL=$UEX /usr/bin/time -f '%M' -o "$work/rss" "$BIN" deploy export "$NEX" "$@" >/dev/null 2>&1
    cat "$work/rss"
}
REX=$(rss_export -o "$work/ours.zip" --force); RXX=$(rss_export --extract "$work/ours-x" --force)

NEYNAR_API_URL=$SLOW script -qec "/usr/bin/time -f 'CPUSECS %U %S' $BIN deploy wait $NSLOW --timeout ${SPIN}s" /dev/null >"$work/spin.out" 2>&1 || true
CPU=$(grep -a CPUSECS "$work/spin.out" | tail -1 | awk -v t="$SPIN" '{printf "%.2f", ($2+$3)/t*100}')
SIZE=$(stat -c %s "$BIN")

# The app's database (issue 15): `db query --all --format ndjson` of a table of N rows, pages
# of 1000 streamed out. Each emulator's --db-schema script fills its table with a recursive CTE.
db_emulator() {  # ROWS: starts an emulator whose new databases hold ROWS events; prints its URL
    cat >"$work/events$1.sql" <<SQL
CREATE TABLE events (id INTEGER PRIMARY KEY, fid INTEGER NOT NULL, kind TEXT NOT NULL,
  label TEXT, amount REAL, created_at TEXT NOT NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
INSERT INTO events SELECT i, i % 997, CASE i % 3 WHEN 0 THEN 'click' WHEN 1 THEN 'view' ELSE 'share' END,
  'event number ' || i || ' of the benchmark', i * 0.25, datetime(1795420200 + i, 'unixepoch') FROM n;
SQL
    emulator "db$1" --ready-after 0s --db-schema "$work/events$1.sql"
}
UD10=$(db_emulator 10000); UD100=$(db_emulator 100000)
ND10=$(NEYNAR_API_URL=$UD10 "$BIN" -q deploy create); NEYNAR_API_URL=$UD10 "$BIN" -q db provision -d "$ND10" >/dev/null
ND100=$(NEYNAR_API_URL=$UD100 "$BIN" -q deploy create); NEYNAR_API_URL=$UD100 "$BIN" -q db provision -d "$ND100" >/dev/null
dbq() { echo "$BIN db query events --all --format ndjson -d $1"; }
for n in 10000 100000; do  # every row really arrives
    if [ "$n" = 10000 ]; then u=$UD10 d=$ND10; else u=$UD100 d=$ND100; fi
    got=$(NEYNAR_API_URL=$u $(dbq "$d") 2>/dev/null | wc -l)
    [ "$got" = "$n" ] || { echo "bench.sh: db query --all moved $got rows of $n" >&2; exit 1; }
done
NEYNAR_API_URL=$UD100 hf db100 "$(dbq "$ND100")"
NEYNAR_API_URL=$UD10 hf db10 "$(dbq "$ND10")"
dbrss() {  # URL NAME: peak RSS in KiB
    NEYNAR_API_URL=$1 /usr/bin/time -f '%M' -o "$work/rss" $(dbq "$2") >/dev/null 2>&1
    cat "$work/rss"
}
RD10=$(dbrss "$UD10" "$ND10"); RD100=$(dbrss "$UD100" "$ND100")

python3 - "$work" "$R5" "$R50" "$RP50" "$CPU" "$SIZE" "$RD10" "$RD100" "$REX" "$RXX" <<'PY'
import json, sys
rex, rxx = int(sys.argv[9]), int(sys.argv[10])
work, r5, r50, rp50, cpu, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
rd10, rd100 = int(sys.argv[7]), int(sys.argv[8])
def means(name):
    return [r["mean"] for r in json.load(open(f"{work}/{name}.json"))["results"]]
version = means("version")[0] * 1000
rows = []
def row(figure, measured, target, ok):
    rows.append((figure, measured, target, "ok" if ok else "MISSED"))
row("--version", f"{version:.2f} ms", "<= 5 ms", version <= 5)
for name, label, target in [("list", "deploy list --json vs curl -s", 1.2),
                            ("json50", "prompt --json, 50 MiB vs curl -sN", 1.25),
                            ("piped50", "prompt piped rendering, 50 MiB vs curl -sN", 2.0),
                            ("render50", "render of the saved 50 MiB NDJSON vs curl -sN", 2.0)]:
    ours, curl = means(name)
    ratio = ours / curl
    row(label, f"{ratio:.2f}x ({ours*1000:.1f} ms vs {curl*1000:.1f} ms)", f"<= {target}x", ratio <= target)
for label, kib in [("peak RSS, prompt --json 5 MiB", r5), ("peak RSS, prompt --json 50 MiB", r50), ("peak RSS, piped rendering 50 MiB", rp50)]:
    row(label, f"{kib/1024:.1f} MiB", "<= 15 MiB", kib <= 15 * 1024)
row("CPU while waiting with a spinner", f"{cpu:.2f} % of a core", "<= 2 %", cpu <= 2)
# Export, 200 MiB: speed is the inverse of time, so ">= 0.9x curl's speed" is ours <= curl / 0.9.
ours, curl = means("export200")
row("deploy export -o, 200 MiB vs curl -o", f"{curl/ours:.2f}x speed ({ours*1000:.0f} ms vs {curl*1000:.0f} ms)", ">= 0.9x", ours <= curl / 0.9)
ours, pipeline, unzip_only = means("extract200")
row("export --extract, 200 MiB vs curl -o + unzip -q", f"{pipeline/ours:.2f}x speed ({ours*1000:.0f} ms vs {pipeline*1000:.0f} ms)", ">= 0.8x", ours <= pipeline / 0.8)
# The unpacking alone: --extract's time less -o's (the same download), against unzip -q alone.
unpack = ours - means("export200")[0]
# When --extract comes out no slower than -o, the difference is noise and no speed can be told.
if unpack > 0:
    row("unpacking, 200 MiB (--extract less -o) vs unzip -q", f"{unzip_only/unpack:.2f}x speed ({unpack*1000:.0f} ms vs {unzip_only*1000:.0f} ms)", ">= 0.8x", unpack <= unzip_only / 0.8)
else:
    row("unpacking, 200 MiB (--extract less -o) vs unzip -q", f"below the noise ({unpack*1000:.0f} ms vs {unzip_only*1000:.0f} ms)", ">= 0.8x", True)
row("peak RSS, deploy export -o 200 MiB", f"{rex/1024:.1f} MiB", "<= 15 MiB", rex <= 15 * 1024)
row("peak RSS, deploy export --extract 200 MiB", f"{rxx/1024:.1f} MiB", "<= 15 MiB", rxx <= 15 * 1024)
for name, n in [("db10", 10000), ("db100", 100000)]:
    t = means(name)[0]
    rate = n / t
    row(f"db query --all --format ndjson, {n:,} rows", f"{rate:,.0f} rows/s ({t*1000:.0f} ms)",
        ">= 50,000 rows/s", rate >= 50000)
for label, kib in [("peak RSS, db query --all, 10,000 rows", rd10), ("peak RSS, db query --all, 100,000 rows", rd100)]:
    row(label, f"{kib/1024:.1f} MiB", "<= 20 MiB", kib <= 20 * 1024)
row("db query RSS flat (100,000 vs 10,000 rows)", f"{(rd100 - rd10)/1024:+.1f} MiB", "<= +1 MiB", rd100 - rd10 <= 1024)
row("release binary", f"{size/1048576:.1f} MiB", "<= 10 MiB", size <= 10 * 1048576)
w = [max(len(r[i]) for r in rows) for i in range(4)]
for r in [("figure", "measured", "target", "")] + rows:
    print("  ".join(c.ljust(w[i]) for i, c in enumerate(r)).rstrip())
PY
