#!/usr/bin/env bash
# Checks the PDF documents of `medtrace build --pdf` page by page with poppler-utils:
#   - every page renders (pdftoppm) and none is blank: each has text or drawing inside
#     its margins beyond the header and footer;
#   - nothing runs off the page: every word box of `pdftotext -bbox` lies within the page
#     less a 5 mm edge and between the side margins (a word that overflows its table
#     cell ends up there), and a 4 mm strip along each edge of the rendered page is white.
#
# Usage: crates/medtrace-docs/tests/check-pdfs.sh [DIR]
#   With DIR, checks the PDFs in it. Without, builds the example's set with
#   target/debug/medtrace (build it first: cargo build -p medtrace-cli --features pdf)
#   into a temporary folder and checks that, twice, and that the two builds are
#   byte-identical. Needs pdftoppm, pdftotext, pdfinfo (apt-get install poppler-utils)
#   and python3. Exits 1 on any problem, printing each.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
for tool in pdftoppm pdftotext pdfinfo python3; do
    command -v "$tool" >/dev/null || { echo "check-pdfs.sh: needs $tool" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if (($#)); then
    dir=$1
else
    bin=${MEDTRACE_BIN:-$repo/target/debug/medtrace}
    [[ -x $bin ]] || { echo "check-pdfs.sh: no $bin; cargo build -p medtrace-cli --features pdf" >&2; exit 2; }
    for run in 1 2; do
        (cd "$repo/examples/infusion-pump" && SOURCE_DATE_EPOCH=1790000000 "$bin" build --pdf "$work/pdf$run" >/dev/null)
    done
    if ! diff -r "$work/pdf1" "$work/pdf2" >/dev/null; then
        echo "two builds of the same revision differ:" >&2
        diff -rq "$work/pdf1" "$work/pdf2" >&2 || true
        exit 1
    fi
    dir=$work/pdf1
fi

shopt -s nullglob
pdfs=("$dir"/*.pdf)
((${#pdfs[@]})) || { echo "check-pdfs.sh: no PDF in $dir" >&2; exit 1; }

status=0
for pdf in "${pdfs[@]}"; do
    name=$(basename "$pdf" .pdf)
    pdftotext -bbox "$pdf" "$work/$name.html"
    pdftoppm -r 40 -gray "$pdf" "$work/$name"
    python3 - "$pdf" "$work/$name.html" "$work" "$name" <<'EOF' || status=1
import glob, re, sys

pdf, bbox, work, name = sys.argv[1:]
MM = 72 / 25.4
problems = []
pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', open(bbox, encoding="utf-8").read(), re.S)
for n, (w, h, body) in enumerate(pages, 1):
    w, h = float(w), float(h)
    words = [tuple(map(float, m)) for m in re.findall(r'xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)"', body)]
    for x0, y0, x1, y1 in words:
        if x0 < 5 * MM or y0 < 5 * MM or x1 > w - 5 * MM or y1 > h - 5 * MM:
            problems.append(f"page {n}: text at ({x0:.0f},{y0:.0f})-({x1:.0f},{y1:.0f}) runs off the page ({w:.0f}x{h:.0f})")
            break
    # Text, header and footer included, stays between the 22 mm side margins (1 mm of
    # slack): a word past them has overflowed its table cell or line.
    for x0, y0, x1, y1 in words:
        if x0 < 21 * MM or x1 > w - 21 * MM:
            problems.append(f"page {n}: text at ({x0:.0f},{y0:.0f})-({x1:.0f},{y1:.0f}) runs into the side margin")
            break
    # The body lies between the header (27 mm) and the footer (25 mm).
    inside = [b for b in words if b[1] > 27 * MM and b[3] < h - 25 * MM]
    if not inside:
        problems.append(f"page {n}: no text in the body")

def pgm(path):
    data = open(path, "rb").read()
    parts = data.split(maxsplit=4)
    width, height = int(parts[1]), int(parts[2])
    return width, height, parts[4][-width * height:]

images = sorted(glob.glob(f"{work}/{name}-*.pgm"))
if len(images) != len(pages):
    problems.append(f"{len(images)} pages rendered, {len(pages)} in the text")
for n, path in enumerate(images, 1):
    width, height, pixels = pgm(path)
    edge = max(1, round(4 / 25.4 * 40))
    dark = lambda x, y: pixels[y * width + x] < 200
    strips = [(x, y) for y in range(height) for x in list(range(edge)) + list(range(width - edge, width))]
    strips += [(x, y) for x in range(width) for y in list(range(edge)) + list(range(height - edge, height))]
    if any(dark(x, y) for x, y in strips):
        problems.append(f"page {n}: ink within 4 mm of the edge")
    if sum(1 for p in pixels if p < 200) < 50:
        problems.append(f"page {n}: blank")
for p in problems:
    print(f"{pdf}: {p}")
print(f"{name}: {len(pages)} pages checked", file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
done
exit $status
