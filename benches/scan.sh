#!/usr/bin/env bash
# Times medtrace's trace-tag scan against ripgrep searching the same tree for the
# equivalent regular expression, and writes the result to benches/scan-results.md.
# The tree is, by default, the unpacked sources of every crate in cargo's registry
# source cache after a build of this workspace (hundreds of crates); nothing is copied.
# See the section "The tag scan against ripgrep" in benches/README.md.
#
# Usage: benches/scan.sh [options]
#   --dir DIR          the tree to scan (default: $CARGO_HOME/registry/src)
#   --runs N           minimum hyperfine runs per command (default 10)
#   --tagged           also time a copy of the tree (in a temporary folder) with a tagged
#                      test appended to every .rs file, so most files hold a tag
#   --results FILE     where to write the table (default benches/scan-results.md)
# Environment: SCAN_BIN times another scanner binary, called as `SCAN_BIN DIR`, instead
# of building the example `scan_tree` of medtrace-project.
set -euo pipefail

start_dir=$PWD
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
invocation="benches/scan.sh"
if (($#)); then invocation+=$(printf ' %q' "$@"); fi

dir=""
runs=10
tagged=0
results=$repo/benches/scan-results.md
while (($#)); do
    case $1 in
    --dir) dir=$(cd "$start_dir" && realpath "$2"); shift ;;
    --runs) runs=$2; shift ;;
    --tagged) tagged=1 ;;
    --results) results=$(cd "$start_dir" && realpath -m "$2"); shift ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "scan.sh: unknown option $1 (try --help)" >&2
        exit 2
        ;;
    esac
    shift
done

log() { printf '\n==> %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------
missing=()
command -v rg >/dev/null || missing+=(ripgrep)
command -v hyperfine >/dev/null || missing+=(hyperfine)
if ((${#missing[@]})); then
    log "installing ${missing[*]} with apt-get"
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v python3 >/dev/null || {
    echo "scan.sh: python3 is needed to read hyperfine's JSON" >&2
    exit 1
}

# --- build and tree ------------------------------------------------------------
target_dir=${CARGO_TARGET_DIR:-$repo/target}
if [[ -z $dir ]]; then
    # A build of the workspace unpacks every dependency into the registry source cache.
    log "cargo build --workspace (fills cargo's registry source cache)"
    cargo build --workspace --quiet
    dir=${CARGO_HOME:-$HOME/.cargo}/registry/src
fi
[[ -d $dir ]] || {
    echo "scan.sh: $dir is not a folder" >&2
    exit 1
}
if [[ -n ${SCAN_BIN:-} ]]; then
    scanner=$SCAN_BIN
    scanner_name="$SCAN_BIN"
else
    log "cargo build --release -p medtrace-project --example scan_tree"
    cargo build --release -p medtrace-project --example scan_tree
    scanner=$target_dir/release/examples/scan_tree
    scanner_name="target/release/examples/scan_tree"
fi
[[ -x $scanner ]] || {
    echo "scan.sh: $scanner not found" >&2
    exit 1
}

# The grammar of docs/src/tags.md as one regular expression, for comments that start
# their line (ripgrep's literal optimisation searches for the keywords either way).
regex='^\s*(//+!?|#+|--+|;+|%+|/\*+!?|\*|<!--|\{-|\(\*+|@?REM)\s*(implements|verifies):'
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
exports=$target_dir/bench
mkdir -p "$exports"
work=$(mktemp -d "${TMPDIR:-/tmp}/medtrace-scan.XXXXXX")
trap 'rm -rf "$work"' EXIT
rows=$work/rows.tsv
: >"$rows"
trees=("registry|$dir")
if ((tagged)); then
    log "copying the tree to $work/tagged and tagging every .rs file"
    cp -r "$dir" "$work/tagged"
    find "$work/tagged" -name '*.rs' -type f -print0 |
        xargs -0 -r -n 500 sh -c 'for f; do printf "\n// verifies: SRS-1, SRS-2\n#[test]\nfn tagged() {}\n" >>"$f"; done' sh
    sync
    trees+=("tagged|$work/tagged")
fi

cmdline() {
    local out="" w
    for w in "$@"; do out+="$(printf '%q' "$w") "; done
    printf '%s' "${out% }"
}

for tree in "${trees[@]}"; do
    name=${tree%%|*} tree_dir=${tree#*|}
    # --no-require-git: medtrace honours .gitignore files outside git repositories too
    # (the crates in the registry cache are not repositories): both walk the same files.
    rg_cmd=(rg --no-messages --no-require-git --count-matches "$regex" "$tree_dir")
    our_cmd=("$scanner" "$tree_dir")

    log "$name: measuring the tree"
    crates=$(find "$tree_dir" -mindepth 2 -maxdepth 2 -type d | wc -l)
    # The files both tools search: ripgrep's walk (.gitignore honoured, hidden skipped).
    read -r files bytes < <(rg --files --no-require-git -0 "$tree_dir" | python3 -c '
import os, sys
paths = [p for p in sys.stdin.buffer.read().split(b"\0") if p]
print(len(paths), sum(os.stat(p).st_size for p in paths))')

    # One checked run of each first: rg exits 1 when nothing matches, medtrace must exit 0.
    rc=0
    rg_matches=$("${rg_cmd[@]}" | awk -F: '{ n += $NF } END { print n + 0 }') || rc=$?
    if ((rc > 1)); then
        echo "scan.sh: rg failed (exit $rc)" >&2
        exit 1
    fi
    our_output=$("${our_cmd[@]}") || {
        echo "scan.sh: $scanner failed on $tree_dir" >&2
        exit 1
    }
    log "$name: rg found $rg_matches matching lines; medtrace: $our_output"

    log "$name: hyperfine"
    hyperfine --shell=none --warmup 2 --min-runs "$runs" --ignore-failure \
        --export-json "$exports/scan-$name.json" \
        --command-name "rg" "$(cmdline "${rg_cmd[@]}")" \
        --command-name "medtrace scan" "$(cmdline "${our_cmd[@]}")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$crates" "$files" "$bytes" "$rg_matches" \
        "$our_output" "$exports/scan-$name.json" >>"$rows"
done

# --- report --------------------------------------------------------------------
SCAN_DATE=$(date -u +%Y-%m-%d)
SCAN_NPROC=$(nproc)
SCAN_CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
SCAN_MEM_KB=$(awk '/^MemTotal/ { print $2 }' /proc/meminfo)
SCAN_OS=$(uname -sr)
SCAN_COMMIT=$(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)
SCAN_RG=$(rg --version | head -n 1)
SCAN_HYPERFINE=$(hyperfine --version)
SCAN_RUSTC=$(rustc --version)
SCAN_LOAD="$load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
SCAN_DIR=${dir/#$HOME/\~}
export SCAN_DATE SCAN_NPROC SCAN_CPU SCAN_MEM_KB SCAN_OS SCAN_COMMIT SCAN_RG SCAN_HYPERFINE \
    SCAN_RUSTC SCAN_LOAD SCAN_DIR
python3 - "$rows" "$results" "$invocation" "$regex" "$scanner_name" <<'PY'
import json, os, sys

rows_path, results_path, invocation, regex, scanner = sys.argv[1:]
env = os.environ
TARGET = 1.2
LABELS = {
    "registry": f"`{env['SCAN_DIR']}`",
    "tagged": "the same, a tagged test appended to every `.rs` file",
}

def mean_sd(r):
    return f"{r['mean'] * 1000:.1f} ± {(r['stddev'] or 0) * 1000:.1f} ms"

def span(r):
    return f"{r['min'] * 1000:.1f} … {r['max'] * 1000:.1f} ms"

trees = []
for line in open(rows_path):
    name, crates, files, nbytes, rg_matches, ours_out, path = line.rstrip("\n").split("\t")
    res = {r["command"]: r for r in json.load(open(path))["results"]}
    trees.append(dict(name=name, crates=int(crates), files=int(files), bytes=int(nbytes),
                      rg_matches=rg_matches, ours_out=ours_out, rg=res["rg"],
                      ours=res["medtrace scan"]))

lines = ["| tree | crates | files | MB | `rg` | medtrace scan | medtrace ÷ rg |",
         "|---|---:|---:|---:|---:|---:|---:|"]
for t in trees:
    t["ratio"] = t["ours"]["mean"] / t["rg"]["mean"]
    lines.append(f"| {LABELS[t['name']]} | {t['crates']:,} | {t['files']:,} | "
                 f"{t['bytes'] / 1e6:.1f} | {mean_sd(t['rg'])} | {mean_sd(t['ours'])} | "
                 f"**{t['ratio']:.2f}×** |")
table = "\n".join(lines)
main = trees[0]
verdict = "met" if main["ratio"] <= TARGET else "NOT met"
print()
print(table)
print(f"\nmedtrace ÷ rg on the registry tree = {main['ratio']:.2f}× "
      f"(target ≤ {TARGET}×: {verdict})")

mem_gib = int(env["SCAN_MEM_KB"]) / 1024 / 1024
doc = [
    "# Tag scan against ripgrep",
    "",
    f"Run on {env['SCAN_DATE']} (UTC) with `{invocation}`.",
    "",
    f"- Machine: {env['SCAN_NPROC']} CPUs (`nproc`), {env['SCAN_CPU']}, {mem_gib:.1f} GiB RAM; "
    f"{env['SCAN_OS']}; load average (1, 5, 15 min) {env['SCAN_LOAD']}",
    f"- medtrace at {env['SCAN_COMMIT']}; {env['SCAN_RUSTC']}; {env['SCAN_RG']}; "
    f"{env['SCAN_HYPERFINE']}",
    "",
    table,
    "",
    f"The target, on the registry tree, is at most {TARGET}×: **{verdict}**. Times are "
    "wall-clock, mean ± σ over the hyperfine runs, page cache warm.",
    "",
    "Commands timed (`DIR` is the tree):",
    "",
    f"- `rg`: `rg --no-messages --no-require-git --count-matches '{regex}' DIR`",
    f"- medtrace scan: `{scanner} DIR`",
    "",
    "| tree | runs (`rg`, medtrace) | min … max `rg` | min … max medtrace | `rg` found | medtrace found |",
    "|---|---:|---:|---:|---|---|",
]
for t in trees:
    doc.append(f"| {t['name']} | {len(t['rg']['times'])}, {len(t['ours']['times'])} | "
               f"{span(t['rg'])} | {span(t['ours'])} | {t['rg_matches']} matching lines | "
               f"{t['ours_out']} |")
doc += ["", "What the columns mean: see [README.md](README.md#the-tag-scan-against-ripgrep).", ""]
with open(results_path, "w") as out:
    out.write("\n".join(doc))
print(f"written to {os.path.relpath(results_path)}; hyperfine JSON in target/bench/",
      file=sys.stderr)
PY
