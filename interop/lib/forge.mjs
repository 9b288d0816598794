// Tokens made from the OP's real tokens, for the negative cases: the same claims with one thing
// wrong. Signing uses Node's crypto only.
import { createHmac, sign as cryptoSign, constants } from 'node:crypto';

const b64u = (buf) => Buffer.from(buf).toString('base64url');
export const decodePart = (token, i) => JSON.parse(Buffer.from(token.split('.')[i], 'base64url'));
export const header = (token) => decodePart(token, 0);
export const claims = (token) => decodePart(token, 1);

const HASH = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };

/** A JWS signature over `input` with `alg`: `key` is a private KeyObject, or the HMAC key's bytes. */
export function signature(alg, key, input) {
  const hash = HASH[alg.slice(2)];
  const data = Buffer.from(input);
  if (alg.startsWith('HS')) return createHmac(hash, key).update(data).digest();
  if (alg.startsWith('RS')) return cryptoSign(hash, data, { key, padding: constants.RSA_PKCS1_PADDING });
  if (alg.startsWith('PS')) {
    return cryptoSign(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 });
  }
  if (alg.startsWith('ES')) return cryptoSign(hash, data, { key, dsaEncoding: 'ieee-p1363' });
  if (alg === 'EdDSA' || alg === 'Ed25519') return cryptoSign(null, data, key);
  throw new Error(`cannot sign ${alg}`);
}

/** A compact JWS of `headerObject` and `payload` (an object, or exact bytes). */
export function jws(headerObject, payload, alg, key) {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload));
  const input = `${b64u(JSON.stringify(headerObject))}.${b64u(body)}`;
  return `${input}.${b64u(signature(alg, key, input))}`;
}

/**
 * The token with one byte of its payload changed and its signature kept: a character of the
 * `sub` value is replaced, so that the claims are still well-formed JSON and only the signature
 * is wrong.
 */
export function changePayloadByte(token) {
  const [h, p, s] = token.split('.');
  const bytes = Buffer.from(p, 'base64url');
  const at = bytes.indexOf('"sub":"') + '"sub":"'.length;
  if (at < '"sub":"'.length) throw new Error('no sub to change');
  bytes[at] = bytes[at] === 0x58 ? 0x59 : 0x58; // 'X' or 'Y'
  return `${h}.${b64u(bytes)}.${s}`;
}

/** The same header and claims, signed with another key of the same kind (the kid unchanged). */
export const resign = (token, key) => {
  const [h, p] = token.split('.');
  const hdr = header(token);
  const input = `${h}.${p}`;
  return `${input}.${b64u(signature(hdr.alg, key, input))}`;
};

/**
 * Algorithm confusion (RFC 8725 §2.1): the claims signed HS256 with the issuer's public key's
 * bytes as the HMAC secret, header naming that key's kid. Every encoding a confused verifier might
 * feed HMAC: PEM SPKI, DER SPKI, the JWK's JSON, and the raw modulus (RSA) or point (EC) both as
 * bytes and as the base64url text of the JWK member.
 */
export function confusionSecrets(publicKey) {
  const jwk = publicKey.export({ format: 'jwk' });
  const raw = jwk.kty === 'RSA'
    ? { name: 'n', b64: jwk.n }
    : { name: 'x', b64: jwk.x };
  return {
    'pem-spki': Buffer.from(publicKey.export({ format: 'pem', type: 'spki' })),
    'der-spki': publicKey.export({ format: 'der', type: 'spki' }),
    'jwk-json': Buffer.from(JSON.stringify(jwk)),
    [`${raw.name}-bytes`]: Buffer.from(raw.b64, 'base64url'),
    [`${raw.name}-base64url`]: Buffer.from(raw.b64),
  };
}

export function confusedToken(token, kid, secret) {
  const hdr = { ...header(token), alg: 'HS256', kid };
  return jws(hdr, Buffer.from(token.split('.')[1], 'base64url'), 'HS256', secret);
}
