#!/usr/bin/env bash
# Compares `medtrace soup sbom --format cyclonedx` with cargo-cyclonedx on the same Cargo
# workspace: the set of components (name and version) each reports, and the time each
# takes, and writes the result to benches/sbom-results.md. See the section "SBOM against
# cargo-cyclonedx" in benches/README.md.
#
# cargo-cyclonedx writes one BOM per workspace member, resolved with `cargo metadata` for
# the host platform, without dev-dependencies; medtrace reads the lockfile and the
# manifests, and its SBOM marks dev-only components `scope: excluded`. The comparison is
# the union of cargo-cyclonedx's BOMs (members themselves left out) against medtrace's
# components that are not excluded.
#
# Usage: benches/sbom.sh [options]
#   --workspace DIR    the Cargo workspace, copied to a temporary folder (default: this
#                      repository at HEAD, exported with `git archive`)
#   --runs N           minimum hyperfine runs per command (default 10)
#   --results FILE     where to write the result (default benches/sbom-results.md)
# Needs cargo-cyclonedx (`cargo install cargo-cyclonedx --locked`), hyperfine and python3.
set -euo pipefail

start_dir=$PWD
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
invocation="benches/sbom.sh"
if (($#)); then invocation+=$(printf ' %q' "$@"); fi

workspace=""
runs=10
results=$repo/benches/sbom-results.md
while (($#)); do
    case $1 in
    --workspace) workspace=$(cd "$start_dir" && realpath "$2"); shift ;;
    --runs) runs=$2; shift ;;
    --results) results=$(cd "$start_dir" && realpath -m "$2"); shift ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "sbom.sh: unknown option $1 (try --help)" >&2
        exit 2
        ;;
    esac
    shift
done

for tool in cargo-cyclonedx hyperfine python3; do
    if ! command -v "$tool" > /dev/null; then
        echo "sbom.sh: $tool is missing" >&2
        exit 2
    fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ -z $workspace ]]; then
    workspace=$work/workspace
    mkdir -p "$workspace"
    git archive HEAD | tar -x -C "$workspace"
    label="medtrace at $(git rev-parse --short HEAD)"
else
    # A copy, without its build output, so cargo-cyclonedx writes its BOMs there and
    # not into the user's tree.
    label=$(basename "$workspace")
    mkdir -p "$work/workspace"
    tar --exclude=./target -C "$workspace" -cf - . | tar -x -C "$work/workspace"
    workspace=$work/workspace
fi

cargo build --release -q -p medtrace-cli
medtrace=$repo/target/release/medtrace

# A medtrace project over the workspace's lockfile, in its own folder so that the
# workspace's own medtrace.toml (if any) does not apply.
project=$work/project
mkdir -p "$project"
cp "$workspace/Cargo.lock" "$workspace/Cargo.toml" "$project/"
(cd "$workspace" && find . -name Cargo.toml -not -path './target/*' -not -path './Cargo.toml') |
    while read -r manifest; do
        mkdir -p "$project/$(dirname "$manifest")"
        cp "$workspace/$manifest" "$project/$manifest"
    done
printf '[project]\nname = "sbom comparison"\nclass = "A"\n\n[soup]\nlockfiles = ["Cargo.lock"]\n' \
    > "$project/medtrace.toml"

(cd "$workspace" && cargo cyclonedx --format json --all -q)
"$medtrace" -C "$project" soup sbom --format cyclonedx -o "$work/medtrace.cdx.json"

comparison=$(python3 - "$workspace" "$work/medtrace.cdx.json" << 'EOF'
import glob, json, sys
workspace, ours_path = sys.argv[1], sys.argv[2]
theirs, members = set(), set()
for path in glob.glob(f"{workspace}/**/*.cdx.json", recursive=True):
    bom = json.load(open(path))
    members.add(bom["metadata"]["component"]["name"])
    stack = list(bom.get("components", []))
    while stack:
        c = stack.pop()
        theirs.add((c["name"], c["version"]))
        stack.extend(c.get("components", []))
theirs = {c for c in theirs if c[0] not in members}
ours_all = json.load(open(ours_path))["components"]
ours = {(c["name"], c["version"]) for c in ours_all if c.get("scope") != "excluded"}
fmt = lambda s: ", ".join(f"{n} {v}" for n, v in sorted(s)) or "none"
print(f"- cargo-cyclonedx (union of the members' BOMs): {len(theirs)} components")
print(f"- medtrace: {len(ours)} components that ship, {len(ours_all) - len(ours)} dev-only (scope excluded)")
print(f"- in both: {len(theirs & ours)}")
print(f"- only cargo-cyclonedx: {fmt(theirs - ours)}")
print(f"- only medtrace: {fmt(ours - theirs)}")
EOF
)

hyperfine --warmup 2 --min-runs "$runs" --export-markdown "$work/times.md" \
    -n "cargo cyclonedx" "cd '$workspace' && cargo cyclonedx --format json --all -q" \
    -n "medtrace soup sbom" "'$medtrace' -C '$project' soup sbom --format cyclonedx -o '$work/out.json'" \
    > /dev/null

{
    echo "# SBOM: medtrace against cargo-cyclonedx"
    echo
    echo "Written by \`$invocation\` on $(date -u +%Y-%m-%d): $label, $(grep -c '^\[\[package\]\]' "$workspace/Cargo.lock") packages in Cargo.lock."
    echo "$(cargo cyclonedx --version 2>/dev/null || echo cargo-cyclonedx), $(hyperfine --version)."
    echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')."
    echo
    echo "## Components"
    echo
    echo "$comparison"
    echo
    echo "## Time"
    echo
    cat "$work/times.md"
} > "$results"
cat "$results"
