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
command -v cmake >/dev/null 2>&1 || packages+=(cmake)
command -v pkg-config >/dev/null 2>&1 || packages+=(pkg-config)
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
gcc "${sanitize[@]}" capi/tests/updates.c "${host_lib[@]}" -o "$out/updates"
cargo run -q -p host-harness -- export-updates --output "$out/updates.bin"
# capi/README.md's complete C program, as a user copies it.
awk '/<!-- capi-readme-example -->/{on=1; next} on && /^```c/{code=1; next} code && /^```/{exit} code' \
  capi/README.md >"$out/readme_example.c"
test -s "$out/readme_example.c"
gcc "${sanitize[@]}" "$out/readme_example.c" "${host_lib[@]}" -o "$out/readme_example"
"$out/readme_example"
"$out/misuse"
"$out/corpus" "$out/cases.bin"
"$out/updates" "$out/updates.bin"

echo "--- the library for thumbv7em-none-eabihf in each documented configuration, its C examples under QEMU"
qemu=(timeout 300 qemu-system-arm -machine mps2-an386 -cpu cortex-m4 -nographic -monitor none
  -semihosting-config enable=on,target=native -kernel)
cargo run -q -p host-harness -- export-cases fixtures/rfc fixtures/oidc --format c \
  --output "$out/m4-cases.c"
cargo run -q -p host-harness -- export-updates --format c --output "$out/m4-updates.c"
# name, the library's features, the programs built against it. `cargo rustc --crate-type
# staticlib` is how C users build it (capi/README.md): with the rlib beside it, cargo would not
# apply the profile's LTO. Each configuration's library and images have their own directory.
configs=(
  "rsa|rsa,asm|id_token.elf id_token_baseline.elf"
  "hmac|hmac|door.elf baseline.elf"
  "three|rsa,ecdsa,hmac,asm|door.elf baseline.elf id_token.elf id_token_baseline.elf"
  "default|rsa,rsa-4096,ecdsa,hmac,sha512,asm|door.elf baseline.elf id_token.elf id_token_baseline.elf"
  "all|rsa,rsa-4096,ecdsa,hmac,sha512,asm,$features|door.elf baseline.elf replay.elf updates.elf"
)
expected_id_token="$(cat examples/cortex-m4/expected-output.txt)"
for config in "${configs[@]}"; do
  IFS='|' read -r name config_features images <<<"$config"
  dir="$PWD/$out/$name"
  mkdir -p "$dir"
  cargo rustc -q -p jwtv-capi --profile capi --target thumbv7em-none-eabihf --crate-type staticlib \
    --no-default-features --features "$config_features"
  cp target/thumbv7em-none-eabihf/capi/libjwtv_capi.a "$dir/libjwtv_capi.a"
  echo "$config_features" >"$dir/features.txt"
  # shellcheck disable=SC2086 # the images are words
  make -s -C capi/examples/cortex-m4 CONFIG="$name" OUT="$dir" LIB="$dir/libjwtv_capi.a" \
    CASES="$PWD/$out/m4-cases.c" UPDATES="$PWD/$out/m4-updates.c" $images
  for image in $images; do
    case "$image" in
      *baseline.elf) continue ;;
    esac
    "${qemu[@]}" "$dir/$image" >"$dir/${image%.elf}.txt"
    cat "$dir/${image%.elf}.txt"
    case "$image" in
      door.elf)
        grep -qx 'token accepted: iss=joe exp=1300819380 root=1' "$dir/door.txt"
        grep -qx 'token rejected: expired' "$dir/door.txt" ;;
      id_token.elf)
        # The Rust starter's verdicts, line for line.
        test "$(grep -v '^stack: ' "$dir/id_token.txt")" = "$expected_id_token" ;;
      replay.elf)
        grep -Eqx '[1-9][0-9]* passed, 0 failed' "$dir/replay.txt" ;;
      updates.elf)
        grep -Eqx 'key-set update scenarios on the Cortex-M4: [1-9][0-9]* passed, 0 failed' \
          "$dir/updates.txt" ;;
    esac
    # This crate never has a panic site. The verifier's code has none either, but with the
    # opt-in curves LTO inlines their crates' sites into it (docs/performance.md, "Panics": 22 in
    # all, each unreachable): that image is held to the count instead, below.
    deny=(--deny jwtv_capi --deny jwtv)
    [[ "$name" == all ]] && deny=(--deny jwtv_capi)
    cargo run -q -p host-harness -- panic-sites "$dir/$image" "${deny[@]}" \
      >"$dir/${image%.elf}-panic-sites.txt"
  done
  (cd "$dir" && arm-none-eabi-size ./*.elf) >"$dir/size.txt"
done
# The Rust starter's figures (measure.sh: the verifier's share of its image), which the RS256
# job is held against; CI measures them in an earlier step.
if [[ ! -s target/figures/starter.md ]]; then
  mkdir -p target/figures
  bash examples/cortex-m4/measure.sh >target/figures/starter.md
fi
# The figures capi/README.md and docs/performance.md include (checked by .ci/figures), and the
# ceilings this step holds.
mkdir -p target/figures
python3 - "$out" target/figures/starter.md target/figures/footprint.md >target/figures/capi.md <<'PY'
import re, subprocess, sys
out, starter_md, footprint_md = sys.argv[1:4]
CONFIGS = [
    ("rsa", "RSA-2048 only (`rsa,asm`)"),
    ("hmac", "HMAC only (`hmac`)"),
    ("three", "RSA-2048, ES256, HMAC (`rsa,ecdsa,hmac,asm`)"),
    ("default", "the default: every RSA size, ES256, HMAC, SHA-384/512, `asm`"),
    ("all", "the default with `es384,es512,eddsa`"),
]
def sizes(name):
    result = {}
    for line in open(f"{out}/{name}/size.txt").read().splitlines()[1:]:
        text, data, bss, *_, path = line.split()
        result[path.removeprefix("./")] = (int(text) + int(data), int(bss))
    return result
def lines(name, image):
    return open(f"{out}/{name}/{image}.txt").read()
def panic_sites(name, image):
    text = open(f"{out}/{name}/{image}-panic-sites.txt").read().strip().splitlines()[-1]
    return text.removeprefix("panic call sites: ").removesuffix(" ()")
n = lambda v: f"{v:,}"
failures = []

gcc = subprocess.run(["arm-none-eabi-gcc", "-dumpversion"], capture_output=True, text=True).stdout.strip()
rustc = subprocess.run(["rustc", "-V"], capture_output=True, text=True).stdout.split()[1]
print(f"arm-none-eabi-gcc {gcc} `-Os`, rustc {rustc}, library `cargo rustc --profile capi "
      "--crate-type staticlib` per configuration; flash is text + data (`arm-none-eabi-size`), a "
      "program's library share the image less the same program without the library (its "
      "`baseline`); RAM is the program's `.bss` beyond its baseline's: the key set and token buffer "
      "it sizes.")
print()
print("| library configuration | program | library share of flash | RAM: key set and token buffer | stack, deepest verification | panic sites |")
print("| --- | --- | ---: | ---: | ---: | --- |")
share = {}
for name, label in CONFIGS:
    s = sizes(name)
    for image, base, program in (("door.elf", "baseline.elf", "door: JWKS loaded, HS256 token"),
                                 ("id_token.elf", "id_token_baseline.elf", "id_token: RS256 ID tokens, keys borrowed from flash")):
        if image not in s:
            continue
        flash = s[image][0] - s[base][0]
        ram = s[image][1] - s[base][1]
        share[(name, image)] = flash
        text = lines(name, image.removesuffix(".elf"))
        stack = max(map(int, re.findall(r"verification (\d+) bytes", text)))
        print(f"| {label} | {program} | {n(flash)} B | {n(ram)} B | {n(stack)} B | {panic_sites(name, image.removesuffix('.elf'))} |")
print()

# Issue 21's targets, held here.
starter = open(starter_md).read()
rust_share = int(re.search(r"The verifier and its two keys take ([\d,]+) B", starter).group(1).replace(",", ""))
rs256 = share[("rsa", "id_token.elf")]
three = share[("three", "door.elf")]
RS256_RATIO_TARGET = 1.15
THREE_CEILING = 45 * 1024
# A ceiling on the RS256 job until its target is met: no regression meanwhile.
RS256_CEILING = 33 * 1024
ratio = rs256 / rust_share
print("| target | measured | |")
print("| --- | ---: | --- |")
print(f"| the RS256 job's library share within {RS256_RATIO_TARGET}× the Rust starter's verifier share ({n(rust_share)} B, `bash measure.sh`) | {n(rs256)} B, {ratio:.2f}× | {'met' if ratio <= RS256_RATIO_TARGET else 'not met'} |")
print(f"| RSA-2048, ES256, HMAC with the JWKS loader at most {n(THREE_CEILING)} B | {n(three)} B | {'met' if three <= THREE_CEILING else 'not met'} |")
if three > THREE_CEILING:
    failures.append(f"three families: {three} B over the ceiling {THREE_CEILING} B")
if rs256 > RS256_CEILING:
    failures.append(f"RS256 job: {rs256} B over its ceiling {RS256_CEILING} B")

# Stack per algorithm through C (accepted fixture cases, replay.elf) against the Rust runner's
# on-target peaks (docs/performance.md's table, `footprint`).
replay = lines("all", "replay")
c_peaks = {m.group(1): int(m.group(2)) for m in re.finditer(r"^peak stack, (\S+) accepted: (\d+) bytes$", replay, re.M)}
rust_peaks = {}
for line in open(footprint_md):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) == 8 and cells[-1].isdigit():
        rust_peaks[cells[0]] = max(rust_peaks.get(cells[0], 0), int(cells[-1]))
print()
print("| algorithm | peak stack through C (accepted fixture cases) | the Rust runner's (footprint) | C / Rust |")
print("| --- | ---: | ---: | ---: |")
STACK_RATIO_TARGET = 1.10
missed = []
for alg, c in c_peaks.items():
    rust = rust_peaks.get(alg)
    if rust is None:
        continue
    r = c / rust
    if r > STACK_RATIO_TARGET:
        missed.append(alg)
    print(f"| {alg} | {n(c)} B | {n(rust)} B | {r:.2f} |")
print()
print(f"Within {STACK_RATIO_TARGET}× of the Rust path: {'every algorithm' if not missed else 'all but ' + ', '.join(missed)}.")
passed = re.search(r"^(\d+) passed, 0 failed$", replay, re.M).group(1)
print(f"The replay (`replay.elf`, the `all` library): {passed} fixture cases of `rfc` and `oidc`, every verdict the fixture's.")
# The image with every algorithm: the opt-in curves' sites, as many as the Rust firmware's.
ALL_SITES_CEILING = 22
all_sites = int(re.match(r"(\d+)", panic_sites("all", "door")).group(1))
if all_sites > ALL_SITES_CEILING:
    failures.append(f"`all` door.elf: {all_sites} panic call sites, over {ALL_SITES_CEILING}")
for f in failures:
    print(f"capi ceiling: {f}", file=sys.stderr)
sys.exit(1 if failures else 0)
PY
cat target/figures/capi.md
echo "--- release archives for every target (capi/release.sh); from the thumbv7em-none-eabihf one, with no cargo or rustc on the PATH, the Cortex-M4 examples built by CMake and run under QEMU; from the host one, the README's program through pkg-config; the add_subdirectory route"
bash capi/release.sh --out "$out/release"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' capi/Cargo.toml | head -n 1)"
# A PATH without any directory that holds cargo or rustc.
no_rust_path=""
IFS=: read -ra path_dirs <<<"$PATH"
for d in "${path_dirs[@]}"; do
  [[ -x "$d/cargo" || -x "$d/rustc" ]] && continue
  no_rust_path="${no_rust_path:+$no_rust_path:}$d"
done
env PATH="$no_rust_path" bash -c '! command -v cargo && ! command -v rustc' >/dev/null
from="$PWD/$out/from-archive"
rm -rf "$from"
mkdir -p "$from"
for target in thumbv7em-none-eabihf x86_64-unknown-linux-gnu; do
  tar -C "$from" -xzf "$out/release/jwtv-capi-$version-$target.tar.gz"
done
m4="$from/jwtv-capi-$version-thumbv7em-none-eabihf"
env PATH="$no_rust_path" cmake -S capi/examples/cortex-m4 -B "$from/build-m4" \
  -DCMAKE_TOOLCHAIN_FILE="$PWD/capi/examples/cortex-m4/arm-none-eabi.cmake" \
  -DCMAKE_PREFIX_PATH="$m4" -DJWTV_EXAMPLE_INCLUDE="$PWD/$out/default" >"$from/build-m4.log"
env PATH="$no_rust_path" cmake --build "$from/build-m4" >>"$from/build-m4.log"
"${qemu[@]}" "$from/build-m4/door.elf" | tee "$from/door.txt"
grep -qx 'token accepted: iss=joe exp=1300819380 root=1' "$from/door.txt"
"${qemu[@]}" "$from/build-m4/id_token.elf" | tee "$from/id_token.txt"
test "$(grep -v '^stack: ' "$from/id_token.txt")" = "$expected_id_token"
host="$from/jwtv-capi-$version-x86_64-unknown-linux-gnu"
# shellcheck disable=SC2046 # pkg-config's words
env PATH="$no_rust_path" gcc -std=c11 -Wall -Wextra -Werror "$out/readme_example.c" \
  $(PKG_CONFIG_PATH="$host/lib/pkgconfig" pkg-config --cflags --libs jwtv) -o "$from/readme_example"
"$from/readme_example"
cmake -S capi/examples/cortex-m4 -B "$out/cmake-source" \
  -DCMAKE_TOOLCHAIN_FILE="$PWD/capi/examples/cortex-m4/arm-none-eabi.cmake" \
  -DJWTV_SOURCE="$PWD/capi" >"$out/cmake-source.log"
cmake --build "$out/cmake-source" >>"$out/cmake-source.log"
"${qemu[@]}" "$out/cmake-source/door.elf" | tee "$out/cmake-source/door.txt"
grep -qx 'token accepted: iss=joe exp=1300819380 root=1' "$out/cmake-source/door.txt"

echo "capi: done in $((SECONDS - started)) s"
