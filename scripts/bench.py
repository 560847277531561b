#!/usr/bin/env python3
"""`make bench`: ASL Playground's engine against the hand-written limit, against itself in wasm, and
against aws-local-stepfunctions (npm, pinned in bench/package.json), on bench/workloads/.

Builds what it needs, incrementally: the native release (`asl`, `examples/limit.rs`, and
`bench-native`, the wasm harness built natively), the wasm engine as the page ships it (cargo profile
wasm-engine, wasm-bindgen --target nodejs, wasm-opt -O3) and at opt-level "z" (wasm-opt -Oz) into
bench/out/, and bench/'s npm packages (`npm ci`). Then bench/side-by-side.mjs runs, for each workload
and within seconds of each other, `asl bench`, the limit, both wasm builds and aws-local-stepfunctions,
checks every final output against the native engine's and prints the table (exit 1 on a mismatch).

Usage: python3 scripts/bench.py [--only NAME,NAME] [--rounds R] [--no-z] [--skip-build]
"""
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
OUT = os.path.join(BENCH, "out")
TARGET = os.path.join(ROOT, "target")
WASM_TARGET = "wasm32-unknown-unknown"
# The engine Worker's build: index.html's data-cargo-profile="wasm-engine" and data-wasm-opt="3";
# and the page's own module's settings (opt-level "z"), to see what they would cost the engine.
VARIANTS = [
    # key, cargo profile, extra cargo args, wasm-opt level
    ("wasm", "wasm-engine", [], "-O3"),
    ("wasmz", "wasm-release", [], "-Oz"),
]
OUT_DIRS = {"wasm": "wasm-engine", "wasmz": "wasm-z"}


def say(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, check=True, **kw)


def build(variants):
    """Cargo builds one at a time (they share target/); each wasm-opt (half a minute) runs beside
    the next cargo build, fat LTO with one codegen unit using one core."""
    started = time.time()
    optimizing = []
    for key, profile, extra, level in variants:
        say(f"building the wasm engine: cargo profile {profile}, wasm-bindgen --target nodejs, wasm-opt {level}")
        run(["cargo", "build", "--quiet", "-p", "bench-wasm", "--lib", "--target", WASM_TARGET, "--profile", profile, *extra])
        wasm = os.path.join(TARGET, WASM_TARGET, profile, "bench_wasm.wasm")
        out = os.path.join(OUT, OUT_DIRS[key])
        stamp = os.path.join(out, "built-from")
        mark = f"{os.path.getmtime(wasm)} {os.path.getsize(wasm)}\n"
        if os.path.exists(stamp) and open(stamp).read() == mark:
            continue  # only when cargo produced a new module
        if os.path.exists(stamp):
            os.remove(stamp)
        os.makedirs(out, exist_ok=True)
        run(["wasm-bindgen", "--target", "nodejs", "--out-dir", out, "--out-name", "bench_wasm", wasm])
        module = os.path.join(out, "bench_wasm_bg.wasm")
        optimizing.append((subprocess.Popen(["wasm-opt", f"--output={module}", level, module], cwd=ROOT), stamp, mark))
    say("building the native release: asl, examples/limit, bench-native")
    try:
        run(["cargo", "build", "--release", "--quiet", "--bin", "asl", "--example", "limit"])
        run(["cargo", "build", "--release", "--quiet", "-p", "bench-wasm", "--bin", "bench-native"])
    except subprocess.CalledProcessError:
        for process, _, _ in optimizing:
            process.terminate()  # no stamp written: the next run optimizes again
            process.wait()
        raise
    for process, stamp, mark in optimizing:
        if process.wait() != 0:
            sys.exit(f"bench: wasm-opt failed ({process.args})")
        open(stamp, "w").write(mark)
    lock = os.path.join(BENCH, "package-lock.json")
    installed = os.path.join(BENCH, "node_modules", ".package-lock.json")
    if not os.path.exists(installed) or os.path.getmtime(installed) < os.path.getmtime(lock):
        say("installing bench/'s npm packages (aws-local-stepfunctions, pinned)")
        run(["npm", "ci", "--prefix", BENCH, "--no-audit", "--no-fund", "--loglevel=error"])
    say(f"built in {time.time() - started:.0f} s")


def main():
    args = sys.argv[1:]
    variants = [v for v in VARIANTS if not ("--no-z" in args and v[0] == "wasmz")]
    os.environ["PATH"] = os.pathsep.join([os.path.join(ROOT, "node_modules", ".bin"),
                                          os.path.expanduser("~/.cargo/bin"), os.environ.get("PATH", "")])
    started = time.time()
    run(["node", os.path.join(BENCH, "generate.mjs")])
    if "--skip-build" not in args:
        try:
            build(variants)
        except subprocess.CalledProcessError as e:
            sys.exit(f"bench: build failed: {' '.join(e.cmd)}")
    node = ["node", "--expose-gc", os.path.join(BENCH, "side-by-side.mjs")]
    for flag in ("--only", "--rounds"):
        if flag in args:
            node += [flag, args[args.index(flag) + 1]]
    if "--no-z" in args:
        node += ["--no-z"]
    code = subprocess.run(node, cwd=ROOT).returncode
    say(f"make bench took {time.time() - started:.0f} s")
    sys.exit(code)


if __name__ == "__main__":
    main()
