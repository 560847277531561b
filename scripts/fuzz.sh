#!/usr/bin/env bash
# Fuzzes with cargo-fuzz (nightly), seeded with the project's own definitions:
#   load      definition text → load (never a panic)
#   run       definition and input bytes → load and run with echo mocks
#   workflow  workflows built from the bytes (Pass/Choice/Map/Parallel/Wait/Task/Fail, paths,
#             intrinsics, JSONata, deep and large inputs) → run → history through the wire codec
#   scripts/fuzz.sh [seconds per target, default 60] [targets…]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=${*:-load run workflow}
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
mkdir -p fuzz/corpus/workflow
for target in $targets; do
  # No sanitizer: the code is safe Rust; coverage guidance alone runs several times faster.
  cargo +nightly fuzz run -s none "$target" -- -max_total_time="$seconds" -max_len=8192 -rss_limit_mb=4096 -timeout=10
done
