# ASL Playground. `make serve` and `make test` install what is missing first (scripts/setup.sh).
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_OFFLINE := true
WASM := --target wasm32-unknown-unknown


.PHONY: setup setup-browser bundle serve build cli bench bench-memory conformance measure test lint fmt-check clippy test-native test-wasm test-e2e

setup:
	@scripts/setup.sh

setup-browser:
	@scripts/setup.sh --browser

## bundle: the CodeMirror editor, bundled from npm packages into static/vendor/editor.js
bundle: setup
	npm run --silent bundle

## serve: build the playground and serve it on http://127.0.0.1:8080 (rebuilds on change)
serve: bundle
	trunk serve --release

## build: the playground's static files, in dist/
build: bundle
	trunk build --release

## cli: the native `asl` command, in target/release/
cli:
	cargo build --release --bin asl

## bench: native vs the hand-written limit, shipped wasm vs native, wasm vs aws-local-stepfunctions (bench/), growth 1k→100k, definition load
bench: setup
	python3 scripts/bench.py

## bench-memory: peak memory of a 25,000-event loop over a 200 KB input and of a 100,000-item Map
bench-memory: cli
	python3 scripts/bench_memory.py target/release/asl

## measure: transfer size and keystroke-to-update time of the built app in Chromium (figures, not a test)
measure: build setup-browser
	node tests/e2e/measure.mjs

## conformance: the AWS-recorded corpus beside the project, if present (not part of `make test`)
conformance: cli
	python3 ../shared/conformance/run.py --tool target/release/asl --verbose

## test: every layer, from formatting to the end-to-end browser test
test: setup-browser lint test-native test-wasm test-e2e

lint: fmt-check clippy

fmt-check:
	cargo fmt --all -- --check

clippy:
	cargo clippy --all-targets -- -D warnings
	cargo clippy $(WASM) --all-targets -- -D warnings

test-native:
	cargo test

test-wasm:
	cargo test $(WASM) --test web

test-e2e: build
	node tests/e2e/app.test.mjs
