// The OpenID Provider under test: oidc-provider, in this process, on 127.0.0.1 with an ephemeral
// port. Login and consent are answered by the driver itself (no browser): every interaction logs
// in `interop-user` and grants what the client asked for.
import http from 'node:http';
import Provider from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
// oidc-provider 9 signs with RFC 9864's `Ed25519` (8.x knows `EdDSA` only). It asks for
// Node.js 22 (it warns on 20, which CI has) and its back-channel logout delivered nothing here
// on Node.js 20, so it serves the `Ed25519` ID tokens only, and 8.x the rest of the suite.
import Provider9 from 'oidc-provider-9';
import MemoryAdapter9 from 'oidc-provider-9/lib/adapters/memory_adapter.js';

export const ACCOUNT = 'interop-user';
export const RESOURCE_SCOPE = 'api:read';
const RESOURCE_PREFIX = 'urn:interop:api:';

// The in-memory store oidc-provider ships; a subclass, so that it does not warn about using it.
class InteropAdapter extends MemoryAdapter {}
class InteropAdapter9 extends MemoryAdapter9 {}
const RELEASES = { 8: { Provider, Adapter: InteropAdapter }, 9: { Provider: Provider9, Adapter: InteropAdapter9 } };

/** The resource indicator whose JWT access tokens oidc-provider signs with `alg`. */
export const resourceFor = (alg) => `${RESOURCE_PREFIX}${alg}`;

/** One HTTP server whose handler is the current OP: a key rotation swaps the OP, not the port. */
export async function startServer() {
  let handler = (req, res) => { res.statusCode = 503; res.end(); };
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  return {
    issuer,
    use(provider) { handler = provider.callback(); },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/**
 * An OP for `issuer` signing with `jwks` (private JWKs, in order of preference), of oidc-provider
 * `release` 8 (the default) or 9.
 */
export function createProvider(issuer, { jwks, clients, algorithms, release = 8 }) {
  const { Provider: OP, Adapter } = RELEASES[release];
  const provider = new OP(issuer, {
    jwks: { keys: jwks },
    adapter: Adapter,
    clients,
    cookies: { keys: ['interop-cookie-key-not-a-secret'] },
    findAccount: (ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    responseTypes: ['code', 'id_token', 'id_token token', 'code id_token', 'code id_token token'],
    scopes: ['openid', 'offline_access', RESOURCE_SCOPE],
    enabledJWA: {
      idTokenSigningAlgValues: algorithms,
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resource) => {
          if (!resource.startsWith(RESOURCE_PREFIX)) throw new OP.errors.InvalidTarget();
          return {
            scope: RESOURCE_SCOPE,
            audience: resource,
            accessTokenFormat: 'jwt',
            accessTokenTTL: 600,
            jwt: { sign: { alg: resource.slice(RESOURCE_PREFIX.length) } },
          };
        },
      },
    },
    ttl: { ClientCredentials: 600, IdToken: 3600, AccessToken: 600, AuthorizationCode: 60, Session: 3600, Interaction: 600, Grant: 3600 },
  });
  provider.on('server_error', (ctx, err) => console.error('OP server_error:', err));
  provider.use(async (ctx, next) => {
    const match = /^\/interaction\/[^/]+$/.exec(ctx.path);
    if (!match) return next();
    await answerInteraction(provider, ctx);
  });
  return provider;
}

// Login, then consent to everything the client asked for, as a user clicking through would.
async function answerInteraction(provider, ctx) {
  const { prompt, params, session, grantId } = await provider.interactionDetails(ctx.req, ctx.res);
  if (prompt.name === 'login') {
    await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: ACCOUNT } }, { mergeWithLastSubmission: false });
  } else if (prompt.name === 'consent') {
    const grant = grantId
      ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const { missingOIDCScope, missingResourceScopes } = prompt.details;
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
    for (const [resource, scopes] of Object.entries(missingResourceScopes ?? {})) {
      grant.addResourceScope(resource, scopes.join(' '));
    }
    const id = await grant.save();
    await provider.interactionFinished(ctx.req, ctx.res, { consent: { grantId: id } }, { mergeWithLastSubmission: true });
  } else {
    throw new Error(`unexpected interaction prompt ${prompt.name}`);
  }
  ctx.respond = false;
}

// The logout confirmation page: only the form the driver submits.
function logoutSource(ctx, form) {
  ctx.body = `<!DOCTYPE html><title>Sign out</title>${form}<button form="op.logoutForm" name="logout" value="yes">Sign out</button>`;
}
