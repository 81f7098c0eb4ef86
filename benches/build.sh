#!/usr/bin/env bash
# Benchmarks `medtrace build --html` on generated projects of 1k, 10k and 50k items:
# a fresh build into a new folder, and a rebuild over the previous site (the usual case:
# every file compared, none changed). Prints a Markdown table and writes it to
# benches/build-results.md. The summary line of each build also splits out the time to
# read the records and to render the site.
#
# Usage: benches/build.sh [options]
#   --sizes "N ..."    project sizes in items (default "1000 10000 50000")
#   --runs N           hyperfine runs per case (default 5)
#   --out-dir DIR      where the sites are written (default: the temporary folder; a
#                      tmpfs such as /dev/shm takes the disk out of the figures)
#   --seed S           generator seed (default 62304)
#   --results FILE     where to write the table (default benches/build-results.md)
#   --keep             keep the temporary folder
#   --peers            also time StrictDoc's HTML export of the same items (installed
#                      into a venv; sizes up to --peer-max, one timed run each)
#   --peer-max N       largest size StrictDoc is run on (default 10000)
# Environment: MEDTRACE_BIN benchmarks another medtrace binary.
set -euo pipefail

start_dir=$PWD
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
invocation="benches/build.sh"
if (($#)); then invocation+=$(printf ' %q' "$@"); fi
sizes="1000 10000 50000"
runs=5
seed=62304
keep=0
peers=0
peer_max=10000
out_dir=""
results=$repo/benches/build-results.md
while (($#)); do
    case $1 in
    --sizes) sizes=$2; shift ;;
    --runs) runs=$2; shift ;;
    --out-dir) out_dir=$(cd "$start_dir" && realpath -m "$2"); shift ;;
    --seed) seed=$2; shift ;;
    --results) results=$(cd "$start_dir" && realpath -m "$2"); shift ;;
    --keep) keep=1 ;;
    --peers) peers=1 ;;
    --peer-max) peer_max=$2; shift ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "build.sh: unknown option $1 (try --help)" >&2
        exit 2
        ;;
    esac
    shift
done

log() { printf '\n==> %s\n' "$*" >&2; }
target_dir=${CARGO_TARGET_DIR:-$repo/target}
if [[ -n ${MEDTRACE_BIN:-} ]]; then
    cargo build -q --release -p xtask
    medtrace=$MEDTRACE_BIN
else
    log "cargo build --release -p medtrace-cli -p xtask"
    cargo build -q --release -p medtrace-cli -p xtask
    medtrace=$target_dir/release/medtrace
fi
xtask=$target_dir/release/xtask
have_hyperfine=0
command -v hyperfine >/dev/null && have_hyperfine=1

work=$(mktemp -d "${TMPDIR:-/tmp}/medtrace-build-bench.XXXXXX")
[[ -n $out_dir ]] || out_dir=$work/out
mkdir -p "$out_dir"
sites=$(mktemp -d "$out_dir/sites.XXXXXX")
cleanup() {
    rm -rf "$sites"
    if ((keep)); then echo "build.sh: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# Mean and standard deviation in seconds of `runs` runs of a command; `prepare` runs
# before each (not timed).
measure() {
    local name=$1 prepare=$2
    shift 2
    if ((have_hyperfine)); then
        hyperfine --shell=bash --warmup 1 --runs "$runs" --prepare "$prepare" \
            --export-json "$work/$name.json" "$*" >&2
        python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print('%.3f %.3f' % (r['mean'], r['stddev'] or 0))" "$work/$name.json"
    else
        local total=0 t0 t1
        for _ in $(seq "$runs"); do
            bash -c "$prepare"
            t0=$(date +%s.%N); bash -c "$*" >/dev/null; t1=$(date +%s.%N)
            total=$(echo "$total + $t1 - $t0" | bc -l)
        done
        printf '%.3f -\n' "$(echo "$total / $runs" | bc -l)"
    fi
}

rows=""
for n in $sizes; do
    dir=$work/gen-$n
    log "$n items: generating"
    "$xtask" gen --items "$n" --out "$dir" --seed "$seed" >/dev/null
    sync
    site=$sites/site-$n
    read -r fresh fresh_sd < <(measure "fresh-$n" "rm -rf '$site'; sync" "'$medtrace' -C '$dir' build --html '$site' >/dev/null")
    read -r again again_sd < <(measure "rebuild-$n" "true" "'$medtrace' -C '$dir' build --html '$site' >/dev/null")
    summary=$("$medtrace" -C "$dir" build --html "$site")
    files=$(find "$site" -type f | wc -l)
    bytes=$(du -sb "$site" | cut -f1)
    split=$(grep -o '(reading.*)' <<<"$summary" | tr -d '()')
    rows+="| $n | $files | $((bytes / 1000000)) MB | $fresh ± $fresh_sd | $again ± $again_sd | $split |"$'\n'
done

# StrictDoc's HTML export of the same items, from an empty folder so that no
# configuration file is picked up; its output folder (and with it its parse cache) is
# deleted before the run.
peer_rows=""
strictdoc_version=""
if ((peers)); then
    log "installing StrictDoc into $work/venv"
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet --disable-pip-version-check strictdoc
    strictdoc_version=$("$work/venv/bin/pip" show strictdoc | awk '/^Version/ { print $2 }')
    mkdir -p "$work/cwd"
    for n in $sizes; do
        ((n <= peer_max)) || continue
        gen_dir=$work/strictdoc-$n
        "$xtask" gen --items "$n" --out "$gen_dir" --format strictdoc --seed "$seed" >/dev/null
        sync
        out=$sites/strictdoc-out-$n
        rm -rf "$out"
        log "strictdoc export --formats html, $n items"
        t0=$(date +%s.%N)
        rc=0
        (cd "$work/cwd" && timeout 900 "$work/venv/bin/strictdoc" export "$gen_dir" \
            --formats html --output-dir "$out" >"$work/strictdoc-$n.log" 2>&1) || rc=$?
        t1=$(date +%s.%N)
        ours=$(grep "^| $n |" <<<"$rows" | cut -d'|' -f5 | awk '{ print $1 }')
        if ((rc != 0)); then
            tail -5 "$work/strictdoc-$n.log" >&2
            peer_rows+="| $n | — | failed (exit $rc) | $ours | — |"$'\n'
            continue
        fi
        peer_files=$(find "$out" -type f | wc -l)
        peer_seconds=$(python3 -c "print('%.1f' % ($t1 - $t0))")
        ratio=$(python3 -c "print(round(($t1 - $t0) / $ours))")
        peer_rows+="| $n | $peer_files | $peer_seconds | $ours | ${ratio}× |"$'\n'
    done
fi
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

table="| items | files | size | fresh build (s) | rebuild, nothing changed (s) | one rebuild: reading, rendering and writing |
|---:|---:|---:|---:|---:|---|
$rows"
{
    echo "# \`medtrace build --html\` benchmark"
    echo
    echo "Generated by \`$invocation\` on $(nproc) cores ($(uname -m)), $(date -u +%Y-%m-%d)."
    echo "medtrace: $("$medtrace" --version). Sites written to $( [[ $out_dir == /dev/shm* ]] && echo "a tmpfs" || echo "the disk" )."
    echo "Load average before/after: $load_start / $load_end."
    echo
    echo "$table"
    echo "A fresh build writes every file into a new folder renamed into place at the end; a"
    echo "rebuild compares each file with the one on disk and rewrites only those that differ."
    if [[ -n $peer_rows ]]; then
        echo
        echo "StrictDoc $strictdoc_version (Python $(python3 -c 'import platform; print(platform.python_version())')), \`strictdoc export DIR --formats html\`"
        echo "on the same items (\`xtask gen --format strictdoc\`, same seed), one run each, written"
        echo "where the sites are, against medtrace's fresh build:"
        echo
        echo "| items | StrictDoc files | StrictDoc (s) | medtrace (s) | StrictDoc ÷ medtrace |"
        echo "|---:|---:|---:|---:|---:|"
        printf '%s' "$peer_rows"
    fi
} >"$results"
echo "$table"
echo "build.sh: wrote $results" >&2
