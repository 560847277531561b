#!/usr/bin/env python3
"""Generates the benchmark workflows into target/bench/ and runs `asl bench` on each.

Usage: python3 scripts/bench.py [--runs N]   (or `make bench`)
"""
import json
import os
import subprocess
import sys

OUT = os.path.join("target", "bench")
ASL = os.path.join("target", "release", "asl")


def pass_chain(n):
    states = {}
    for i in range(n):
        state = {"Type": "Pass", "Parameters": {"step": i, "value.$": "$.value"}}
        state.update({"Next": f"P{i + 1}"} if i + 1 < n else {"End": True})
        states[f"P{i}"] = state
    return {"StartAt": "P0", "States": states}, {"value": 1}


def choice_loop(n):
    return {
        "StartAt": "Init",
        "States": {
            "Init": {"Type": "Pass", "Result": {"i": 0}, "Next": "Check"},
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": n, "Next": "Increment"}], "Default": "Done"},
            "Increment": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
            "Done": {"Type": "Succeed"},
        },
    }, {}


def inline_map(n):
    return {
        "StartAt": "Map",
        "States": {
            "Map": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "ItemSelector": {"i.$": "$$.Map.Item.Index"},
                "ItemProcessor": {"StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": True}}},
                "End": True,
            }
        },
    }, {"items": list(range(n))}


def parallel(branches, depth):
    def branch(b):
        chain, _ = pass_chain(depth)
        return chain
    return {"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "Branches": [branch(b) for b in range(branches)], "End": True}}}, {"value": 1}


def jsonata_chain(n):
    expression = ('{% {"orderId": $states.input.orderId, "total": $sum($states.input.items.(price * qty)), '
                  '"count": $count($states.input.items), "items": $states.input.items} %}')
    states = {}
    for i in range(n):
        state = {"Type": "Pass", "Output": expression}
        state.update({"Next": f"P{i + 1}"} if i + 1 < n else {"End": True})
        states[f"P{i}"] = state
    items = [{"price": 10 + i, "qty": 1 + i % 3} for i in range(5)]
    return {"QueryLanguage": "JSONata", "StartAt": "P0", "States": states}, {"orderId": "o-123", "items": items}


CASES = {
    "pass-chain-1000": pass_chain(1000),
    "choice-loop-10000": choice_loop(10000),
    "map-10000": inline_map(10000),
    "parallel-50x20": parallel(50, 20),
    "jsonata-output-1000": jsonata_chain(1000),
}


def main():
    runs = sys.argv[sys.argv.index("--runs") + 1] if "--runs" in sys.argv else "10"
    os.makedirs(OUT, exist_ok=True)
    for name, (definition, data) in CASES.items():
        d, i = os.path.join(OUT, name + ".asl.json"), os.path.join(OUT, name + ".input.json")
        json.dump(definition, open(d, "w"))
        json.dump(data, open(i, "w"))
        result = json.loads(subprocess.run([ASL, "bench", d, "--input", i, "--runs", runs], check=True, capture_output=True, text=True).stdout)
        print(f"{name:20} {result['status']:10} {result['state_transitions_per_run']:>7} transitions/run  "
              f"mean {result['mean_millis']:8.2f} ms  best {result['best_millis']:8.2f} ms  "
              f"{result['state_transitions_per_second']:>12,.0f} transitions/s")


if __name__ == "__main__":
    main()
