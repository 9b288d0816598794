#!/usr/bin/env bash
# Release archives of the C library, one per target, as C projects take a library:
#
#   jwtv-capi-<version>-<target>/
#     include/jwtv.h
#     lib/libjwtv_capi.a                     built with `cargo rustc --profile capi
#                                            --crate-type staticlib` (LTO, panic = "abort")
#     lib/cmake/jwtv/jwtvConfig.cmake        find_package(jwtv CONFIG): imported target jwtv::jwtv
#     lib/cmake/jwtv/jwtvConfigVersion.cmake
#     lib/pkgconfig/jwtv.pc                  pkg-config --cflags --libs jwtv
#     README.md, LICENSE-MIT, LICENSE-APACHE, BUILD.txt (target, features, toolchain)
#
# and target/c-release/jwtv-capi-<version>-<target>.tar.gz. Usage, from anywhere:
#
#   bash capi/release.sh [--features LIST] [--out DIR] [TARGET ...]
#
# Without targets: every target below. --features replaces the library's default features
# (RSA, ES256, HMAC, SHA-384/512, asm) with LIST (e.g. rsa,asm, or
# rsa,rsa-4096,ecdsa,hmac,sha512,asm,eddsa); the archive's CMake target and pkg-config file
# carry the matching JWTV_FEATURE_* definitions.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS=(
  thumbv6m-none-eabi           # Cortex-M0, M0+ (RP2040, STM32G0/L0, nRF51)
  thumbv7m-none-eabi           # Cortex-M3 (STM32F1/F2/L1)
  thumbv7em-none-eabi          # Cortex-M4/M7, soft-float ABI
  thumbv7em-none-eabihf        # Cortex-M4F/M7F, hard-float ABI (STM32F4/F7/L4, nRF52)
  thumbv8m.main-none-eabihf    # Cortex-M33/M35P/M55, hard-float (nRF53/91, STM32L5/U5, RP2350)
  riscv32imc-unknown-none-elf  # ESP32-C3, CH32V, GD32VF
  riscv32imac-unknown-none-elf # ESP32-C6/H2, atomics
  x86_64-unknown-linux-gnu     # gateways, tests
  aarch64-unknown-linux-gnu    # gateways (Raspberry Pi, i.MX 8)
)
features=""
outdir=target/c-release
targets=()
while (($#)); do
  case "$1" in
    --features) features="$2"; shift 2 ;;
    --out) outdir="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "release.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
((${#targets[@]})) || targets=("${TARGETS[@]}")
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' capi/Cargo.toml | head -n 1)"
[[ -n "$version" ]] || { echo "release.sh: no version in capi/Cargo.toml" >&2; exit 1; }
major="${version%%.*}"; rest="${version#*.}"; minor="${rest%%.*}"
feature_args=()
defines=""
cflags=""
if [[ -n "$features" ]]; then
  feature_args=(--no-default-features --features "$features")
  for f in es384 es512 eddsa; do
    if [[ ",$features," == *",$f,"* ]]; then
      define="JWTV_FEATURE_$(tr '[:lower:]' '[:upper:]' <<<"$f")"
      defines="${defines:+$defines;}$define"
      cflags="$cflags -D$define"
    fi
  done
fi
mkdir -p "$outdir"
for target in "${targets[@]}"; do
  rustup target add "$target" >/dev/null 2>&1 || true
  # The system libraries a library with std needs (none on bare metal), as rustc reports them
  # when it links the library (so the crate is rebuilt: a fresh build prints nothing).
  cargo clean -q -p jwtv-capi --target "$target" --profile capi
  native="$(cargo rustc -q -p jwtv-capi --profile capi --target "$target" --crate-type staticlib \
    "${feature_args[@]}" -- --print native-static-libs 2>&1 \
    | sed -n 's/.*native-static-libs: //p' | tail -n 1)"
  name="jwtv-capi-$version-$target"
  stage="$outdir/$name"
  rm -rf "$stage"
  mkdir -p "$stage/include" "$stage/lib/cmake/jwtv" "$stage/lib/pkgconfig"
  cp capi/include/jwtv.h "$stage/include/"
  cp "target/$target/capi/libjwtv_capi.a" "$stage/lib/"
  # -lc is the C program's own; the rest become the imported target's link libraries.
  libs="$(tr ' ' '\n' <<<"$native" | { grep -v -e '^-lc$' -e '^$' || true; } | tr '\n' ' ' | sed 's/ $//')"
  link_libraries="$(sed 's/-l//g; s/ /;/g' <<<"$libs")"
  fill() {
    sed -e "s|@TARGET@|$target|g" -e "s|@FEATURES@|${features:-default}|g" \
      -e "s|@VERSION@|$version|g" -e "s|@VERSION_MAJOR@|$major|g" -e "s|@VERSION_MINOR@|$minor|g" \
      -e "s|@DEFINES@|$defines|g" -e "s|@LINK_LIBRARIES@|$link_libraries|g" \
      -e "s|@LIBS_PRIVATE@|$libs|g" -e "s|@CFLAGS@|$cflags|g" "$1" >"$2"
  }
  fill capi/cmake/jwtvConfig.cmake.in "$stage/lib/cmake/jwtv/jwtvConfig.cmake"
  fill capi/cmake/jwtvConfigVersion.cmake.in "$stage/lib/cmake/jwtv/jwtvConfigVersion.cmake"
  fill capi/cmake/jwtv.pc.in "$stage/lib/pkgconfig/jwtv.pc"
  cp capi/README.md LICENSE-MIT LICENSE-APACHE "$stage/"
  {
    echo "jwtv C library $version for $target"
    echo "features: ${features:-default (rsa, rsa-4096, ecdsa, hmac, sha512, asm)}"
    echo "built by: $(rustc -V), cargo rustc -p jwtv-capi --profile capi --target $target --crate-type staticlib ${feature_args[*]}"
    echo "system libraries (host targets): ${libs:-none}"
  } >"$stage/BUILD.txt"
  tar -C "$outdir" -czf "$outdir/$name.tar.gz" "$name"
  echo "$outdir/$name.tar.gz: $(stat -c %s "$stage/lib/libjwtv_capi.a") bytes of library"
done
