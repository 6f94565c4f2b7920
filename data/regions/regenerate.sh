#!/usr/bin/env bash
# Regenerates provinces.csv, regencies.csv and districts.csv in this directory from the
# npm package idn-area-data (data: ODbL, see README.md). Not run by the build.
#
# Usage: data/regions/regenerate.sh [VERSION]      (default: 4.0.1)
# Needs: npm, tar, python3. Only the npm registry is contacted.
#
# Pin the version: on Node.js < 22, a plain `npm pack idn-area-data` silently resolves to 3.1.2
# (4.x declares engines.node >= 22), which has only 7,277 districts.
set -euo pipefail

VERSION="${1:-4.0.1}"
OUT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm pack --silent "idn-area-data@${VERSION}" >/dev/null
tar xzf "idn-area-data-${VERSION}.tgz"

python3 - "$WORK/package/data" "$OUT_DIR" <<'PY'
import csv, re, sys
src, out = sys.argv[1], sys.argv[2]
ACRONYMS = {"DKI", "DI", "NTB", "NTT"}

def titlecase(name):
    words = []
    for w in name.split(" "):
        if w.upper() in ACRONYMS:
            words.append(w.upper())
        else:
            words.append(re.sub(r"[A-Za-z]+", lambda m: m.group(0).capitalize(), w.lower(), count=1)
                         if w else w)
    return " ".join(words)

def digits(code):
    return code.replace(".", "")

specs = [
    ("provinces", ["code", "name"], None),
    ("regencies", ["code", "province_code", "name"], "province_code"),
    ("districts", ["code", "regency_code", "name"], "regency_code"),
]
for name, header, parent in specs:
    with open(f"{src}/{name}.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # Title-case only when the source file itself is all upper-case (older package versions).
    all_upper = all(r["name"] == r["name"].upper() for r in rows)
    rows.sort(key=lambda r: digits(r["code"]))
    with open(f"{out}/{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            n = r["name"].strip()
            if all_upper:
                n = titlecase(n)
            rec = [digits(r["code"])]
            if parent:
                rec.append(digits(r[parent]))
            rec.append(n)
            w.writerow(rec)
    print(f"{name}: {len(rows)}")
PY
