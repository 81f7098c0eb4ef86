#!/usr/bin/env bash
# Benchmarks `medtrace check` on generated projects of 1k, 10k and 50k items
# against the time to merely read the same files, and with --peers also times
# StrictDoc and Doorstop on the same items. Prints a Markdown table and writes it
# to benches/results.md. See benches/README.md for what each number means.
#
# Usage: benches/bench.sh [options]
#   --peers            also time StrictDoc and Doorstop (installed into a venv)
#   --sizes "N ..."    project sizes in items (default "1000 10000 50000")
#   --runs N           minimum hyperfine runs for medtrace and the baseline (default 10)
#   --peer-runs N      hyperfine runs per peer tool (default 10 up to 1k items, else 3)
#   --peer-limit S     skip a peer at a size where one run takes longer than S
#                      seconds, measured or extrapolated linearly (default 300)
#   --seed S           generator seed (default 62304)
#   --results FILE     where to write the table (default benches/results.md)
#   --keep             keep the temporary folder with the generated projects
# Environment: MEDTRACE_BIN benchmarks another medtrace binary instead of building
# target/release/medtrace (e.g. a build of another commit).
set -euo pipefail

start_dir=$PWD
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
invocation="benches/bench.sh"
if (($#)); then invocation+=$(printf ' %q' "$@"); fi

peers=0
sizes="1000 10000 50000"
runs=10
peer_runs=""
peer_limit=300
seed=62304
keep=0
results=$repo/benches/results.md
while (($#)); do
    case $1 in
    --peers) peers=1 ;;
    --sizes) sizes=$2; shift ;;
    --runs) runs=$2; shift ;;
    --peer-runs) peer_runs=$2; shift ;;
    --peer-limit) peer_limit=$2; shift ;;
    --seed) seed=$2; shift ;;
    --results) results=$(cd "$start_dir" && realpath -m "$2"); shift ;;
    --keep) keep=1 ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "bench.sh: unknown option $1 (try --help)" >&2
        exit 2
        ;;
    esac
    shift
done

log() { printf '\n==> %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]})); then
    log "installing ${missing[*]} with apt-get"
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v python3 >/dev/null || {
    echo "bench.sh: python3 is needed to read hyperfine's JSON" >&2
    exit 1
}

# --- build -------------------------------------------------------------------
target_dir=${CARGO_TARGET_DIR:-$repo/target}
if [[ -n ${MEDTRACE_BIN:-} ]]; then
    log "cargo build --release -p xtask (medtrace: $MEDTRACE_BIN)"
    cargo build --release -p xtask
    medtrace=$MEDTRACE_BIN
else
    log "cargo build --release -p medtrace-cli -p xtask"
    cargo build --release -p medtrace-cli -p xtask
    medtrace=$target_dir/release/medtrace
fi
xtask=$target_dir/release/xtask
[[ -x $medtrace ]] || {
    echo "bench.sh: $medtrace not found" >&2
    exit 1
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d "${TMPDIR:-/tmp}/medtrace-bench.XXXXXX")
cleanup() {
    if ((keep)); then
        echo "bench.sh: kept $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
exports=$target_dir/bench
mkdir -p "$exports"
rows=$work/rows.tsv
: >"$rows"

# One command line for hyperfine --shell=none, each word quoted for its parser.
cmdline() {
    local out="" w
    for w in "$@"; do out+="$(printf '%q' "$w") "; done
    printf '%s' "${out% }"
}

# Peak RSS in KiB of one run, from /usr/bin/time -v (the command may exit 1).
peak_rss() {
    /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>&1 || true
    awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt"
}

# --- medtrace against the read baseline ---------------------------------------
for n in $sizes; do
    dir=$work/medtrace-$n
    log "$n items: generating"
    "$xtask" gen --items "$n" --out "$dir" --seed "$seed"
    sync # let the kernel write the new files back now, not during the timed runs
    read -r files bytes < <("$xtask" read "$dir" | awk '{ print $2 }' | paste -sd' ')

    # One checked run first: it must exit 0 (clean) or 1 (findings), never crash.
    rc=0
    "$medtrace" check -C "$dir" --format short >"$work/check-$n.txt" 2>&1 || rc=$?
    if ((rc > 1)); then
        echo "bench.sh: medtrace check exited $rc on $dir:" >&2
        head -n 20 "$work/check-$n.txt" >&2
        exit 1
    fi
    findings=$(grep -c . "$work/check-$n.txt" || true)
    ((findings == 0)) || echo "bench.sh: warning: medtrace check reported $findings lines on the generated project" >&2

    log "$n items: hyperfine"
    hyperfine --shell=none --warmup 2 --min-runs "$runs" --ignore-failure \
        --export-json "$exports/medtrace-$n.json" \
        --command-name "medtrace check" "$(cmdline "$medtrace" check -C "$dir" --format short)" \
        --command-name "read baseline" "$(cmdline "$xtask" read "$dir")"

    rss=0
    for _ in 1 2 3; do
        r=$(peak_rss "$medtrace" check -C "$dir" --format short)
        if ((r > rss)); then rss=$r; fi
    done
    printf 'size\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$files" "$bytes" "$findings" "$rss" \
        "$exports/medtrace-$n.json" >>"$rows"
done

# --- peers ---------------------------------------------------------------------
strictdoc_version="" doorstop_version=""
if ((peers)); then
    log "installing StrictDoc and Doorstop into $work/venv"
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet --disable-pip-version-check strictdoc doorstop
    strictdoc_version=$("$work/venv/bin/pip" show strictdoc | awk '/^Version/ { print $2 }')
    doorstop_version=$("$work/venv/bin/pip" show doorstop | awk '/^Version/ { print $2 }')
    # Run the peers from an empty folder, so that no configuration file is picked up.
    mkdir -p "$work/cwd"
    cd "$work/cwd"

    declare -A last_mean last_n
    for n in $sizes; do
        runs_n=${peer_runs:-$((n <= 1000 ? 10 : 3))}
        for tool in strictdoc doorstop; do
            # Skip when the previous size's mean, scaled linearly, is over the limit.
            if [[ -n ${last_mean[$tool]:-} ]]; then
                estimate=$(python3 -c "print(int(${last_mean[$tool]} * $n / ${last_n[$tool]}))")
                if ((estimate > peer_limit)); then
                    log "$tool $n: skipped, about ${estimate} s per run (linear from ${last_n[$tool]})"
                    printf 'peer\t%s\t%s\t-\t-\t-\tskipped: about %s min per run\n' "$tool" "$n" \
                        "$(((estimate + 30) / 60))" >>"$rows"
                    continue
                fi
            fi
            gen_dir=$work/$tool-$n
            "$xtask" gen --items "$n" --out "$gen_dir" --format "$tool" --seed "$seed"
            sync
            if [[ $tool == strictdoc ]]; then
                out_dir=$work/strictdoc-out-$n
                cmd=("$work/venv/bin/strictdoc" export "$gen_dir" --formats json --output-dir "$out_dir")
                prepare=(--prepare "$(cmdline rm -rf "$out_dir")")
                limit=$peer_limit
            else
                cmd=("$work/venv/bin/doorstop" -j "$gen_dir" -F)
                prepare=()
                # The first run reviews every item and stamps every link, and writes
                # them back: that is the untimed set-up run, allowed twice the limit.
                limit=$((2 * peer_limit))
            fi
            log "$tool $n: first run (at most $limit s)"
            rc=0
            start=$(date +%s)
            [[ $tool == strictdoc ]] && rm -rf "$out_dir"
            timeout "$limit" "${cmd[@]}" >"$work/$tool-$n.log" 2>&1 || rc=$?
            if ((rc == 124)); then
                printf 'peer\t%s\t%s\t-\t-\t-\tskipped: first run over %s min\n' "$tool" "$n" \
                    "$((limit / 60))" >>"$rows"
                last_mean[$tool]=$limit last_n[$tool]=$n
                continue
            elif ((rc != 0)); then
                echo "bench.sh: $tool failed on $gen_dir (exit $rc):" >&2
                tail -n 20 "$work/$tool-$n.log" >&2
                exit 1
            fi
            log "$tool $n: first run took $(($(date +%s) - start)) s; hyperfine, $runs_n runs"
            # Runs wrapped in /usr/bin/time to record each run's peak RSS as well.
            : >"$work/rss-$tool-$n.txt"
            hyperfine --shell=none --runs "$runs_n" "${prepare[@]}" \
                --export-json "$exports/$tool-$n.json" --command-name "$tool" \
                "$(cmdline /usr/bin/time -f %M -a -o "$work/rss-$tool-$n.txt" "${cmd[@]}")"
            rss=$(sort -n "$work/rss-$tool-$n.txt" | tail -n 1)
            warm="-"
            if [[ $tool == strictdoc ]]; then
                # The same export with StrictDoc's parse cache left in place.
                hyperfine --shell=none --runs "$runs_n" --warmup 1 \
                    --export-json "$exports/strictdoc-cached-$n.json" \
                    --command-name "strictdoc (cache warm)" "$(cmdline "${cmd[@]}")"
                warm=$exports/strictdoc-cached-$n.json
            fi
            printf 'peer\t%s\t%s\t%s\t%s\t%s\t-\n' "$tool" "$n" "$exports/$tool-$n.json" "$rss" \
                "$warm" >>"$rows"
            last_mean[$tool]=$(python3 -c "import json;print(json.load(open('$exports/$tool-$n.json'))['results'][0]['mean'])")
            last_n[$tool]=$n
        done
    done
    cd "$repo"
fi

# --- report --------------------------------------------------------------------
BENCH_DATE=$(date -u +%Y-%m-%d)
BENCH_NPROC=$(nproc)
BENCH_CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
BENCH_MEM_KB=$(awk '/^MemTotal/ { print $2 }' /proc/meminfo)
BENCH_OS=$(uname -sr)
BENCH_COMMIT=$(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)
BENCH_MEDTRACE=$("$medtrace" --version 2>/dev/null || echo medtrace)
BENCH_HYPERFINE=$(hyperfine --version)
BENCH_RUSTC=$(rustc --version)
BENCH_PYTHON=$(python3 --version)
BENCH_STRICTDOC=$strictdoc_version
BENCH_DOORSTOP=$doorstop_version
BENCH_INVOCATION=$invocation
BENCH_PEERS=$peers
BENCH_SEED=$seed
BENCH_EXPORTS=$exports
BENCH_LOAD="$load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
export BENCH_DATE BENCH_NPROC BENCH_CPU BENCH_MEM_KB BENCH_OS BENCH_COMMIT BENCH_MEDTRACE \
    BENCH_HYPERFINE BENCH_RUSTC BENCH_PYTHON BENCH_STRICTDOC BENCH_DOORSTOP BENCH_INVOCATION \
    BENCH_PEERS BENCH_SEED BENCH_LOAD BENCH_EXPORTS
python3 - "$rows" "$results" <<'PY'
import json, os, sys

rows_path, results_path = sys.argv[1], sys.argv[2]
env = os.environ
sizes, peers = [], {}
for line in open(rows_path):
    f = line.rstrip("\n").split("\t")
    if f[0] == "size":
        n, files, nbytes, findings, rss, path = f[1:]
        res = {r["command"]: r for r in json.load(open(path))["results"]}
        sizes.append(dict(n=int(n), files=int(files), bytes=int(nbytes),
                          findings=int(findings), rss=int(rss),
                          check=res["medtrace check"], read=res["read baseline"]))
    else:
        tool, n, path, rss, warm, note = f[1:]
        entry = dict(note=note if note != "-" else None)
        if path != "-":
            entry["run"] = json.load(open(path))["results"][0]
            entry["rss"] = int(rss)
            if warm != "-":
                entry["warm"] = json.load(open(warm))["results"][0]
        peers[(tool, int(n))] = entry

def dur(sec):
    if sec < 1:
        return f"{sec * 1000:.1f} ms"
    return f"{sec:.2f} s"

def mean_sd(r):
    m, sd = r["mean"], r["stddev"] or 0.0
    if m < 1:
        return f"{m * 1000:.1f} ± {sd * 1000:.1f} ms"
    return f"{m:.2f} ± {sd:.2f} s"

def times(x):
    return f"{x:,.0f}×" if x >= 100 else f"{x:.1f}×" if x >= 10 else f"{x:.2f}×"

def mib(kb):
    return f"{kb / 1024:.0f} MiB"

with_peers = env.get("BENCH_PEERS") == "1"
head = ["items", "files", "MB", "`medtrace check`", "read baseline", "check ÷ read", "peak RSS"]
if with_peers:
    head += ["StrictDoc", "÷ medtrace", "Doorstop", "÷ medtrace"]
lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
for s in sizes:
    check = s["check"]["mean"]
    cells = [f"{s['n']:,}", f"{s['files']:,}", f"{s['bytes'] / 1e6:.1f}",
             mean_sd(s["check"]), mean_sd(s["read"]),
             times(check / s["read"]["mean"]), mib(s["rss"])]
    if with_peers:
        for tool in ("strictdoc", "doorstop"):
            p = peers.get((tool, s["n"]))
            if p is None:
                cells += ["—", "—"]
            elif "run" in p:
                cells += [mean_sd(p["run"]), times(p["run"]["mean"] / check)]
            else:
                cells += [p["note"], "—"]
    lines.append("| " + " | ".join(cells) + " |")
table = "\n".join(lines)

details = ""
if with_peers and any("run" in p for p in peers.values()):
    d = ["| tool | items | runs | mean ± σ | min … max | peak RSS | cache warm |",
         "|---|---:|---:|---:|---:|---:|---:|"]
    for (tool, n), p in sorted(peers.items(), key=lambda kv: (kv[0][0] != "strictdoc", kv[0])):
        if "run" not in p:
            continue
        r = p["run"]
        warm = mean_sd(p["warm"]) if "warm" in p else "—"
        name = {"strictdoc": "StrictDoc", "doorstop": "Doorstop"}[tool]
        d.append(f"| {name} | {n:,} | {len(r['times'])} | {mean_sd(r)} | "
                 f"{dur(r['min'])} … {dur(r['max'])} | {mib(p['rss'])} | {warm} |")
    details = "\n".join(d)

print()
print(table)
if details:
    print()
    print(details)

mem_gib = int(env["BENCH_MEM_KB"]) / 1024 / 1024
doc = [
    "# Benchmark results",
    "",
    f"Run on {env['BENCH_DATE']} (UTC) with `{env['BENCH_INVOCATION']}`.",
    "",
    f"- Machine: {env['BENCH_NPROC']} CPUs (`nproc`), {env['BENCH_CPU']}, "
    f"{mem_gib:.1f} GiB RAM; {env['BENCH_OS']}; load average (1, 5, 15 min) "
    f"{env['BENCH_LOAD']}",
    f"- medtrace: {env['BENCH_MEDTRACE']} at {env['BENCH_COMMIT']}; {env['BENCH_RUSTC']}",
    f"- {env['BENCH_HYPERFINE']}; generator seed {env['BENCH_SEED']}",
]
if with_peers:
    doc.append(f"- StrictDoc {env['BENCH_STRICTDOC']}, Doorstop {env['BENCH_DOORSTOP']}, "
               f"{env['BENCH_PYTHON']}")
doc += ["", table, ""]
if details:
    doc += ["Peer runs in detail (peak RSS of the largest single process; cache warm: "
            "StrictDoc with its parse cache from the previous run left in place):", "",
            details, ""]
findings = [s for s in sizes if s["findings"]]
if findings:
    doc += ["**Warning:** medtrace reported findings on the generated projects ("
            + ", ".join(f"{s['findings']} lines at {s['n']:,}" for s in findings)
            + "), so these runs include reporting them.", ""]
doc += ["Commands timed (`DIR` is the generated project of that size):", "",
        "- `medtrace check`: `target/release/medtrace check -C DIR --format short` "
        "(exit code 0 or 1 accepted)",
        "- read baseline: `target/release/xtask read DIR` (walk with the `ignore` crate, "
        "read every `.md` file, 2 threads)"]
if with_peers:
    doc += ["- StrictDoc: `strictdoc export DIR --formats json --output-dir OUT`, OUT (and with "
            "it StrictDoc's parse cache) deleted before each run",
            "- Doorstop: `doorstop -j DIR -F` (validate without reformatting), after one untimed "
            "run that reviews every item and stamps every link"]
doc += ["", "What the columns mean: see [README.md](README.md).", ""]
with open(results_path, "w") as out:
    out.write("\n".join(doc))
shown = os.path.relpath(results_path)
if shown.startswith(".."):
    shown = results_path
print(f"\nwritten to {shown}; hyperfine JSON in {os.environ['BENCH_EXPORTS']}", file=sys.stderr)
PY
