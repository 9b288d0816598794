#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the fixture corpus (fixtures/**/*.json: each case's "token",
# each suite's key sets, the key files) and the RFC vectors (fixtures/vectors/rfc_examples.json:
# examples[].compact, jwk). Idempotent: seeds are named by content. Missing fixtures are fine.
set -euo pipefail
fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz_dir")"
CARGO_TARGET_DIR="$fuzz_dir/target/seed" cargo run --quiet --release \
  --manifest-path "$fuzz_dir/seed/Cargo.toml" -- "$root/fixtures" "$fuzz_dir/corpus"
