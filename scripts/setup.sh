#!/usr/bin/env bash
# Installs what building and testing ASL Playground needs, skipping whatever is already there.
#   scripts/setup.sh            build tools: wasm32 target, trunk, wasm-bindgen-cli, npm packages
#   scripts/setup.sh --browser  the same, plus Debian's chromium and chromium-driver for the tests
# Everything comes from the package registries (crates.io, npm, Debian): no prebuilt downloads.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf 'setup: %s\n' "$*"; }

# Dev tools need no fat LTO: this halves their build time (see TOOLCHAIN notes in README).
fast_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 cargo install "$@"
}

rust_components() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  for component in rustfmt clippy; do
    if ! rustup component list --installed | grep -q "^$component"; then
      say "adding $component"
      rustup component add "$component"
    fi
  done
}

trunk_tool() {
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "building trunk $TRUNK_VERSION from crates.io (about 7 minutes on 2 cores)"
    fast_install --locked "trunk@$TRUNK_VERSION"
  fi
}

# wasm-bindgen-cli must be exactly the version Cargo.lock resolves for the wasm-bindgen crate.
wasm_bindgen_tool() {
  [ -f Cargo.lock ] || cargo generate-lockfile
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]; then
    say "building wasm-bindgen-cli $want from crates.io (about 3 minutes)"
    # Not --locked: its lockfile pins a webpki-roots release the registry no longer serves.
    fast_install --force wasm-bindgen-cli --version "$want"
  fi
}

npm_packages() {
  if [ ! -f node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then
    say "installing npm packages (binaryen's wasm-opt, playwright-core)"
    npm ci --no-audit --no-fund
    touch node_modules/.installed
  fi
}

browser() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Debian's chromium and chromium-driver"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends chromium chromium-driver
  fi
}

rust_components
trunk_tool
wasm_bindgen_tool
npm_packages
if [ "${1:-}" = "--browser" ]; then
  browser
fi
say "ready"
