#!/usr/bin/env bash
# The bench letter with its SVG letterhead against the same letter with the bench's PNG
# letterhead (issue 13: "no slower than with the PNG letterhead, ratio in one run").
#
#   benches/artwork.sh [RUNS]    hyperfine, both letters in one run (default 30 runs each)
#   COUNT=1 benches/artwork.sh   also the instructions of one render of each (valgrind
#                                callgrind, independent of the machine's load)
#
# LP=path/to/letterpress measures that binary instead of building one. The PNG variant is a
# copy of the nordwerk letterhead naming letterhead.png, written to a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-30}"
if [ -z "${LP:-}" ]; then
  cargo build --release -q -p letterpress-cli
  LP="${CARGO_TARGET_DIR:-$PWD/target}/release/letterpress"
fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/examples" "$W/letterheads"
cp -r letterheads/nordwerk "$W/letterheads/"
cp examples/bench-pl.yaml "$W/examples/svg.yaml"
sed 's/^\(  image: \)letterhead\.svg/\1letterhead.png/' letterheads/nordwerk/letterhead.yaml \
  >"$W/letterheads/nordwerk/letterhead-png.yaml"
grep -q 'image: letterhead.png' "$W/letterheads/nordwerk/letterhead-png.yaml"
sed 's#nordwerk/letterhead.yaml#nordwerk/letterhead-png.yaml#' examples/bench-pl.yaml >"$W/examples/png.yaml"
for v in svg png; do
  "$LP" render "$W/examples/$v.yaml" --root "$W" -o "$W/$v.pdf" 2>/dev/null
  echo "$v letterhead: $(stat -c %s "$W/$v.pdf") bytes"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${COUNT:-}" ]; then
  for v in svg png; do
    valgrind --tool=callgrind --callgrind-out-file="$W/$v.cg" \
      "$LP" render "$W/examples/$v.yaml" --root "$W" -o "$W/$v.pdf" 2>"$W/$v.vg" >/dev/null
    echo "$v letterhead: $(grep -o 'Collected : [0-9]*' "$W/$v.vg" | tr -dc 0-9) instructions"
  done
fi
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$W/h.json" \
  "$LP render $W/examples/svg.yaml --root $W -o $W/svg.pdf" \
  "$LP render $W/examples/png.yaml --root $W -o $W/png.pdf" >/dev/null
python3 - "$W/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
for x, name in zip(r, ["svg", "png"]):
    print(f"{name} letterhead: median {x['median']*1000:.2f} ms, mean {x['mean']*1000:.2f} ms "
          f"(user+system {(x['user']+x['system'])*1000:.2f} ms)")
print(f"svg / png: median {r[0]['median']/r[1]['median']:.3f}, "
      f"cpu {(r[0]['user']+r[0]['system'])/(r[1]['user']+r[1]['system']):.3f}")
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
