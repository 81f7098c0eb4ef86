#!/usr/bin/env bash
# Runs the example's automated tests and leaves their JUnit reports in reports/, where
# medtrace reads them (`[tests] reports` in medtrace.toml):
#
#   reports/nextest.xml  the firmware crate's unit and integration tests (cargo-nextest)
#   reports/pytest.xml   the drug library tool's tests (pytest)
#
# Works from any directory. Needs cargo and cargo-nextest, and python3 with openpyxl (the
# drug library tool's dependency) and pytest: when `python3` cannot import both, the
# script makes a virtual environment in .venv/ and installs into it the hash-pinned
# tools/requirements.txt (`pip install --require-hashes`) and pytest. Both suites always
# run; the script fails if either had a failing test, after writing both reports.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
reports="$here/reports"
mkdir -p "$reports"
rm -f "$reports/nextest.xml" "$reports/pytest.xml"
status=0

echo "=== firmware: cargo nextest run --profile ci"
export CARGO_TARGET_DIR="$here/firmware/target"
if ! cargo nextest --version > /dev/null 2>&1; then
  echo "cargo-nextest is missing: install it with 'cargo install cargo-nextest --locked'" >&2
  exit 2
fi
(cd "$here/firmware" && cargo nextest run --profile ci) || status=1
junit="$CARGO_TARGET_DIR/nextest/ci/junit.xml"
if [[ -f "$junit" ]]; then
  cp "$junit" "$reports/nextest.xml"
else
  echo "no JUnit report at $junit" >&2
  status=1
fi

echo "=== tools: python3 -m pytest"
python=python3
if ! "$python" -c "import openpyxl, pytest" > /dev/null 2>&1; then
  if [[ ! -x "$here/.venv/bin/python" ]]; then
    python3 -m venv "$here/.venv"
  fi
  python="$here/.venv/bin/python"
  if ! "$python" -c "import openpyxl, pytest" > /dev/null 2>&1; then
    # The tool's run-time dependencies exactly as locked, each checked against its hash;
    # then the test runner, which is not part of the tool and not locked with it.
    "$python" -m pip install --quiet --require-hashes -r "$here/tools/requirements.txt"
    "$python" -m pip install --quiet pytest
  fi
fi
(cd "$here/tools" && "$python" -m pytest --junitxml="$reports/pytest.xml") || status=1

echo "=== reports in $reports"
ls -1 "$reports"
exit "$status"
