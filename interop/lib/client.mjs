// A relying party driven by code: Node's fetch with a cookie jar, following the OP's redirects
// by hand until they reach the client's redirect_uri, which is never fetched (its response
// parameters are read from the Location header).
import { createHash, randomBytes } from 'node:crypto';

export const REDIRECT_URI = 'https://rp.interop.invalid/cb';
const b64u = (buf) => Buffer.from(buf).toString('base64url');

/** A browser's worth of state: the OP's cookies. */
export class UserAgent {
  #cookies = new Map();

  async request(url, options = {}) {
    const headers = { ...options.headers };
    if (this.#cookies.size) headers.cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { ...options, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return res;
  }

  /** GET `url` and follow redirects until one leaves for `stopAt`; returns that URL. */
  async followUntil(url, stopAt) {
    let next = url;
    for (let hop = 0; hop < 20; hop += 1) {
      if (next.startsWith(stopAt)) return new URL(next);
      const res = await this.request(next);
      const location = res.headers.get('location');
      if (!location) {
        throw new Error(`${next}: HTTP ${res.status} without a redirect: ${(await res.text()).slice(0, 400)}`);
      }
      await res.arrayBuffer();
      next = new URL(location, next).href;
    }
    throw new Error(`${url}: too many redirects`);
  }
}

/** A registered client: id, secret, and how the OP talks to it. */
export function clientAuth(client) {
  return `Basic ${Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`).toString('base64')}`;
}

async function tokenRequest(issuer, client, params) {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { authorization: clientAuth(client), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`token endpoint: HTTP ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

/**
 * One authorization: `responseType` (code, id_token, "id_token token", "code id_token",
 * "code id_token token") with a fresh nonce and `maxAge`; the code, if any, is redeemed.
 * Returns { nonce, front: {id_token, access_token, code}, back: {id_token, access_token} }.
 */
export async function authorize(issuer, client, { responseType, maxAge, resource, agent = new UserAgent() }) {
  const nonce = b64u(randomBytes(16));
  const state = b64u(randomBytes(16));
  const verifier = b64u(randomBytes(32));
  const scope = resource ? 'openid api:read' : 'openid';
  const params = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: REDIRECT_URI,
    response_type: responseType,
    scope,
    nonce,
    state,
    max_age: String(maxAge),
  });
  const usesCode = responseType.split(' ').includes('code');
  if (usesCode) {
    params.set('code_challenge', b64u(createHash('sha256').update(verifier).digest()));
    params.set('code_challenge_method', 'S256');
  }
  if (resource) params.set('resource', resource);
  const landed = await agent.followUntil(`${issuer}/auth?${params}`, REDIRECT_URI);
  const answer = new URLSearchParams(responseType === 'code' ? landed.search : landed.hash.slice(1));
  if (answer.get('error')) throw new Error(`authorization (${responseType}): ${answer.get('error')}: ${answer.get('error_description')}`);
  if (answer.get('state') !== state) throw new Error(`authorization (${responseType}): state differs`);
  const front = {
    id_token: answer.get('id_token') ?? undefined,
    access_token: answer.get('access_token') ?? undefined,
    code: answer.get('code') ?? undefined,
  };
  let back;
  if (front.code) {
    const tokenParams = { grant_type: 'authorization_code', code: front.code, redirect_uri: REDIRECT_URI, code_verifier: verifier };
    if (resource) tokenParams.resource = resource;
    back = await tokenRequest(issuer, client, tokenParams);
  }
  return { nonce, agent, front, back };
}

/** A client credentials grant for `resource`: the JWT access token. */
export async function clientCredentials(issuer, client, resource) {
  const body = await tokenRequest(issuer, client, { grant_type: 'client_credentials', resource, scope: 'api:read' });
  return body.access_token;
}

/**
 * RP-initiated logout of the agent's session (OIDC RP-Initiated Logout 1.0): the OP's confirm
 * form is submitted as the user would. The OP then POSTs logout tokens to back-channel URIs.
 */
export async function logout(issuer, agent, idTokenHint) {
  const page = await agent.request(`${issuer}/session/end?${new URLSearchParams({ id_token_hint: idTokenHint })}`);
  const html = await page.text();
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
  if (!xsrf) throw new Error(`end_session: no confirm form (HTTP ${page.status}): ${html.slice(0, 300)}`);
  const res = await agent.request(`${issuer}/session/end/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ xsrf, logout: 'yes' }),
  });
  await res.arrayBuffer();
  if (res.status >= 400) throw new Error(`end_session confirm: HTTP ${res.status}`);
}
