#!/usr/bin/env bash
# What this starter costs on the Cortex-M4, as the README's Memory table and Cargo.toml's comment
# give it: flash (text + data of the ELF: what is written to flash), the stack peak around the
# four verifications and their printing, and the instructions of one RS256 `verify` of the valid
# token (exact under QEMU's -icount: the runner in .cargo/config.toml), for the starter as it is
# and with the `jwtv` features line changed as a user would change it. Prints a Markdown table.
#
# Run in this folder (in the repository or a copy of it): bash measure.sh
# Needs what `cargo run --release` needs (the thumbv7em target, qemu-system-arm) and python3.
# Each variant is built in a temporary copy of this folder; this folder is left as it was.
set -euo pipefail
cd "$(dirname "$0")"
here="$PWD"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The `jwtv` dependency's path, made absolute so that the copies find it.
verifier_path="$(sed -n 's/^jwtv = { path = "\([^"]*\)".*/\1/p' Cargo.toml)"
[[ -n "$verifier_path" ]] || { echo "measure.sh: no 'jwtv = { path = ... }' line in Cargo.toml" >&2; exit 2; }
[[ "$verifier_path" = /* ]] || verifier_path="$here/$verifier_path"
verifier_path="$(cd "$verifier_path" && pwd)"
features_now='default-features = false, features = ["rsa", "asm"]'
grep -qF "$features_now" Cargo.toml || {
  echo "measure.sh: Cargo.toml's jwtv line no longer has $features_now; update the variants here" >&2
  exit 2
}

flash() { # text + data of an ELF: the sizes of its allocated sections that hold bytes
  python3 - "$1" <<'PY'
import struct, sys
elf = open(sys.argv[1], "rb").read()
assert elf[:4] == b"\x7fELF" and elf[4] == 1, "a 32-bit ELF"
shoff, = struct.unpack_from("<I", elf, 0x20)
shentsize, shnum = struct.unpack_from("<HH", elf, 0x2E)
total = 0
for i in range(shnum):
    _, kind, flags, _, _, size = struct.unpack_from("<IIIIII", elf, shoff + i * shentsize)
    if flags & 0x2 and kind != 8:  # SHF_ALLOC, not SHT_NOBITS (.bss, .uninit)
        total += size
print(total)
PY
}

measure() { # label, replacement for the features: one table row
  local label="$1" features="$2" copy="$work/$RANDOM"
  mkdir "$copy"
  tar --exclude=./target -cf - . | tar -C "$copy" -xf -
  # The one line changed, as text (no pattern): the path made absolute, the features replaced.
  python3 - "$copy/Cargo.toml" "$features_now" "$verifier_path" "$features" <<'PY'
import re, sys
path, now, verifier, features = sys.argv[1:]
text = open(path).read()
line = re.search(r'^jwtv = \{ path = "[^"]*", (.*)$', text, re.M)
assert line and line.group(1).startswith(now), "the jwtv line of Cargo.toml"
new = f'jwtv = {{ path = "{verifier}", {features}' + line.group(1)[len(now):]
open(path, "w").write(text[:line.start()] + new + text[line.end():])
PY
  export CARGO_TARGET_DIR="$here/target/measure"
  (cd "$copy" && cargo build -q --release)
  local bytes
  bytes="$(flash "$CARGO_TARGET_DIR/thumbv7em-none-eabihf/release/id-token-starter")"
  local out
  out="$(cd "$copy" && timeout 600 cargo run -q --release --features measure)"
  local instructions stack
  instructions="$(sed -n 's/^measure: valid verify \([0-9]*\) instructions$/\1/p' <<<"$out")"
  stack="$(sed -n 's/^measure: stack peak \([0-9]*\) bytes$/\1/p' <<<"$out")"
  [[ -n "$instructions" && -n "$stack" ]] || { echo "measure.sh: no measurement in: $out" >&2; exit 1; }
  printf '| %s | %s B | %s B | %s |\n' "$label" "$(group "$bytes")" "$(group "$stack")" \
    "$(group "$instructions")"
}

group() { python3 -c 'import sys; print(f"{int(sys.argv[1]):,}")' "$1"; }

tokens=0
for file in tokens/*.jwt; do
  # As the image embeds them: without trailing whitespace.
  tokens=$((tokens + $(python3 -c 'import sys; print(len(open(sys.argv[1], "rb").read().rstrip()))' "$file")))
done

echo "Measured by \`bash measure.sh\`: $(rustc --version | cut -d' ' -f1-2), $(qemu-system-arm --version | head -n 1 | sed 's/ (.*//'), -icount shift=0."
echo
echo '| `jwtv` features | flash | stack peak | RS256 `verify`, instructions |'
echo '| --- | ---: | ---: | ---: |'
measure '`["rsa", "asm"]` (this starter)' "$features_now"
measure '`["rsa"]` (no `asm`: the portable Rust)' 'default-features = false, features = ["rsa"]'
measure "the verifier's default (every RSA size, ES256, HMAC, SHA-512, \`asm\`)" 'features = []'
# The same program with a made-up verdict instead of `verify` (the `baseline` feature): the
# image less this one is the verifier's share, keys included.
baseline_copy="$work/baseline"
mkdir "$baseline_copy"
tar --exclude=./target -cf - . | tar -C "$baseline_copy" -xf -
sed -i "s|path = \"$(sed -n 's/^jwtv = { path = "\([^"]*\)".*/\1/p' Cargo.toml)\"|path = \"$verifier_path\"|" \
  "$baseline_copy/Cargo.toml"
export CARGO_TARGET_DIR="$here/target/measure"
(cd "$baseline_copy" && cargo build -q --release --features baseline)
baseline="$(flash "$CARGO_TARGET_DIR/thumbv7em-none-eabihf/release/id-token-starter")"
(cd "$baseline_copy" && cargo build -q --release)
starter="$(flash "$CARGO_TARGET_DIR/thumbv7em-none-eabihf/release/id-token-starter")"
echo
echo "Of the flash, the four test tokens are $(group "$tokens") B: drop them in a product."
echo "The verifier and its two keys take $(group "$((starter - baseline))") B of this starter's flash (the image less the same program with a made-up verdict, \`--features baseline\`)."
