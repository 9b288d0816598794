#!/usr/bin/env bash
# Regenerates the starter's test tokens (tokens/*.jwt) with the repository's test key
# fixtures/keys/rsa2048-a.json, the private half of the first key in jwks.json. Test-only material,
# published on purpose: never put it, or a token it signed, on a real device.
#
# Run inside the repository checkout: bash examples/cortex-m4/tokens/make-tokens.sh
# Each token is one `jwtv sign` (PKCS#1 v1.5 is deterministic: same bytes every time):
#   jwtv sign --jwk fixtures/keys/rsa2048-a.json --alg RS256 \
#       --header tokens/header.json --claims tokens/<name>.json
# The header file sets the Auth0-style kid of that key (and typ "JWT").
set -euo pipefail
cd "$(dirname "$0")"
here="$PWD"
repo="$(cd ../../.. && pwd)"

# From the repository's root: inside this folder, cargo would read the starter's
# .cargo/config.toml and build jwtv for the Cortex-M4.
sign() {
  (cd "$repo" && cargo run -q -p host-harness -- sign \
    --jwk fixtures/keys/rsa2048-a.json --alg RS256 --header "$here/header.json" \
    --claims <(tr -d '\n' <"$here/$1")) # the payload is signed verbatim: without the newline
}

# valid: right issuer and audience, exp after the starter's fixed `now` (1700000000).
# expired: exp 1699986000, before `now`.
# wrong-audience: issued for another client of the tenant.
for name in valid expired wrong-audience; do
  printf '%s' "$(sign "$name.json")" >"$name.jwt"
done

# tampered: the valid token's header and signature around another payload (tampered.json:
# another sub and nickname), as if someone edited the claims after signing.
valid="$(cat valid.jwt)"
other="$(sign tampered.json)"
printf '%s.%s.%s' "$(cut -d. -f1 <<<"$valid")" "$(cut -d. -f2 <<<"$other")" \
  "$(cut -d. -f3 <<<"$valid")" >tampered.jwt
