#!/usr/bin/env bash
# A short fuzz run of the C entry points for CI (FUZZ_SECONDS, default 30), in one process; any
# crash, timeout or leak fails it. Needs the nightly toolchain and cargo-fuzz, as fuzz/ci.sh.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TERM_COLOR=never
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=32}"
seconds="${FUZZ_SECONDS:-30}"
cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked
mkdir -p corpus/c_api
cargo +nightly fuzz build -O c_api
cargo +nightly fuzz run -O c_api corpus/c_api -- -max_total_time="$seconds" -rss_limit_mb=512 \
  -timeout=5 -max_len=4096 -print_final_stats=1 2>&1 \
  | { grep -Ev '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)|^[[:space:]]+NEW_FUNC' || true; }
echo "capi fuzz: c_api ran ${seconds}s without a crash"
