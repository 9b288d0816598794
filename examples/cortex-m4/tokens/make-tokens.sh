#!/usr/bin/env bash
# Regenerates the starter's test tokens (tokens/*.jwt) with the repository's test key, copied here
# as tokens/test-key.json (fixtures/keys/rsa2048-a.json in the repository): the private half of
# the first key in jwks.json. Test-only material, published on purpose: never put it, or a token
# it signed, on a real device.
#
# Run from anywhere, in the repository or in a copy of this folder: bash tokens/make-tokens.sh
# The signing tool is the repository's `jwtv` command: $JWTV if set, else `jwtv` on the PATH
# (`cargo install --path host-harness` in a checkout), else, inside the repository, built from it.
# Each token is one `jwtv sign` (PKCS#1 v1.5 is deterministic: same bytes every time):
#   jwtv sign --jwk tokens/test-key.json --alg RS256 \
#       --header tokens/header.json --claims tokens/<name>.json
# The header file sets the Auth0-style kid of that key (and typ "JWT"). A token file written
# with `jwtv sign ... > tokens/NAME.jwt` ends in a newline; the starter embeds it without.
set -euo pipefail
cd "$(dirname "$0")"
here="$PWD"

if [[ -n "${JWTV:-}" ]]; then
  jwtv=("$JWTV")
elif command -v jwtv >/dev/null 2>&1; then
  jwtv=(jwtv)
elif [[ -f ../../../host-harness/Cargo.toml ]]; then
  # Inside the repository: built from it, from its root (inside this folder, cargo would read
  # the starter's .cargo/config.toml and build jwtv for the Cortex-M4).
  repo="$(cd ../../.. && pwd)"
  (cd "$repo" && cargo build -q -p host-harness)
  jwtv=("$repo/target/debug/jwtv")
else
  echo "make-tokens.sh: no jwtv command. Install it from a checkout of the repository" \
    "(cargo install --path host-harness), or set JWTV=/path/to/jwtv." >&2
  exit 2
fi

sign() {
  "${jwtv[@]}" sign --jwk "$here/test-key.json" --alg RS256 --header "$here/header.json" \
    --claims <(tr -d '\n' <"$here/$1") # the payload is signed verbatim: without the newline
}

# Each token goes to a temporary file first: a failed signing leaves the old token in place.
write() { # name, token
  [[ -n "$2" ]] || { echo "make-tokens.sh: no token for $1" >&2; exit 1; }
  printf '%s' "$2" >"$1.jwt.tmp"
  mv "$1.jwt.tmp" "$1.jwt"
}

# valid: right issuer and audience, exp after the starter's fixed `now` (1700000000).
# expired: exp 1699986000, before `now`.
# wrong-audience: issued for another client of the tenant.
for name in valid expired wrong-audience; do
  token="$(sign "$name.json")"
  write "$name" "$token"
done

# tampered: the valid token's header and signature around another payload (tampered.json:
# another sub and nickname), as if someone edited the claims after signing.
valid="$(cat valid.jwt)"
other="$(sign tampered.json)"
write tampered "$(cut -d. -f1 <<<"$valid").$(cut -d. -f2 <<<"$other").$(cut -d. -f3 <<<"$valid")"
