// The OP's signing keys, new every run: private JWKs for oidc-provider, and the KeyObjects the
// driver needs to forge negatives (another key of the same shape, algorithm confusion).
import { generateKeyPairSync, randomBytes } from 'node:crypto';

// What the OP signs with. `alg` pins a key to one algorithm (RFC 7517 §4.4); a key without it
// signs every algorithm of its type. The pinned keys come first: oidc-provider signs with the
// first key that fits the algorithm, so PS384 goes to the 3072-bit key, RS512 to the 4096-bit
// one, and every other RSA algorithm to the unpinned 2048-bit key.
export const KEY_SPECS = [
  { name: 'rsa3072-ps384', type: 'rsa', bits: 3072, alg: 'PS384' },
  { name: 'rsa4096-rs512', type: 'rsa', bits: 4096, alg: 'RS512' },
  { name: 'rsa2048', type: 'rsa', bits: 2048 },
  { name: 'p256', type: 'ec', curve: 'P-256' },
  { name: 'p384', type: 'ec', curve: 'P-384' },
  { name: 'ed25519', type: 'ed25519' },
];

/** A fresh key pair of the spec's shape: { name, kid, alg?, privateKey, publicKey, jwk }. */
export function generateKey(spec, kid = `${spec.name}-${randomBytes(4).toString('hex')}`) {
  const { privateKey, publicKey } = spec.type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: spec.bits, publicExponent: 0x10001 })
    : spec.type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: spec.curve })
      : generateKeyPairSync('ed25519');
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, use: 'sig' };
  if (spec.alg) jwk.alg = spec.alg;
  return { ...spec, kid, privateKey, publicKey, jwk };
}

export function generateKeys() {
  return KEY_SPECS.map((spec) => generateKey(spec));
}

/** Which of the OP's keys signs `alg` (the first that fits, as oidc-provider chooses). */
export function keyFor(keys, alg) {
  const type = alg.startsWith('RS') || alg.startsWith('PS') ? 'rsa'
    : alg === 'EdDSA' || alg === 'Ed25519' ? 'ed25519' : 'ec';
  const curve = { ES256: 'P-256', ES384: 'P-384' }[alg];
  return keys.find((k) => k.type === type && (!k.alg || k.alg === alg) && (!curve || k.curve === curve));
}
