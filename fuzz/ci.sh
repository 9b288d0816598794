#!/usr/bin/env bash
# Short, bounded fuzz runs for CI: installs cargo-fuzz if missing, seeds the corpora from the
# fixtures, builds every target, replays the saved regressions, then fuzzes each target for
# FUZZ_SECONDS (default 25) in a single process (never more: the machine is shared). Any crash, timeout or OOM fails the script.
# Budget: about 1 min to install cargo-fuzz, 1-2 min to build, 10 x FUZZ_SECONDS to fuzz.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TERM_COLOR=never
# AddressSanitizer's quarantine (256 MiB by default) would count against -rss_limit_mb=256.
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=32}"
seconds="${FUZZ_SECONDS:-25}"
targets=(jws_split header claims jwks signature verify verify_structured differential_json stored_keyset keyset_update)

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: the nightly toolchain is required (cargo-fuzz needs -Zsanitizer); trying to install it"
  rustup toolchain install nightly --profile minimal || {
    echo "fuzz: no nightly toolchain and none can be installed" >&2
    exit 1
  }
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

bash seed.sh
cargo +nightly fuzz build -O

for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  # Hand-kept seeds for inputs the fixture seeder does not produce (stored key sets, key-set
  # update payloads).
  if [ -d "seeds/$t" ]; then cp seeds/"$t"/* "corpus/$t/"; fi
  extra=()
  # Structured input needs room from the start.
  [ "$t" = verify_structured ] && extra=(-len_control=0)
  if [ -d "regressions/$t" ] && [ -n "$(ls -A "regressions/$t")" ]; then
    echo "=== fuzz: $t: replaying regressions/$t"
    cargo +nightly fuzz run -O "$t" "regressions/$t"/* -- -runs=1
  fi
  echo "=== fuzz: $t for ${seconds}s"
  cargo +nightly fuzz run -O "$t" "corpus/$t" -- \
    -dict=jose.dict -max_total_time="$seconds" -rss_limit_mb=256 -timeout=5 -max_len=8192 \
    -print_final_stats=1 "${extra[@]}" 2>&1 \
    | { grep -Ev '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)|^[[:space:]]+NEW_FUNC' || true; } || {
      echo "fuzz: $t FAILED; the input is under fuzz/artifacts/$t/ (see fuzz/README.md)" >&2
      exit 1
    }
done
echo "fuzz: ${#targets[@]} targets ran ${seconds}s each without a crash"
