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
qemu=(timeout 300 qemu-system-arm -machine mps2-an386 -cpu cortex-m4 -nographic -monitor none
  -semihosting-config enable=on,target=native -kernel)
# First with the library's default features (what a product without the opt-in curves links),
# for its size and stack; then with every algorithm, for the corpus.
cargo build -q -p jwtv-capi --profile capi --target thumbv7em-none-eabihf
make -s -C capi/examples/cortex-m4 OUT="$PWD/$out/default" "$PWD/$out/default/door.elf"
"${qemu[@]}" "$out/default/door.elf" | tee "$out/default/door.txt"
grep -qx 'token accepted: iss=joe exp=1300819380 root=1' "$out/default/door.txt"
cargo build -q -p jwtv-capi --profile capi --target thumbv7em-none-eabihf --features "$features"
cargo run -q -p host-harness -- export-cases fixtures/rfc fixtures/oidc --format c \
  --output "$out/m4-cases.c"
make -s -C capi/examples/cortex-m4 OUT="$PWD/$out" \
  "$PWD/$out/door.elf" "$PWD/$out/replay.elf" "$PWD/$out/baseline.elf"
"${qemu[@]}" "$out/door.elf" | tee "$out/door.txt"
grep -qx 'token accepted: iss=joe exp=1300819380 root=1' "$out/door.txt"
grep -qx 'token rejected: expired' "$out/door.txt"
"${qemu[@]}" "$out/replay.elf" | tee "$out/replay.txt"
grep -Eqx '[1-9][0-9]* passed, 0 failed' "$out/replay.txt"
arm-none-eabi-size "$out/door.elf" "$out/default/door.elf" "$out/baseline.elf" | tee "$out/size.txt"
cargo run -q -p host-harness -- panic-sites "$out/door.elf" --deny jwtv_capi --deny jwtv \
  >"$out/panic-sites.txt"
tail -n 1 "$out/panic-sites.txt"
cargo run -q -p host-harness -- panic-sites "$out/default/door.elf" --deny jwtv_capi --deny jwtv \
  >"$out/default/panic-sites.txt"
tail -n 1 "$out/default/panic-sites.txt"
# The figures capi/README.md and docs/performance.md include (checked by .ci/figures).
mkdir -p target/figures
python3 - "$out" "$features" >target/figures/capi.md <<'PY'
import re, subprocess, sys
out, features = sys.argv[1], sys.argv[2]
sizes = {}
for line in open(f"{out}/size.txt").read().splitlines()[1:]:
    text, data, bss, *_, name = line.split()
    sizes[name.split(f"{out}/", 1)[1]] = (int(text) + int(data), int(bss))
def stack(path):
    line = next(l for l in open(path) if l.startswith("stack: "))
    load, verify = map(int, re.findall(r"(\d+) bytes", line))
    return load, verify
replay = open(f"{out}/replay.txt").read()
passed = re.search(r"^(\d+) passed, 0 failed$", replay, re.M).group(1)
peak = re.search(r"^peak stack: key set load (\d+) bytes \(([^)]+)\), "
                 r"verification (\d+) bytes \(([^)]+)\)$", replay, re.M)
n = lambda v: f"{v:,}"
gcc = subprocess.run(["arm-none-eabi-gcc", "-dumpversion"], capture_output=True, text=True).stdout.strip()
rustc = subprocess.run(["rustc", "-V"], capture_output=True, text=True).stdout.split()[1]
full, default, base = sizes["door.elf"], sizes["default/door.elf"], sizes["baseline.elf"]
print(f"arm-none-eabi-gcc {gcc} `-Os`, rustc {rustc}, library `--profile capi`; flash is text + data "
      "(`arm-none-eabi-size`), the library's share the image less `baseline.elf`.")
print()
print("| image | flash (text + data) | RAM (bss) |")
print("| --- | ---: | ---: |")
print(f"| `door.elf`, library with `{features}` | {n(full[0])} bytes | {n(full[1])} bytes |")
print(f"| `door.elf`, library with its default features (RSA, ES256, HMAC) | {n(default[0])} bytes | {n(default[1])} bytes |")
print(f"| `baseline.elf`: the same program without the library | {n(base[0])} bytes | {n(base[1])} bytes |")
print(f"| the library's share, `{features}` | {n(full[0] - base[0])} bytes ({(full[0] - base[0]) / 1024:.1f} KiB) | {n(full[1] - base[1])} bytes |")
print(f"| the library's share, default features | {n(default[0] - base[0])} bytes ({(default[0] - base[0]) / 1024:.1f} KiB) | {n(default[1] - base[1])} bytes |")
print()
load_d, verify_d = stack(f"{out}/default/door.txt")
load_f, verify_f = stack(f"{out}/door.txt")
print("| step (stack, painted, under QEMU) | default features | `" + features + "` |")
print("| --- | ---: | ---: |")
print(f"| `jwtv_keyset_add_jwks`, one HMAC key | {n(load_d)} bytes | {n(load_f)} bytes |")
print(f"| `jwtv_verify`, HS256 | {n(verify_d)} bytes | {n(verify_f)} bytes |")
print(f"| key set load, deepest of the {passed} cases (`{peak.group(2)}`) | | {n(int(peak.group(1)))} bytes |")
print(f"| `jwtv_verify`, deepest of the {passed} cases (`{peak.group(4)}`) | | {n(int(peak.group(3)))} bytes |")
print()
print("Panic call sites (`jwtv panic-sites`), by calling crate:")
print()
for label, path in ((f"`{features}`", f"{out}/panic-sites.txt"), ("default features", f"{out}/default/panic-sites.txt")):
    print(f"- {label}: " + open(path).read().strip().splitlines()[-1].removeprefix("panic call sites: "))
PY
cat target/figures/capi.md
echo "capi: done in $((SECONDS - started)) s"
