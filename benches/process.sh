#!/usr/bin/env bash
# Whole-process benchmarks: one letter as a `letterpress render` process, a merge of N letters
# to separate files (letters per second, peak memory), output sizes; with the Typst baseline of
# ../shared/bench measured in the same run, so ratios compare like with like on this machine.
#
#   benches/process.sh [N ...]  merges of N letters each (default: 2000 200000)
#
# Each N up to COMBINED_MAX (default 20000) is also merged into one `--combined` PDF (time,
# peak memory, size). LP=path/to/letterpress measures that binary instead of building one.
#
# Needs hyperfine and GNU time (apt-get install -y hyperfine time); the Typst baseline also
# needs the `typst` Python binding (installed into $BENCH_TOOLS/venv when missing) and the
# TeX Gyre Termes font (apt-get install -y fonts-texgyre). Results go to target/bench-process/.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("${@:-2000}")
[ $# -eq 0 ] && SIZES=(2000 200000)
OUT=target/bench-process
SHARED="${SHARED:-../shared/bench}"
TOOLS="${BENCH_TOOLS:-/tmp/bench-tools}"
mkdir -p "$OUT"

if [ -z "${LP:-}" ]; then
  cargo build --release -q -p letterpress-cli
  LP="${CARGO_TARGET_DIR:-$PWD/target}/release/letterpress"
fi
LETTER=examples/bench-pl.yaml
[ -f "$LETTER" ] || LETTER=examples/termination-pl.yaml

echo "== one letter as a process: $LETTER"
"$LP" render "$LETTER" --root . -o "$OUT/one.pdf" 2>/dev/null
ls -l "$OUT/one.pdf" | awk '{print "output size: " $5 " bytes"}'
CMDS=("$LP render $LETTER --root . -o $OUT/one.pdf")
if [ -d "$SHARED/typst" ]; then
  if [ ! -x "$TOOLS/venv/bin/python" ] || ! "$TOOLS/venv/bin/python" -c 'import typst, yaml' 2>/dev/null; then
    python3 -m venv "$TOOLS/venv" && "$TOOLS/venv/bin/pip" install -q typst==0.15.2 PyYAML==6.0.4 || true
  fi
  if "$TOOLS/venv/bin/python" -c 'import typst' 2>/dev/null; then
    CMDS+=("$TOOLS/venv/bin/python $SHARED/typst/typst_letter.py $OUT/typst.pdf")
  fi
fi
hyperfine -N --warmup 3 --runs 30 --export-json "$OUT/single.json" "${CMDS[@]}"
python3 - "$OUT/single.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
for x in r:
    print(f"median {x['median']*1000:8.1f} ms  {x['command'][:90]}")
if len(r) > 1:
    print(f"letterpress / typst median ratio: {r[0]['median']/r[1]['median']:.3f}")
PY
[ -f "$OUT/typst.pdf" ] && ls -l "$OUT/typst.pdf" | awk '{print "typst output size: " $5 " bytes"}'

LP_REAL=$(realpath "$LP")
python3 - "$LETTER" "$OUT/merge.yaml" "$PWD" <<'PY'
import re, sys
src, dst, root = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(src, encoding="utf-8").read()
text = re.sub(r"^letterhead: \.\./", f"letterhead: {root}/", text, flags=re.M)
text = re.sub(r"(?m)^recipient:\n(?:  - [^\n]*\n)+", 'recipient:\n  - "{{ company }}"\n  - "{{ person }}"\n  - "{{ street }}"\n  - "{{ city }}"\n', text)
text = re.sub(r"(?m)^(\s+image: )(?!/)", lambda m: m.group(1) + root + "/examples/", text)
open(dst, "w", encoding="utf-8").write(text)
PY
for N in "${SIZES[@]}"; do
echo "== merge of $N letters to separate files"
python3 - "$N" "$OUT/data.csv" <<'PY'
import csv, sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "company", "person", "street", "city"])
    for i in range(1, n + 1):
        w.writerow([f"K{i:06}", f"Firma Przykładowa nr {i} sp. z o.o.", f"Pan Jan Kowalski {i}", f"ul. Długa {i % 200 + 1}", "00-590 Warszawa"])
PY
rm -rf "$OUT/letters"
# Let the file system write back what earlier runs left (the deleted letters above included),
# so that this run is not timed doing it.
sync
DEL=
if [ "$N" -gt 20000 ]; then
  # ~125 KB a letter: 200,000 letters would fill 25 GB, so a loop deletes the letters as they
  # are written (never the temporary files); the merge never reads them back.
  ( while sleep 2; do find "$OUT/letters" -maxdepth 1 -name '*.pdf' -delete 2>/dev/null; done ) &
  DEL=$!
fi
/usr/bin/time -v "$LP_REAL" merge "$OUT/merge.yaml" --root "$PWD" --data "$OUT/data.csv" --out "$OUT/letters" 2> "$OUT/merge-time.txt" || true
[ -n "$DEL" ] && kill "$DEL"
python3 - "$OUT/merge-time.txt" "$N" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
m = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):(\d+\.\d+)", t)
h, mnt, s = m.groups()
secs = (int(h or 0) * 3600) + int(mnt) * 60 + float(s)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
n = int(sys.argv[2])
print(f"{n} letters in {secs:.2f} s: {n/secs:.0f} letters/s, peak memory {rss/1024:.1f} MB")
PY
python3 - "$OUT/letters/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
print(f"{m['written']} letters written, {m['failed']} failed (manifest)")
PY
rm -rf "$OUT/letters"
if [ "$N" -le "${COMBINED_MAX:-20000}" ]; then
  echo "== merge of $N letters into one combined PDF (--combined, streamed)"
  rm -f "$OUT/all.pdf"
  /usr/bin/time -v "$LP_REAL" merge "$OUT/merge.yaml" --root "$PWD" --data "$OUT/data.csv" --combined "$OUT/all.pdf" --manifest "$OUT/combined.json" 2> "$OUT/combined-time.txt" || true
  python3 - "$OUT/combined-time.txt" "$N" "$OUT/all.pdf" <<'PY'
import os, re, sys
t = open(sys.argv[1]).read()
m = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):(\d+\.\d+)", t)
h, mnt, s = m.groups()
secs = (int(h or 0) * 3600) + int(mnt) * 60 + float(s)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
n = int(sys.argv[2])
size = os.path.getsize(sys.argv[3]) if os.path.exists(sys.argv[3]) else 0
print(f"{n} letters combined in {secs:.2f} s: {n/secs:.0f} letters/s, peak memory {rss/1024:.1f} MB, {size/1e6:.1f} MB PDF")
PY
  rm -f "$OUT/all.pdf"
fi
done
