// The interop suite: a real OpenID Provider (oidc-provider) on 127.0.0.1 issues ID tokens,
// access tokens and logout tokens through every flow; the project's verifier checks each of them,
// and the negatives made from them, through the command line (jwtv verify) and through
// the library (interop-verify in interop/verify/, which calls jwtv::verify). Run it with
// `bash interop/run` from anywhere (it builds the binaries first); it writes to target/interop/.
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import { generateKeys, generateKey, keyFor } from './lib/keys.mjs';
import { startServer, createProvider, resourceFor } from './lib/provider.mjs';
import { UserAgent, authorize, clientCredentials, logout, REDIRECT_URI } from './lib/client.mjs';
import { startLogoutReceiver } from './lib/logout-receiver.mjs';
import { implementedAlgorithms, verifyCapabilities, provision, cliOutcome, libraryOutcomes } from './lib/harness.mjs';
import { buildCases } from './lib/cases.mjs';
import { summarize } from './lib/summary.mjs';

const OUT = 'target/interop';
const MAX_AGE = 300;
// What the OP signs ID tokens with: every algorithm of the verifier's families, and two
// (ES384, EdDSA) that the OP has keys for and the verifier may or may not implement.
const ID_TOKEN_ALGS = ['RS256', 'PS256', 'ES256', 'RS384', 'PS384', 'RS512', 'PS512', 'HS256', 'ES384', 'EdDSA'];
// RFC 9864's fully-specified name for EdDSA with Ed25519, which oidc-provider signs with from
// release 9 on: its ID tokens come from a 9.x OP with the same keys on the same issuer.
const ID_TOKEN_ALGS_9 = ['Ed25519'];
const RESPONSE_TYPES = ['code', 'id_token', 'id_token token', 'code id_token', 'code id_token token'];
const ACCESS_TOKEN_ALGS = ['RS256', 'PS256', 'PS384', 'RS512', 'ES256', 'ES384', 'EdDSA'];
const LOGOUT_ALGS = ['RS256', 'ES256', 'HS256'];

const started = Date.now();
process.chdir(new URL('..', import.meta.url).pathname); // paths below are from the repository root
mkdirSync(`${OUT}/secrets`, { recursive: true });
const write = (name, value) => {
  const file = `${OUT}/${name}`;
  writeFileSync(file, typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
  return file;
};

// --- What this build of the verifier can do ------------------------------------------------
const implemented = implementedAlgorithms();
const caps = verifyCapabilities();
console.log(`verifier implements: ${implemented.join(' ')}`);
console.log(`verify options: --id-token-source ${caps.idTokenSource ? 'yes' : 'no'}, --profile logout_token ${caps.logoutProfile ? 'yes' : 'no'}`);

// --- Keys and clients ------------------------------------------------------------------------
const keys = generateKeys();
const opKeys = Object.fromEntries(keys.map((k) => [k.name, k]));
const server = await startServer();
const receiver = await startLogoutReceiver();
const { issuer } = server;

async function stop() {
  await Promise.allSettled([server.close(), receiver.close()]);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => { stop().finally(() => process.exit(128 + constants.signals[signal])); });
}

const secretOf = (bytes) => randomBytes(bytes).toString('hex').slice(0, bytes);
const clients = {};
const registration = [];
for (const alg of [...ID_TOKEN_ALGS, 'HS256-weak']) {
  const weak = alg === 'HS256-weak';
  const clientId = `rp-${alg}`;
  const secret = weak ? secretOf(16) : secretOf(48);
  registration.push({
    client_id: clientId,
    client_secret: secret,
    redirect_uris: [REDIRECT_URI],
    grant_types: ['authorization_code', 'implicit'],
    response_types: RESPONSE_TYPES,
    id_token_signed_response_alg: weak ? 'HS256' : alg,
    backchannel_logout_uri: receiver.uri(clientId),
    backchannel_logout_session_required: true,
  });
  clients[alg] = { client_id: clientId, client_secret: secret, alg: weak ? 'HS256' : alg, weak };
  if (alg.startsWith('HS')) clients[alg].secret_file = write(`secrets/${clientId}.txt`, secret);
}
const service = { client_id: 'service', client_secret: secretOf(48), redirect_uris: [], response_types: [], grant_types: ['client_credentials'] };
registration.push(service);
const registration9 = [...registration];
for (const alg of ID_TOKEN_ALGS_9) {
  const clientId = `rp-${alg}`;
  const secret = secretOf(48);
  registration9.push({
    client_id: clientId,
    client_secret: secret,
    redirect_uris: [REDIRECT_URI],
    grant_types: ['authorization_code', 'implicit'],
    response_types: RESPONSE_TYPES,
    id_token_signed_response_alg: alg,
  });
  clients[alg] = { client_id: clientId, client_secret: secret, alg, weak: false, release: 9 };
}

const providerFor = (jwks) => createProvider(issuer, { jwks, clients: registration, algorithms: ID_TOKEN_ALGS });
const provider9For = (jwks) => createProvider(issuer, {
  jwks, clients: registration9, algorithms: [...ID_TOKEN_ALGS, ...ID_TOKEN_ALGS_9], release: 9,
});

async function publish(suffix) {
  const jwks = await (await fetch(`${issuer}/jwks`)).json();
  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  const jwksFile = write(`op-jwks${suffix}.json`, jwks);
  const discoveryFile = write(`op-discovery${suffix}.json`, discovery);
  const deviceFile = `${OUT}/device-keys${suffix}.json`;
  const result = provision(jwksFile, discoveryFile, deviceFile);
  const kept = JSON.parse(readFileSync(deviceFile, 'utf8')).keys.map((k) => k.kid);
  return { ...result, jwks, deviceFile, kept };
}

const captured = { issuer, maxAge: MAX_AGE, clients, idTokens: {}, accessTokens: [], logoutTokens: [] };
let provisioned;
let provisioned9;
let rotated;
try {
  server.use(providerFor(keys.map((k) => k.jwk)));
  provisioned = await publish('');
  console.log(`provisioned: ${provisioned.command}\n${provisioned.report}`);

  // --- ID tokens through every flow --------------------------------------------------------
  for (const alg of [...ID_TOKEN_ALGS, 'HS256-weak']) {
    captured.idTokens[alg] = {};
    for (const responseType of RESPONSE_TYPES) {
      captured.idTokens[alg][responseType] = await authorize(issuer, clients[alg], { responseType, maxAge: MAX_AGE });
    }
  }
  // A code and an access token issued to someone else, for the hash negatives.
  const stranger = await authorize(issuer, clients.RS256, { responseType: 'code id_token token', maxAge: MAX_AGE });
  captured.strangers = { code: stranger.front.code, access_token: stranger.front.access_token };

  // --- RFC 9068 access tokens ----------------------------------------------------------------
  for (const alg of ACCESS_TOKEN_ALGS) {
    captured.accessTokens.push({ alg, flow: 'client_credentials', resource: resourceFor(alg), token: await clientCredentials(issuer, service, resourceFor(alg)) });
  }
  const withResource = await authorize(issuer, clients.RS256, { responseType: 'code', maxAge: MAX_AGE, resource: resourceFor('RS256') });
  captured.accessTokens.push({ alg: 'RS256', flow: 'code', resource: resourceFor('RS256'), token: withResource.back.access_token });
  captured.resourceFlow = withResource;

  // --- Back-channel logout -------------------------------------------------------------------
  for (const alg of LOGOUT_ALGS) {
    const session = await authorize(issuer, clients[alg], { responseType: 'code', maxAge: MAX_AGE, agent: new UserAgent() });
    await logout(issuer, session.agent, session.back.id_token);
    captured.logoutTokens.push({ alg, client_id: clients[alg].client_id, token: await receiver.take(clients[alg].client_id) });
  }

  // --- Ed25519 (RFC 9864) ID tokens from oidc-provider 9, same keys, same issuer ----------------
  server.use(provider9For(keys.map((k) => k.jwk)));
  // A device provisioned from this OP's own JWKS: oidc-provider 8 publishes the OKP key pinned
  // to `EdDSA` (RFC 7517 §4.4), which then verifies no `Ed25519` token.
  provisioned9 = await publish('-9');
  console.log(`provisioned from oidc-provider 9: ${provisioned9.command}`);
  for (const alg of ID_TOKEN_ALGS_9) {
    captured.idTokens[alg] = {};
    for (const responseType of RESPONSE_TYPES) {
      captured.idTokens[alg][responseType] = await authorize(issuer, clients[alg], { responseType, maxAge: MAX_AGE });
    }
  }

  // --- Key rotation: a new RSA key first, the old ones still published -------------------------
  const next = generateKey({ name: 'rsa2048-next', type: 'rsa', bits: 2048 });
  server.use(providerFor([next.jwk, ...keys.map((k) => k.jwk)]));
  const after = await authorize(issuer, clients.RS256, { responseType: 'code', maxAge: MAX_AGE });
  rotated = await publish('-rotated');
  console.log(`re-provisioned after rotation: ${rotated.command}`);
  captured.rotation = {
    newKid: next.kid,
    newToken: { token: after.back.id_token, nonce: after.nonce },
    oldToken: { token: captured.idTokens.RS256.code.back.id_token, nonce: captured.idTokens.RS256.code.nonce },
  };
} finally {
  await stop();
}
console.log(`OP stopped; tokens captured in ${((Date.now() - started) / 1000).toFixed(1)} s`);

// --- The cases ---------------------------------------------------------------------------------
// Keys of the same shape as the OP's, for "signed by another key".
const otherKeys = Object.fromEntries([...ID_TOKEN_ALGS, ...ID_TOKEN_ALGS_9].filter((a) => !a.startsWith('HS')).map((alg) => {
  const { privateKey } = generateKey({ ...keyFor(keys, alg), alg: undefined });
  return [alg, privateKey];
}));
const cases = buildCases(captured, {
  implemented, caps, opKeys, otherKeys, keyFor: (alg) => keyFor(keys, alg), otherSecret: Buffer.from(secretOf(48)),
  deviceKeys: provisioned.deviceFile, rotatedKeys: rotated.deviceFile,
  jwksByAlg: Object.fromEntries(ID_TOKEN_ALGS_9.map((alg) => [alg, provisioned9.deviceFile])),
});
const captureFile = write('capture.json', { issuer, cases });

// --- Provisioning: which of the OP's keys a device keeps ----------------------------------------
const ALG_OF_KEY = { rsa: 'RS256', 'P-256': 'ES256', 'P-384': 'ES384', ed25519: 'EdDSA' };
const rows = [];
for (const k of keys) {
  const alg = k.alg ?? ALG_OF_KEY[k.curve ?? k.type];
  const expect = implemented.includes(alg) ? 'kept' : 'dropped with a reason';
  const named = provisioned.report.split('\n').find((l) => l.includes(k.kid));
  const got = provisioned.kept.includes(k.kid) ? 'kept' : named ? 'dropped with a reason' : 'dropped silently';
  rows.push({ id: `provision/${k.name}`, kind: 'jwks', alg, expect, got, detail: named ? `provision said: ${named.trim()}` : `provision: ${provisioned.command}` });
}
// Which key the OP signed each algorithm with: the pinned 3072- and 4096-bit keys must be used,
// or the suite would not cover them.
for (const alg of [...ID_TOKEN_ALGS, ...ID_TOKEN_ALGS_9].filter((a) => !a.startsWith('HS'))) {
  const token = captured.idTokens[alg].code.back.id_token;
  const signedAs = JSON.parse(Buffer.from(token.split('.')[0], 'base64url')).alg;
  rows.push({ id: `op/alg/${alg}`, kind: 'signing', alg, expect: alg, got: signedAs });
  const kid = JSON.parse(Buffer.from(token.split('.')[0], 'base64url')).kid;
  rows.push({ id: `op/signing-key/${alg}`, kind: 'signing', alg, expect: keyFor(keys, alg).name, got: keys.find((k) => k.kid === kid)?.name ?? kid });
}
rows.push({ id: 'provision/rotation-keeps-new-key', kind: 'jwks', alg: 'RS256', expect: 'kept',
  got: rotated.kept.includes(captured.rotation.newKid) ? 'kept' : 'dropped', detail: `provision: ${rotated.command}` });

// --- Verification: the command line, then the library ------------------------------------------
const cli = {};
for (const c of cases.filter((x) => !x.cli_skip)) cli[c.id] = cliOutcome(c);
const libraryFile = `${OUT}/library-results.json`;
libraryOutcomes(captureFile, libraryFile);
const lib = JSON.parse(readFileSync(libraryFile, 'utf8'));
for (const c of cases) {
  rows.push({ id: c.id, kind: c.kind, alg: c.alg, expect: c.expect, why: c.why, cliSkip: c.cli_skip,
    cli: cli[c.id]?.got, cliMessage: cli[c.id]?.message, lib: lib[c.id] ?? 'missing', case: c });
}
const counts = summarize(rows);
const checked = cases.filter((c) => !c.cli_skip).length;
console.log(`\n${cases.length} token cases (${checked} verified twice, by jwtv verify and by jwtv::verify; ${cases.length - checked} by the library alone), `
  + `${rows.length - cases.length} checks of the OP's signing keys and of provisioning; ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`interop: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exitCode = counts.failed ? 1 : 0;
