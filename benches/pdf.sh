#!/usr/bin/env bash
# Times the PDF document set of `medtrace build --pdf` on the bundled example and on
# generated projects (xtask gen), and writes a Markdown table to benches/pdf-results.md.
#
# Usage: benches/pdf.sh [--sizes "N ..."] [--runs N] [--results FILE]
#   --sizes   generated project sizes in items (default "1000 10000")
#   --runs    runs per project; the table shows the fastest and the mean (default 3;
#             projects of 10,000 items or more are run once)
# Builds target/release/medtrace with --features pdf and target/release/xtask first.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
sizes="1000 10000"
runs=3
results=$repo/benches/pdf-results.md
while (($#)); do
    case $1 in
    --sizes) sizes=$2; shift ;;
    --runs) runs=$2; shift ;;
    --results) results=$2; shift ;;
    *) echo "pdf.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

cargo build --release -p medtrace-cli --features pdf -p xtask
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
bin=$target_dir/release/medtrace
xtask=$target_dir/release/xtask
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# time_build NAME DIR: runs `medtrace build --pdf` in DIR $runs times; prints a table row.
time_build() {
    local name=$1 dir=$2 n_runs=${3:-$runs} best="" total=0 t0 t1 ms rss=0 r_kb
    for ((r = 0; r < n_runs; r++)); do
        rm -rf "$work/out"
        t0=$(date +%s%N)
        (cd "$dir" && SOURCE_DATE_EPOCH=1790000000 /usr/bin/time -f "%M" -o "$work/rss" \
            "$bin" build --pdf "$work/out" >/dev/null)
        t1=$(date +%s%N)
        r_kb=$(tail -1 "$work/rss")
        ((r_kb > rss)) && rss=$r_kb
        ms=$(((t1 - t0) / 1000000))
        total=$((total + ms))
        if [[ -z $best || $ms -lt $best ]]; then best=$ms; fi
    done
    local docs pages bytes
    docs=$(ls "$work/out"/*.pdf | wc -l)
    pages=0
    for f in "$work/out"/*.pdf; do
        pages=$((pages + $(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ { print $2 }')))
    done
    bytes=$(du -sk "$work/out" | cut -f1)
    printf '| %s | %d | %d | %d KiB | %d | %.2f s | %.2f s | %d MiB |\n' "$name" "$docs" "$pages" \
        "$bytes" "$n_runs" "$(echo "$best / 1000" | bc -l)" \
        "$(echo "$total / $n_runs / 1000" | bc -l)" "$((rss / 1024))"
}

{
    echo "# PDF document set: build times"
    echo
    echo "\`benches/pdf.sh --sizes \"$sizes\" --runs $runs\` on $(nproc) cores, $(uname -m);"
    echo "\`medtrace build --pdf\` (release build with \`--features pdf\`), loading, checking and"
    echo "typesetting every document (a long one in several volumes, one file each). Fastest of"
    echo "the runs, the mean, and the peak memory."
    echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo "| project | PDF files | pages | size | runs | fastest | mean | peak RSS |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    time_build "examples/infusion-pump" "$repo/examples/infusion-pump"
    for n in $sizes; do
        "$xtask" gen --items "$n" --out "$work/gen-$n" --seed 62304 >/dev/null
        time_build "generated, $n items" "$work/gen-$n" "$((n >= 10000 ? 1 : runs))"
    done
} | tee "$results"
