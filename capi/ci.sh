#!/usr/bin/env bash
# CI of the C interface (called by .ci/run; runnable by hand from anywhere): the header is what
# cbindgen generates; the static library builds for the host and for thumbv7em-none-eabihf; the
# whole fixture corpus and the misuse tests pass through the C API under AddressSanitizer and
# UndefinedBehaviorSanitizer; capi/README.md's C example compiles and runs; the Cortex-M4 C example
# runs under QEMU (mps2-an386) with the fixtures' verdicts, and the library has no panic call
# site of its own in that image.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
out=target/capi-c
mkdir -p "$out"
# The algorithms the fixture corpus expects (host-harness's build has them all).
features=es384,es512,eddsa
cbindgen_version=0.29.4

packages=()
command -v arm-none-eabi-gcc >/dev/null 2>&1 || packages+=(gcc-arm-none-eabi)
dpkg -s libnewlib-arm-none-eabi >/dev/null 2>&1 || packages+=(libnewlib-arm-none-eabi)
command -v qemu-system-arm >/dev/null 2>&1 || packages+=(qemu-system-arm)
if ((${#packages[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi
if [[ "$(cbindgen --version 2>/dev/null)" != "cbindgen $cbindgen_version" ]]; then
  cargo install cbindgen --locked --version "$cbindgen_version"
fi
rustup target add thumbv7em-none-eabihf >/dev/null 2>&1 || true

echo "--- the header is cbindgen's output for capi/src (lib.rs and its modules)"
(cd capi && cbindgen --quiet --config cbindgen.toml --output include/jwtv.h)
git diff --exit-code -- capi/include/
test -z "$(git status --porcelain -- capi/include/)"

echo "--- static library for the host (debug assertions and overflow checks on) and the corpus"
cargo build -q -p jwtv-capi --features "$features"
cargo run -q -p host-harness -- export-cases --output "$out/cases.bin"
sanitize=(-std=c11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined
  -fno-sanitize-recover=all -fno-omit-frame-pointer -Icapi/include -Icapi/tests)
host_lib=(target/debug/libjwtv_capi.a -lpthread -ldl -lm)
gcc "${sanitize[@]}" capi/tests/corpus.c "${host_lib[@]}" -o "$out/corpus"
gcc "${sanitize[@]}" capi/tests/misuse.c "${host_lib[@]}" -o "$out/misuse"
# capi/README.md's complete C program, as a user copies it.
awk '/<!-- capi-readme-example -->/{on=1; next} on && /^```c/{code=1; next} code && /^```/{exit} code' \
  capi/README.md >"$out/readme_example.c"
test -s "$out/readme_example.c"
gcc "${sanitize[@]}" "$out/readme_example.c" "${host_lib[@]}" -o "$out/readme_example"
"$out/readme_example"
"$out/misuse"
"$out/corpus" "$out/cases.bin"

echo "--- static library for thumbv7em-none-eabihf, and the Cortex-M4 C example under QEMU"
cargo build -q -p jwtv-capi --profile capi --target thumbv7em-none-eabihf --features "$features"
cargo run -q -p host-harness -- export-cases fixtures/rfc fixtures/oidc --format c \
  --output "$out/m4-cases.c"
make -s -C capi/examples/cortex-m4 OUT="$PWD/$out" \
  "$PWD/$out/door.elf" "$PWD/$out/replay.elf" "$PWD/$out/baseline.elf"
qemu=(timeout 300 qemu-system-arm -machine mps2-an386 -cpu cortex-m4 -nographic -monitor none
  -semihosting-config enable=on,target=native -kernel)
"${qemu[@]}" "$out/door.elf" | tee "$out/door.txt"
grep -qx 'token accepted: iss=joe exp=1300819380 root=1' "$out/door.txt"
grep -qx 'token rejected: expired' "$out/door.txt"
"${qemu[@]}" "$out/replay.elf" | tee "$out/replay.txt"
grep -Eqx '[1-9][0-9]* passed, 0 failed' "$out/replay.txt"
arm-none-eabi-size "$out/door.elf" "$out/baseline.elf"
cargo run -q -p host-harness -- panic-sites "$out/door.elf" --deny jwtv_capi --deny jwtv \
  >"$out/panic-sites.txt"
tail -n 1 "$out/panic-sites.txt"
echo "capi: done in $((SECONDS - started)) s"
