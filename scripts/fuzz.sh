#!/usr/bin/env bash
# Fuzzes `load` and `run` with cargo-fuzz (nightly), seeded with the project's own definitions.
#   scripts/fuzz.sh [seconds per target, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
mkdir -p fuzz/corpus/load fuzz/corpus/run
python3 - <<'PY'
import glob, json, os
for i, path in enumerate(sorted(glob.glob("tests/conformance/*.json"))):
    case = json.load(open(path))
    definition = json.dumps(case["definition"]).encode()
    open(f"fuzz/corpus/load/seed-{i}", "wb").write(definition)
    open(f"fuzz/corpus/run/seed-{i}", "wb").write(definition + b"\0" + json.dumps(case["input"]).encode())
PY
cp static/examples/order/definition.asl.json fuzz/corpus/load/order
for target in load run; do
  cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" -max_len=8192 -rss_limit_mb=4096
done
