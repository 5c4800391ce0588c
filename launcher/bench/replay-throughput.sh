#!/usr/bin/env bash
# Replay throughput benchmark: generates 50 CSVs of 20 000 rows (minute samples, a daily swing,
# noise and one 40-minute incident each) and times `watchtower replay` over the directory with the
# distribution's launcher, JVM start included. Run from the repository root after
# `mvn -q -DskipTests package`. Prints the wall time, rows per second and the output counts.
set -euo pipefail
bin=${WATCHTOWER_BIN:-packaging/target/watchtower/bin/watchtower}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
python3 - "$work/in" <<'PY'
import math, random, sys
for f in range(50):
    r = random.Random(f)
    with open(f"{sys.argv[1]}/s{f:02d}.csv", "w") as out:
        t0 = 1767225600
        for i in range(20000):
            v = 20 + 5 * math.sin(i / 1440 * 2 * math.pi) + r.random() * 2
            if 15000 <= i < 15040:
                v += 60
            out.write(f"{t0 + 60 * i},{v:.3f}\n")
PY
start=$(date +%s.%N)
"$bin" replay --out "$work/out" "$work/in" > "$work/summary.txt"
end=$(date +%s.%N)
seconds=$(echo "$end - $start" | bc -l)
scores=$(ls "$work/out"/*.scores.csv | wc -l)
svgs=$(ls "$work/out"/*.svg | wc -l)
rows=$(cat "$work/out"/*.scores.csv | wc -l)
printf 'replay of 50 x 20000 rows: %.2f s wall (JVM start included), %.0f rows/s, %d score files, %d SVGs, %d score rows (+50 headers)\n' \
  "$seconds" "$(echo "1000000 / $seconds" | bc -l)" "$scores" "$svgs" "$((rows - 50))"
