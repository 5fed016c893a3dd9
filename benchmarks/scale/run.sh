#!/usr/bin/env bash
# Scale benchmark (DESIGN.md §7): `recoup scan` end to end on ~100 MB and ~1 GB of generated 835, against
# the usual hand-written File.ReadAllText + Split approach and the vectorised IndexOfAny(SearchValues) delimiter scan
# over the same files. Each run is its own process under /usr/bin/time -v: wall time, throughput, peak RSS.
#
#   benchmarks/scale/run.sh                 both sizes
#   SIZES="100mb" benchmarks/scale/run.sh   one size
#   WORK=/data/scale benchmarks/scale/run.sh  where the corpora go (default /tmp/recoup-scale; ~1.2 GB of disk)
#   COLD=1 benchmarks/scale/run.sh          drop the page cache before each run (root) instead of warming it
#
# Corpora are generated with `recoup generate` (seeded, so reruns produce the same bytes) and kept between runs.
# Results: $WORK/results.md (a Markdown table, also printed), raw `time -v` output in $WORK/logs/.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${WORK:-/tmp/recoup-scale}"
sizes="${SIZES:-100mb 1gb}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

if [[ ! -x /usr/bin/time ]]; then
  echo "::: installing GNU time (Debian package 'time')"
  apt-get update -qq && apt-get install -y -qq time
fi

echo "::: building Release"
dotnet build "$repo/samples/Recoupment.Detection.Cli" -c Release -v quiet -nologo >/dev/null
dotnet build "$repo/benchmarks/scale/Baselines" -c Release -v quiet -nologo >/dev/null
recoup="$repo/samples/Recoupment.Detection.Cli/bin/Release/net10.0/recoup"
baselines="$repo/benchmarks/scale/Baselines/bin/Release/net10.0/scale-baselines"

# Same days and payers; the 1 GB corpus has 10x the providers and 10x the claims a day (a bigger clearinghouse).
generate_args() {
  case "$1" in
    100mb) echo "--seed 1 --payers 4 --providers 10 --days 365 --claims-per-day 1200" ;;
    1gb)   echo "--seed 1 --payers 4 --providers 100 --days 365 --claims-per-day 12000" ;;
    *) echo "unknown size $1" >&2; exit 2 ;;
  esac
}

mkdir -p "$work/logs"
results="$work/results.tsv"
: > "$results"

# measure NAME SIZE BYTES command...: runs under time -v, records wall seconds and peak RSS.
measure() {
  local name="$1" size="$2" bytes="$3"; shift 3
  local log="$work/logs/$size-${name// /_}.txt"
  if [[ -n "${COLD:-}" ]]; then
    sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true   # cold page cache (needs root)
  else
    find "$work/$size/835" -name '*.835' -exec cat {} + > /dev/null   # warm page cache: measure the tools, not the disk
  fi
  local load
  load="$(cut -d' ' -f1 /proc/loadavg)"   # other work on the machine skews the numbers: record it
  /usr/bin/time -v "$@" > "$log.out" 2> "$log"
  local wall rss
  wall="$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")"
  rss="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$name" "$bytes" "$wall" "$rss" "$load" >> "$results"
  awk -v n="$name" -v s="$size" -v b="$bytes" -v w="$wall" -v r="$rss" \
    'BEGIN { printf "    %-5s %-34s %8.2f s %9.1f MB/s  peak RSS %7.0f MB\n", s, n, w, b / 1e6 / w, r / 1024 }'
}

for size in $sizes; do
  corpus="$work/$size"
  args="$(generate_args "$size")"
  if [[ ! -f "$corpus/.done" || "$(cat "$corpus/.done")" != "$args" ]]; then
    echo "::: generating $size: recoup generate $args"
    rm -rf "$corpus"
    # shellcheck disable=SC2086
    /usr/bin/time -v "$recoup" generate --out "$corpus/835" $args --answer-key "$corpus/answer-key.csv" 2> "$work/logs/$size-generate.txt"
    echo "$args" > "$corpus/.done"
  fi
  bytes="$(du -sb "$corpus/835" | cut -f1)"
  echo "::: $size: $(find "$corpus/835" -name '*.835' | wc -l) files, $bytes bytes"
  measure "recoup scan" "$size" "$bytes" "$recoup" scan "$corpus/835"
  measure "recoup scan --events" "$size" "$bytes" "$recoup" scan --events "$corpus/events.csv" "$corpus/835"
  measure "ReadAllText + Split" "$size" "$bytes" "$baselines" split "$corpus/835"
  measure "IndexOfAny(SearchValues)" "$size" "$bytes" "$baselines" indexofany "$corpus/835"
  measure "IndexOfAny(SearchValues), 2 threads" "$size" "$bytes" "$baselines" indexofany "$corpus/835" --parallel
done

# The table, and the growth from the first size to the last (10x the input should take at most 11x the time).
{
  echo "| Input | Tool | Wall (s) | MB/s | Peak RSS (MB) | RSS / input | Load before |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  awk -F'\t' '{ printf "| %s (%.0f MB) | %s | %.2f | %.1f | %.0f | %.2f× | %s |\n", $1, $3 / 1e6, $2, $4, $3 / 1e6 / $4, $5 / 1024, $5 * 1024 / $3, $6 }' "$results"
  first="$(echo "$sizes" | awk '{ print $1 }')"
  last="$(echo "$sizes" | awk '{ print $NF }')"
  if [[ "$first" != "$last" ]]; then
    echo
    echo "| Tool | Input ratio $last / $first | Time ratio | Time ratio / input ratio |"
    echo "|---|---:|---:|---:|"
    awk -F'\t' -v a="$first" -v b="$last" '
      $1 == a { ta[$2] = $4; ba[$2] = $3; order[++n] = $2 }
      $1 == b { tb[$2] = $4; bb[$2] = $3 }
      END { for (i = 1; i <= n; i++) { t = order[i]; if (t in tb) printf "| %s | %.2f | %.2f | %.2f |\n", t, bb[t] / ba[t], tb[t] / ta[t], (tb[t] / ta[t]) / (bb[t] / ba[t]) } }' "$results"
  fi
} | tee "$work/results.md"
