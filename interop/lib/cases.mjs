// The cases: each captured token with the policy a relying party would verify it under and the
// outcome the specifications call for. Expected outcomes are the verifier's error codes
// (verifier/src/error.rs) for the rule the case breaks, with that rule in `why`; `expect` may
// list several codes where the specifications allow either check to fire first.
import { claims, header, jws, changePayloadByte, resign, confusionSecrets, confusedToken } from './forge.mjs';

const FLOW_SOURCE = {
  // response_type: how the ID token arrives, for --id-token-source (OIDC Core §3.1.3.7, §3.2.2.11, §3.3.2.12).
  code: 'token-endpoint',
  id_token: 'implicit',
  'id_token token': 'implicit',
  'code id_token': 'hybrid',
  'code id_token token': 'hybrid',
};
const NEEDS_SOURCE = 'needs verify --id-token-source';
const NEEDS_LOGOUT = 'needs verify --profile logout_token';

/**
 * Builds every case from what the driver captured. `ctx`: { issuer, implemented (algorithm
 * names), caps (verifyCapabilities), deviceKeys, rotatedKeys, secretFiles, otherKeys, opKeys }.
 */
export function buildCases(captured, ctx) {
  const cases = [];
  // A case that needs a command-line option this build of jwtv lacks is still verified
  // by the library, but reported as skipped, not passed.
  const add = (c) => {
    const cliSkip = (c.needs === 'source' && !ctx.caps.idTokenSource && NEEDS_SOURCE)
      || (c.needs === 'logout' && !ctx.caps.logoutProfile && NEEDS_LOGOUT) || undefined;
    cases.push({ jwks: ctx.jwksByAlg?.[c.alg] ?? ctx.deviceKeys, ...c, needs: undefined, cli_skip: cliSkip });
  };
  // What a token of `alg` must give when everything else is right: valid if this build
  // implements the algorithm, otherwise unsupported_algorithm (the build cannot check it).
  const validFor = (alg) => (ctx.implemented.includes(alg)
    ? { expect: 'valid', why: 'a genuine token from the OP, verified under its own flow\'s rules' }
    : { expect: 'unsupported_algorithm', why: `${alg} is not implemented by this build of the verifier` });

  for (const [name, flows] of Object.entries(captured.idTokens)) {
    const client = captured.clients[name];
    const { alg } = client;
    const base = { issuer: captured.issuer, audience: client.client_id };
    const secret = client.secret_file ? { secret_file: client.secret_file } : {};
    const expectValid = client.weak
      ? { expect: 'key_not_found', why: 'RFC 7518 §3.2: a 16-byte client secret is not an HS256 key (at least 32 bytes), so no key verifies the token' }
      : validFor(alg);
    for (const [responseType, got] of Object.entries(flows)) {
      const flow = responseType.replaceAll(' ', '+');
      const policy = { profile: 'id_token', ...base, nonce: got.nonce, max_age: captured.maxAge };
      const at = (token) => claims(token).iat + 5;
      const one = (id, token, extra, expectation, needs) => add({
        id: `${name}/${flow}/${id}`, kind: 'id_token', alg, flow: responseType, token, now: at(token),
        ...secret, policy: { ...policy, ...extra }, ...expectation, needs,
      });
      const front = got.front.id_token;
      const back = got.back?.id_token;
      const source = FLOW_SOURCE[responseType];
      if (front) {
        const hashes = {};
        if (got.front.access_token) hashes.access_token = got.front.access_token;
        if (got.front.code) hashes.code = got.front.code;
        one('front', front, hashes, expectValid);
        one('front/source', front, { ...hashes, id_token_source: source, response_type: responseType }, expectValid, 'source');
        if (!client.weak && ctx.implemented.includes(alg)) {
          const flowRule = { id_token_source: source, response_type: responseType };
          if (hashes.access_token) {
            const wrong = { ...hashes, access_token: captured.strangers.access_token };
            const expectation = { expect: 'at_hash_mismatch', why: 'OIDC Core §3.2.2.9, §3.3.2.11: at_hash must match the access token issued with it' };
            one('front/other-access-token', front, wrong, expectation);
            one('front/source/other-access-token', front, { ...wrong, ...flowRule }, expectation, 'source');
          }
          if (hashes.code) {
            const wrong = { ...hashes, code: captured.strangers.code };
            const expectation = { expect: 'c_hash_mismatch', why: 'OIDC Core §3.3.2.11: c_hash must match the code issued with it' };
            one('front/other-code', front, wrong, expectation);
            one('front/source/other-code', front, { ...wrong, ...flowRule }, expectation, 'source');
          }
        }
      }
      if (back) {
        one('token-endpoint', back, {}, expectValid);
        one('token-endpoint/source', back,
          { id_token_source: 'token-endpoint', response_type: responseType, access_token: got.back.access_token },
          expectValid, 'source');
        if (!client.weak && ctx.implemented.includes(alg) && claims(back).at_hash) {
          const expectation = { expect: 'at_hash_mismatch', why: 'OIDC Core §3.1.3.8: an at_hash that is present must match the access token' };
          one('token-endpoint/other-access-token', back, { access_token: captured.strangers.access_token }, expectation);
          one('token-endpoint/source/other-access-token', back,
            { id_token_source: 'token-endpoint', response_type: responseType, access_token: captured.strangers.access_token }, expectation, 'source');
        }
      }
    }
    if (!client.weak && ctx.implemented.includes(alg)) {
      negatives(add, alg, flows.code, { policy: { profile: 'id_token', ...base, nonce: flows.code.nonce, max_age: captured.maxAge }, secret, ctx, captured });
    }
  }

  resourceBound(add, captured);
  accessTokens(add, captured, validFor);
  confusion(add, captured, ctx);
  crossType(add, captured);
  logoutTokens(add, captured, validFor, ctx);
  rotation(add, captured, ctx);
  rfc9864Pins(add, captured, ctx);
  return cases;
}

// RFC 9864's Ed25519 and the key's `alg` (RFC 7517 §4.4): a device provisioned from an OP that
// publishes its OKP key pinned to `EdDSA` (oidc-provider 8) does not verify `Ed25519` tokens
// signed with that same key; the key set the `Ed25519` OP publishes does.
function rfc9864Pins(add, captured, ctx) {
  const got = captured.idTokens.Ed25519?.code;
  if (!got || !ctx.implemented.includes('Ed25519')) return;
  const token = got.back.id_token;
  const client = captured.clients.Ed25519;
  add({
    id: 'Ed25519/code/key-pinned-EdDSA', kind: 'id_token', alg: 'Ed25519', flow: 'code', token, now: claims(token).iat + 5,
    jwks: ctx.deviceKeys,
    policy: { profile: 'id_token', issuer: captured.issuer, audience: client.client_id, nonce: got.nonce, max_age: captured.maxAge },
    expect: 'key_not_found', why: 'RFC 7517 §4.4, RFC 9864: the OKP key oidc-provider 8 publishes is pinned to EdDSA; an Ed25519 token does not select it',
  });
}

// The same genuine code-flow ID token, with one rule broken at a time.
function negatives(add, alg, got, { policy, secret, ctx, captured }) {
  const token = got.back.id_token;
  const c = claims(token);
  const timeless = { ...policy, max_age: undefined };
  const one = (id, extra) => add({
    id: `${alg}/code/${id}`, kind: 'id_token', alg, flow: 'code', token, now: c.iat + 5, ...secret,
    policy, ...extra,
  });
  one('wrong-nonce', { policy: { ...policy, nonce: `${policy.nonce}x` }, expect: 'nonce_mismatch', why: 'OIDC Core §3.1.3.7 item 11: nonce must equal the one sent' });
  one('wrong-audience', { policy: { ...policy, audience: `${policy.audience}-other` }, expect: 'audience_mismatch', why: 'OIDC Core §3.1.3.7 item 3: aud must contain the client id' });
  one('wrong-issuer', { policy: { ...policy, issuer: `${policy.issuer}/other` }, expect: 'issuer_mismatch', why: 'OIDC Core §3.1.3.7 item 2: iss must equal the issuer' });
  one('now-at-exp', { now: c.exp, policy: timeless, expect: 'expired', why: 'RFC 7519 §4.1.4: now must be before exp' });
  one('now-past-exp-within-leeway', { now: c.exp + 30, policy: { ...timeless, leeway: 60 }, expect: 'valid', why: 'RFC 7519 §4.1.4: a small leeway for clock skew' });
  one('now-past-exp-beyond-leeway', { now: c.exp + 61, policy: { ...timeless, leeway: 60 }, expect: 'expired', why: 'RFC 7519 §4.1.4: exp plus leeway has passed' });
  one('now-before-iat', { now: c.iat - 30, policy: timeless, expect: 'issued_in_future', why: 'OIDC Core §3.1.3.7 item 10: iat in the future is refused' });
  one('now-before-iat-within-leeway', { now: c.iat - 30, policy: { ...timeless, leeway: 60 }, expect: 'valid', why: 'iat within the leeway' });
  one('auth-too-old', { now: c.auth_time + captured.maxAge + 1, expect: 'auth_too_old', why: 'OIDC Core §3.1.3.7 item 13: auth_time + max_age has passed' });
  one('payload-byte-changed', { token: changePayloadByte(token), expect: 'invalid_signature', why: 'RFC 7515 §5.2: the signature covers the payload' });
  const other = alg.startsWith('HS') ? ctx.otherSecret : ctx.otherKeys[alg];
  one('signed-by-another-key', { token: resign(token, other), expect: 'invalid_signature', why: 'RFC 7515 §5.2: same kid, another key of the same kind' });
  // oidc-provider sets no nbf: the same claims with one added, signed again with the OP's own
  // key (or the client secret), beside the unchanged claims signed the same way as the control.
  const opKey = alg.startsWith('HS') ? Buffer.from(captured.clients[alg].client_secret) : ctx.keyFor(alg).privateKey;
  const withNbf = jws(header(token), { ...c, nbf: c.iat + 60 }, alg, opKey);
  one('re-signed-unchanged', { token: jws(header(token), c, alg, opKey), expect: 'valid', why: 'the control: the same claims, signed again by the OP\'s key' });
  one('nbf-in-future', { token: withNbf, policy: timeless, expect: 'not_yet_valid', why: 'RFC 7519 §4.1.5: now must not be before nbf' });
  one('nbf-in-future-within-leeway', { token: withNbf, policy: { ...timeless, leeway: 60 }, expect: 'valid', why: 'RFC 7519 §4.1.5: nbf within the leeway' });
}

// The ID token of the code flow that also asked for a resource (its access token is a JWT).
function resourceBound(add, captured) {
  const got = captured.resourceFlow;
  const token = got.back.id_token;
  add({ id: 'RS256/code-with-resource/token-endpoint', kind: 'id_token', alg: 'RS256', flow: 'code', token, now: claims(token).iat + 5,
    policy: { profile: 'id_token', issuer: captured.issuer, audience: captured.clients.RS256.client_id, nonce: got.nonce, max_age: captured.maxAge },
    expect: 'valid', why: 'a genuine token from the OP' });
}

// RFC 9068 access tokens: client credentials per algorithm, and the code flow with a resource.
function accessTokens(add, captured, validFor) {
  for (const at of captured.accessTokens) {
    const c = claims(at.token);
    const policy = { profile: 'access_token', issuer: captured.issuer, audience: at.resource };
    const base = { kind: 'access_token', alg: at.alg, flow: at.flow, token: at.token, now: c.iat + 5, policy };
    const id = `at/${at.flow}/${at.alg}`;
    add({ ...base, id, ...validFor(at.alg) });
    if (!validFor(at.alg).expect.startsWith('valid')) continue;
    add({ ...base, id: `${id}/wrong-resource`, policy: { ...policy, audience: `${at.resource}-other` }, expect: 'audience_mismatch', why: 'RFC 9068 §4: aud must name this resource server' });
    add({ ...base, id: `${id}/now-at-exp`, now: c.exp, expect: 'expired', why: 'RFC 9068 §4 / RFC 7519 §4.1.4' });
    add({ ...base, id: `${id}/payload-byte-changed`, token: changePayloadByte(at.token), expect: 'invalid_signature', why: 'RFC 7515 §5.2' });
  }
}

// HS256 keyed with the issuer's public key (RFC 8725 §2.1, §3.1): the kid names an RSA or EC
// key, which cannot verify HMAC. Against the issuer's key set alone no key fits; a relying party
// that also holds its client secret may instead try the secret, whose HMAC does not match.
function confusion(add, captured, ctx) {
  for (const { alg, key } of [{ alg: 'RS256', key: ctx.opKeys.rsa2048 }, { alg: 'ES256', key: ctx.opKeys.p256 }]) {
    const got = captured.idTokens[alg].code;
    const token = got.back.id_token;
    const client = captured.clients[alg];
    const policy = { profile: 'id_token', issuer: captured.issuer, audience: client.client_id, nonce: got.nonce };
    for (const [encoding, secret] of Object.entries(confusionSecrets(key.publicKey))) {
      const forged = confusedToken(token, key.kid, secret);
      const base = { kind: 'id_token', alg: 'HS256', flow: 'code', token: forged, now: claims(token).iat + 5, policy };
      add({ ...base, id: `confusion/${key.name}/${encoding}`, expect: 'key_not_found', why: 'RFC 8725 §3.1: no key in the set is an HMAC key' });
      // The same relying party also holding an HMAC client secret (HS256 then has a key).
      add({ ...base, id: `confusion/${key.name}/${encoding}/with-client-secret`, secret_file: captured.clients.HS256.secret_file,
        expect: ['key_not_found', 'invalid_signature'],
        why: 'RFC 8725 §3.1: the kid names a public key; the client secret\'s HMAC does not match' });
    }
  }
}

// Explicit typing (RFC 8725 §3.11): one kind of token is not accepted as another.
function crossType(add, captured) {
  const idt = captured.idTokens.RS256.code;
  const rp = captured.clients.RS256.client_id;
  const at = captured.accessTokens.find((t) => t.flow === 'code');
  const iss = captured.issuer;
  const now = (t) => claims(t).iat + 5;
  add({ id: 'cross/id-token-as-access-token', kind: 'id_token', alg: 'RS256', flow: 'code', token: idt.back.id_token, now: now(idt.back.id_token),
    policy: { profile: 'access_token', issuer: iss, audience: rp }, expect: 'type_mismatch', why: 'RFC 9068 §4: typ must be at+jwt' });
  add({ id: 'cross/access-token-as-id-token', kind: 'access_token', alg: at.alg, flow: 'code', token: at.token, now: now(at.token),
    policy: { profile: 'id_token', issuer: iss, audience: claims(at.token).aud }, expect: 'type_mismatch', why: 'RFC 9068 §2.1, RFC 8725 §3.11: typ at+jwt is not an ID token' });
  const lt = captured.logoutTokens.find((t) => t.alg === 'RS256');
  const ltTyp = header(lt.token).typ;
  add({ id: 'cross/logout-token-as-id-token', kind: 'logout_token', alg: lt.alg, flow: 'backchannel', token: lt.token, now: now(lt.token),
    policy: { profile: 'id_token', issuer: iss, audience: lt.client_id, nonce: idt.nonce },
    ...(ltTyp === 'logout+jwt'
      ? { expect: 'type_mismatch', why: 'Back-Channel Logout §2.4: typ logout+jwt is not an ID token' }
      : { expect: 'nonce_mismatch', why: 'Back-Channel Logout §2.4: a logout token carries no nonce' }) });
  add({ id: 'cross/id-token-as-logout-token', kind: 'id_token', alg: 'RS256', flow: 'code', token: idt.back.id_token, now: now(idt.back.id_token),
    policy: { profile: 'logout_token', issuer: iss, audience: rp }, expect: ['type_mismatch', 'missing_claim'],
    why: 'Back-Channel Logout §2.6: a logout token has typ logout+jwt and an events claim', needs: 'logout' });
}

// Back-channel logout tokens the OP POSTed to the driver's endpoint.
function logoutTokens(add, captured, validFor, ctx) {
  for (const lt of captured.logoutTokens) {
    const client = captured.clients[lt.alg];
    const c = claims(lt.token);
    const base = { kind: 'logout_token', alg: lt.alg, flow: 'backchannel', token: lt.token, now: c.iat + 5,
      ...(client.secret_file ? { secret_file: client.secret_file } : {}),
      policy: { profile: 'logout_token', issuer: captured.issuer, audience: client.client_id }, needs: 'logout' };
    add({ ...base, id: `logout/${lt.alg}`, ...validFor(lt.alg) });
    add({ ...base, id: `logout/${lt.alg}/wrong-audience`, policy: { ...base.policy, audience: `${client.client_id}-other` },
      expect: 'audience_mismatch', why: 'Back-Channel Logout §2.6 / OIDC Core §3.1.3.7 item 3' });
    add({ ...base, id: `logout/${lt.alg}/now-at-exp`, now: c.exp, expect: 'expired', why: 'Back-Channel Logout §2.6: exp' });
  }
  // The RS256 logout token's claims changed and signed again with the OP's own key, so that only
  // the changed rule is broken.
  const lt = captured.logoutTokens.find((t) => t.alg === 'RS256');
  const c = claims(lt.token);
  const event = 'http://schemas.openid.net/event/backchannel-logout';
  const opKey = ctx.keyFor('RS256');
  const variant = (id, payload, expectation, policy = {}) => add({
    id: `logout/RS256/${id}`, kind: 'logout_token', alg: 'RS256', flow: 'backchannel',
    token: jws(header(lt.token), payload, 'RS256', opKey.privateKey), now: c.iat + 5,
    policy: { profile: 'logout_token', issuer: captured.issuer, audience: lt.client_id, ...policy }, needs: 'logout', ...expectation,
  });
  const without = (...names) => Object.fromEntries(Object.entries(c).filter(([k]) => !names.includes(k)));
  variant('re-signed-unchanged', c, { expect: 'valid', why: 'the control: the same claims, signed again by the OP\'s key' });
  variant('with-nonce', { ...c, nonce: 'n-0S6_WzA2Mj' }, { expect: 'prohibited_claim', why: 'Back-Channel Logout §2.4: a logout token must not contain nonce' });
  variant('without-events', without('events'), { expect: ['missing_claim', 'invalid_logout_event'], why: 'Back-Channel Logout §2.4, §2.6 step 6: events is required' });
  variant('event-not-an-object', { ...c, events: { [event]: true } }, { expect: 'invalid_logout_event', why: 'Back-Channel Logout §2.4: the event member is a JSON object' });
  variant('without-sub-and-sid', without('sub', 'sid'), { expect: 'missing_claim', why: 'Back-Channel Logout §2.4: sub, sid or both' });
  add({ id: 'cross/untyped-logout-token-as-id-token', kind: 'logout_token', alg: 'RS256', flow: 'backchannel',
    token: jws({ alg: 'RS256', kid: header(lt.token).kid }, c, 'RS256', opKey.privateKey), now: c.iat + 5,
    policy: { profile: 'id_token', issuer: captured.issuer, audience: lt.client_id },
    expect: 'prohibited_claim', why: 'Back-Channel Logout §4.1: a token with events is never an ID token, typ or not' });
}

// Key rotation: the OP publishes a new signing key first and keeps the old one.
function rotation(add, captured, ctx) {
  const r = captured.rotation;
  const rp = captured.clients.RS256.client_id;
  const policy = (nonce) => ({ profile: 'id_token', issuer: captured.issuer, audience: rp, nonce });
  const base = { kind: 'id_token', alg: 'RS256', flow: 'code' };
  add({ ...base, id: 'rotation/new-key/previous-key-set', token: r.newToken.token, now: claims(r.newToken.token).iat + 5, policy: policy(r.newToken.nonce),
    expect: 'key_not_found', why: 'the device\'s key set predates the new key (kid unknown)' });
  add({ ...base, id: 'rotation/new-key/re-provisioned', jwks: ctx.rotatedKeys, token: r.newToken.token, now: claims(r.newToken.token).iat + 5,
    policy: policy(r.newToken.nonce), expect: 'valid', why: 're-provisioned from the OP\'s new JWKS' });
  add({ ...base, id: 'rotation/old-key/re-provisioned', jwks: ctx.rotatedKeys, token: r.oldToken.token, now: claims(r.oldToken.token).iat + 5,
    policy: policy(r.oldToken.nonce), expect: 'valid', why: 'the old key is still published' });
}
