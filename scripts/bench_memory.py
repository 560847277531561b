#!/usr/bin/env python3
"""Peak memory of two runs that once exhausted memory (issue: bounded engine): a Choice loop over a
200 KB input to AWS's 25,000-event limit, and a Map over 100,000 items. Reports the peak resident
set size of `asl run` for each (from /usr/bin/time, or getrusage when it is missing).

Usage: scripts/bench_memory.py [asl binary] [--baseline other-asl-binary]
A figure, not a test: `make bench-memory` prints the table the README quotes.
"""
import json, os, resource, subprocess, sys, tempfile, time

def workloads(tmp):
    loop = {"StartAt": "Again", "States": {
        "Again": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "Again"}], "Default": "Done"},
        "Done": {"Type": "Succeed"}}}
    mapped = {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": True, "ItemsPath": "$.items",
        "ItemProcessor": {"StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": True}}}}}}
    cases = [
        ("25,000-event Choice loop over a 200 KB input", loop, {"n": 1, "blob": "x" * 200_000}),
        # 100,000 zeros: 200 KB of JSON, within AWS's 256 KiB input.
        # `asl bench` lifts the 25,000-event limit (as an Express workflow has none), so all
        # 100,000 iterations run.
        ("Map over 100,000 items (400,004 events, no event limit)", mapped, {"items": [0] * 100_000}),
    ]
    out = []
    for name, definition, payload in cases:
        d = os.path.join(tmp, f"{len(out)}-definition.json")
        i = os.path.join(tmp, f"{len(out)}-input.json")
        json.dump(definition, open(d, "w"))
        json.dump(payload, open(i, "w"))
        out.append((name, d, i, "bench" if "no event limit" in name else "run"))
    return out

def peak(binary, definition, input_path, verb):
    start = time.perf_counter()
    command = [binary, verb, definition, "--input", input_path] + (["--runs", "1"] if verb == "bench" else [])
    if os.path.exists("/usr/bin/time"):
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True)
        kib = int(proc.stderr.strip().splitlines()[-1])
    else:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        proc = subprocess.run(command, capture_output=True, text=True)
        kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss or before
    seconds = time.perf_counter() - start
    try:
        status = json.loads(proc.stdout.splitlines()[0]).get("status", "?")
    except (ValueError, IndexError):
        status = f"exit {proc.returncode}"
    return kib / 1024, seconds, status

def main():
    args = sys.argv[1:]
    baseline = None
    if "--baseline" in args:
        at = args.index("--baseline")
        baseline = args[at + 1]
        del args[at:at + 2]
    binary = args[0] if args else "target/release/asl"
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for name, d, i, extra in workloads(tmp):
            now = peak(binary, d, i, extra)
            before = peak(baseline, d, i, extra) if baseline else None
            rows.append((name, now, before))
    print("| workload | peak RSS | time | outcome |" + (" baseline peak RSS | baseline time |" if baseline else ""))
    print("|:--|--:|--:|:--|" + ("--:|--:|" if baseline else ""))
    for name, (mib, s, status), before in rows:
        line = f"| {name} | {mib:,.1f} MiB | {s:.2f} s | {status} |"
        if before:
            line += f" {before[0]:,.1f} MiB | {before[1]:.2f} s |"
        print(line)

main()
