#!/usr/bin/env bash
# Peak memory (max RSS, GNU time) of the release binary against hostile input: a loopback
# server that floods, files that never end. The budget is 64 MiB whatever a server or a file
# sends (issue 11); docs/reliability.md records the numbers. Not part of `cargo test`.
#
#   scripts/memory.sh            # builds the release binary, about a minute
#
# The server is a small python3 program: each case is a path prefix of the API URL
# (http://127.0.0.1:PORT/CASE/), so one server serves them all.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/time ]; then
    apt-get install -y -qq time >/dev/null 2>&1 \
        || (apt-get update -qq >/dev/null && apt-get install -y -qq time >/dev/null)
fi
command -v python3 >/dev/null || { echo "memory.sh needs python3" >&2; exit 1; }

cargo build --release --quiet
BIN=$PWD/target/release/neynar-studio
BUDGET_KIB=$((64 * 1024))

work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
unset HTTP_PROXY HTTPS_PROXY ALL_PROXY http_proxy https_proxy all_proxy
export HOME=$work XDG_CONFIG_HOME=$work/config XDG_STATE_HOME=$work/state
export NEYNAR_API_KEY=memory-key-not-a-secret NEYNAR_FID=3 NO_COLOR=1

cat >"$work/server.py" <<'PY'
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs

MIB = 1 << 20

def repeat(unit, total):
    """`unit` repeated to `total` bytes, in 1 MiB pieces."""
    piece = unit * (MIB // len(unit))
    sent = 0
    while sent < total:
        chunk = piece[: total - sent]
        sent += len(chunk)
        yield chunk

def body(parts):
    for p in parts:
        if isinstance(p, bytes):
            yield p
        else:
            yield from p

DEPLOYMENT = json.dumps({"id": "0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21", "name": "server-1",
                         "is_ready": True, "url": "https://server-1.example"}).encode()

def flood(unit, total):
    # '[' + units + '0]': valid JSON whatever the unit.
    n = (total - 3) // len(unit)
    return len(unit) * n + 3, [b"[", repeat(unit, len(unit) * n), b"0]"]

def list_case(case, query):
    if case == "flood0":        # 127 MiB of `0,`: the byte cap stops it
        return flood(b"0,", 127 * MIB)
    if case == "flood0small":   # 7 MiB of `0,`: under the byte cap, over the value budget
        return flood(b"0,", 7 * MIB)
    if case == "floodarr":      # 7 MiB of `[],`
        return flood(b"[],", 7 * MIB)
    if case == "maxzeros":      # just under the value budget, all numbers
        return flood(b"0,", 2 * 249_990 + 3)
    if case == "maxobjects":    # just under the value budget, all empty objects
        return flood(b"{},", 3 * 124_990 + 3)
    if case == "bigok":         # 7.9 MiB of deployments with 4 KiB display names: accepted
        one = json.dumps({"id": "x", "name": "server-1", "is_ready": True,
                          "display_name": "d" * 4096}).encode()
        n = (8 * MIB - 100 * 1024) // (len(one) + 1)
        items = b",".join([one] * n)
        return len(items) + 2, [b"[", items, b"]"]
    if case in ("endless", "fatpages"):  # pages that never run short, fresh ids every time
        limit = int(query.get("limit", ["50"])[0])
        offset = int(query.get("offset", ["0"])[0])
        name = "n" * (4096 if case == "fatpages" else 200)
        items = ",".join('{"id":"id-%d","name":"server-%d","display_name":"%s"}'
                         % (i, i, name) for i in range(offset, offset + limit)).encode()
        return len(items) + 2, [b"[", items, b"]"]
    return None

def stream_case(case):
    if case == "sink":          # takes any prompt, ends at once
        return [b'data: {"type":"result","subtype":"success"}\n\n']
    if case == "sse32":         # one 32 MiB event
        return [b'data: {"type":"assistant","message":"', repeat(b"a", 32 * MIB), b'"}\n\n']
    if case == "ssenodes":      # one event of 249,990 tiny values (under the value budget)
        return [b"data: [", repeat(b"0,", 2 * 249_990), b"0]\n\n",
                b'data: {"type":"result","subtype":"success"}\n\n']
    if case == "ssebig":        # a 3.9 MiB text event (under the event cap), then the result
        return [b'data: {"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"text_delta","text":"',
                repeat(b"t", 3900 * 1024), b'"}}}\n\n',
                b'data: {"type":"result","subtype":"success"}\n\n']
    if case == "deltas1g":      # 1 GiB of small text deltas, then the result
        ev = (b'data: {"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"text_delta","text":"'
              + b"word " * 180 + b'"}}}\n\n')
        return [repeat(ev, (1 << 30) // len(ev) * len(ev)), b'data: {"type":"result","subtype":"success"}\n\n']
    if case == "tiny64m":       # 64 MiB of the smallest events, `{}`, then the result
        return [repeat(b"data: {}\n\n", (64 * MIB) // 10 * 10), b'data: {"type":"result","subtype":"success"}\n\n']
    if case == "tools1g":       # 1 GiB of tool calls and results, every id unique
        def calls():
            sent, i = 0, 0
            while sent < (1 << 30):
                chunk = []
                for _ in range(2000):
                    tid = f"toolu_{i:016d}".encode()
                    chunk.append(b'data: {"type":"assistant","message":{"content":[{"type":"tool_use","id":"' + tid
                                 + b'","name":"Bash","input":{"command":"ls -la src/components/' + tid + b'"}}]}}\n\n')
                    chunk.append(b'data: {"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"' + tid
                                 + b'","content":"total 0"}]}}\n\n')
                    i += 1
                piece = b"".join(chunk)
                sent += len(piece)
                yield piece
        return [calls(), b'data: {"type":"result","subtype":"success"}\n\n']
    return None

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, ctype, length, parts):
        self.send_response(status)
        self.send_header("content-type", ctype)
        if length is not None:
            self.send_header("content-length", str(length))
        self.send_header("connection", "close")
        self.end_headers()
        try:
            for chunk in body(parts):
                self.wfile.write(chunk)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def handle_any(self):
        url = urlsplit(self.path)
        _, case, rest = url.path.split("/", 2)
        query = parse_qs(url.query)
        if rest.startswith("v2/studio/deployment/by-name-and-fid"):
            return self.send(200, "application/json", len(DEPLOYMENT), [DEPLOYMENT])
        if rest.startswith("v2/studio/deployment/prompt/stream"):
            parts = stream_case(case)
            if parts is not None:
                return self.send(200, "text/event-stream", None, parts)
        elif rest.rstrip("/") == "v2/studio/deployment":
            found = list_case(case, query)
            if found is not None:
                length, parts = found
                return self.send(200, "application/json", length, parts)
        self.send(404, "application/json", 2, [b"{}"])

    def do_GET(self):
        self.handle_any()

    def do_POST(self):
        left = int(self.headers.get("content-length", "0"))
        while left > 0:
            left -= len(self.rfile.read(min(left, MIB)))
        self.handle_any()

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
python3 "$work/server.py" >"$work/port" &
until [ -s "$work/port" ]; do sleep 0.05; done
PORT=$(cat "$work/port")
api() { echo "http://127.0.0.1:$PORT/$1/"; }

ln -s /dev/zero "$work/zero.toml"
# A prompt just under its 2 MiB cap, and images at theirs (5 MiB each, 8 MiB together).
python3 - "$work" <<'PY'
import os, sys
w = sys.argv[1]
open(f"{w}/prompt.txt", "w").write("p" * (2 * (1 << 20) - 16))
for name, size in (("a.png", 4 << 20), ("b.png", 4 << 20)):
    open(f"{w}/{name}", "wb").write(b"\x89PNG\r\n\x1a\n" + os.urandom(size - 8))
# A saved stream of 40 text events of 3.9 MiB each, just under the 4 MiB event limit: `render`
# reads a file in blocks that grow to hold a whole line.
delta = '{"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"text_delta","text":"%s"}}}\n'
with open(f"{w}/lines.ndjson", "w") as f:
    for _ in range(40):
        f.write(delta % ("x" * (3900 << 10)))
    f.write('{"type":"result","subtype":"success"}\n')
# 64 MiB of the smallest events: a batch of them holds far more events than a real one.
with open(f"{w}/tiny.ndjson", "w") as f:
    f.write("{}\n" * ((64 << 20) // 3))
    f.write('{"type":"result","subtype":"success"}\n')
PY
over=0
printf '%-58s %5s %10s\n' "case" "exit" "peak RSS"
measure() {  # NAME URL ARGS... (stdin: $STDIN, else /dev/null)
    local name=$1 url=$2; shift 2
    local code=0
    NEYNAR_API_URL=$url /usr/bin/time -f %M -o "$work/rss" "$BIN" "$@" <"${STDIN:-/dev/null}" >/dev/null 2>"$work/err" || code=$?
    local kib
    kib=$(tail -n 1 "$work/rss")
    printf '%-58s %5s %7.1f MiB\n' "$name" "$code" "$(echo "$kib / 1024" | bc -l)"
    if [ "$kib" -gt "$BUDGET_KIB" ]; then over=1; fi
}
closed="http://127.0.0.1:9/"

measure "baseline: deploy get"                                  "$(api ok)" deploy get server-1
measure "127 MiB body of 0, (byte cap)"                          "$(api flood0)" deploy list
measure "7 MiB body of 0, (value budget)"                        "$(api flood0small)" deploy list
measure "7 MiB body of [], (value budget)"                       "$(api floodarr)" deploy list
measure "249,990 numbers (accepted)"                             "$(api maxzeros)" deploy list --json
measure "124,990 empty objects (accepted)"                       "$(api maxobjects)" deploy list --json
measure "7.9 MiB list, 4 KiB names (accepted), --json"           "$(api bigok)" deploy list --json
measure "7.9 MiB list, 4 KiB names (accepted), table"            "$(api bigok)" deploy list
measure "list --all, 4 KiB names (stops at 8 MiB of pages)"      "$(api fatpages)" deploy list --all --json
measure "list --all, pages that never run short"                 "$(api endless)" deploy list --all --limit 1000 --json
measure "one 32 MiB stream event (event cap)"                    "$(api sse32)" deploy prompt server-1 go
measure "one 32 MiB stream event, --json"                        "$(api sse32)" deploy prompt server-1 go --json
measure "stream event of 249,990 values (accepted)"              "$(api ssenodes)" deploy prompt server-1 go
measure "3.9 MiB text event (accepted), rendered"                "$(api ssebig)" deploy prompt server-1 go
measure "1 GiB of text deltas, rendered"                      "$(api deltas1g)" deploy prompt server-1 go
measure "64 MiB of {} events, rendered"                          "$(api tiny64m)" deploy prompt server-1 go
measure "1 GiB of tool calls with unique ids, rendered"          "$(api tools1g)" deploy prompt server-1 go
measure "1 GiB of tool calls with unique ids, --json"            "$(api tools1g)" deploy prompt server-1 go --json
measure "render of a file of 40 lines of 3.9 MiB"                 "$closed" render "$work/lines.ndjson"
STDIN="$work/lines.ndjson" measure "render of the same lines from stdin" "$closed" render -
measure "render of a file of 64 MiB of {} lines"                 "$closed" render "$work/tiny.ndjson"
measure "a 2 MiB prompt (accepted)"                               "$(api sink)" deploy prompt server-1 --file "$work/prompt.txt"
measure "a 2 MiB prompt and 8 MiB of images (accepted)"           "$(api sink)" deploy prompt server-1 --file "$work/prompt.txt" --image "$work/a.png" --image "$work/b.png"
measure "--image /dev/zero"                                      "$closed" deploy prompt server-1 go --image /dev/zero
measure "--file /dev/zero"                                       "$closed" deploy prompt server-1 --file /dev/zero
measure "associate --file /dev/zero"                             "$closed" deploy associate server-1 --file /dev/zero
measure "config file linked to /dev/zero"                        "$closed" --config "$work/zero.toml" deploy get server-1
STDIN=/dev/zero measure "prompt from stdin, /dev/zero"           "$closed" deploy prompt server-1 -
STDIN=/dev/zero measure "config set api-key - from /dev/zero"    "$closed" --config "$work/new.toml" config set api-key -

if [ "$over" -ne 0 ]; then
    echo "over the 64 MiB budget" >&2
    exit 1
fi
