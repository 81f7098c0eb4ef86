#!/usr/bin/env bash
# Renders pages of the example's HTML site in headless chromium from file:// and checks
# them: the dashboard, an item page and the risk page at desktop (1280 px) and phone
# (390 px) widths must not be blank, and the search must find an item (a query given in
# the address, `#q=...`, read back with --dump-dom). Skips (exit 0, with a note) where
# chromium is not installed; `apt-get install -y chromium` installs it as root.
#
# Usage: tests/browser/site.sh [--keep]
#   --keep   keep the temporary folder with the site and the screenshots
# Environment: MEDTRACE_BIN uses that binary instead of building target/debug/medtrace.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
keep=0
[[ ${1:-} == --keep ]] && keep=1

chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z $chromium ]]; then
    echo "note: skipped, chromium is not installed (apt-get install -y chromium)" >&2
    exit 0
fi
if [[ -z ${MEDTRACE_BIN:-} ]]; then
    (cd "$repo" && cargo build -q -p medtrace-cli)
    MEDTRACE_BIN=$repo/target/debug/medtrace
fi

work=$(mktemp -d)
if ((keep)); then echo "keeping $work" >&2; else trap 'rm -rf "$work"' EXIT; fi
SOURCE_DATE_EPOCH=1790000000 "$MEDTRACE_BIN" -C "$repo/examples/infusion-pump" build --html "$work/site" >/dev/null
site=$work/site

browse() {
    local profile
    profile=$(mktemp -d "$work/profile.XXXX")
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$profile" "$@" 2>/dev/null
}

fail=0
for page in index.html items/SRS-001.html risk.html; do
    for size in 1280,1000 390,1400; do
        shot="$work/$(echo "$page" | tr / _)-${size%%,*}.png"
        browse --window-size="$size" --screenshot="$shot" "file://$site/$page" >/dev/null
        # A blank page is one colour; a rendered one has text, rules and tables.
        colours=$(python3 -c "
import sys
try:
    from PIL import Image
except ImportError:
    print(999); sys.exit()
im = Image.open(sys.argv[1]).convert('RGB').resize((160, 160))
print(len(set(im.getdata())))" "$shot" 2>/dev/null || echo 0)
        if [[ ! -s $shot ]] || ((colours < 8)); then
            echo "FAIL $page at ${size%%,*} px: blank ($colours colours)" >&2
            fail=1
        else
            echo "ok   $page at ${size%%,*} px ($colours colours) $shot"
        fi
    done
done

dom=$(browse --virtual-time-budget=5000 --dump-dom "file://$site/index.html#q=occlusion")
if grep -q 'id="results"' <<<"$dom" && grep -Eq '[0-9]+ match' <<<"$dom" && grep -q 'items/HAZ-00' <<<"$dom"; then
    echo "ok   search for 'occlusion' lists $(grep -Eo '[0-9]+ match(es)?' <<<"$dom" | head -1)"
else
    echo "FAIL search: no results in the DOM" >&2
    fail=1
fi
exit $fail
