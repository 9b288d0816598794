// jwtv (package host-harness), the project's command line, as the suite calls it: the binaries are built once
// by interop/run and called directly (paths relative to the repository root, the working
// directory).
import { spawnSync } from 'node:child_process';

export const HOST_HARNESS = 'target/debug/jwtv';
export const INTEROP_VERIFY = 'target/debug/interop-verify';

function run(bin, args, input) {
  const r = spawnSync(bin, args, { input, encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The algorithms this build of the verifier implements (`Algorithm::ALL`, filtered). */
export function implementedAlgorithms() {
  const r = run(INTEROP_VERIFY, ['algorithms']);
  if (r.status !== 0) throw new Error(`interop-verify algorithms: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** What `verify --help` offers: the options the flows work added, if this build has them. */
export function verifyCapabilities() {
  const help = run(HOST_HARNESS, ['verify', '--help']).stdout;
  return {
    idTokenSource: help.includes('--id-token-source'),
    logoutProfile: help.includes('logout_token'),
  };
}

/**
 * `jwtv provision`: the device key set from the OP's JWKS and discovery document.
 * Returns the kept kids and the dropped keys with the tool's reason.
 */
export function provision(jwksFile, discoveryFile, output) {
  const args = ['provision', '--jwks', jwksFile, '--discovery', discoveryFile, '--output', output];
  const r = run(HOST_HARNESS, args);
  if (r.status !== 0) throw new Error(`jwtv ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return { command: `${HOST_HARNESS} ${args.join(' ')}`, report: r.stderr.trim() };
}

const shellQuote = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);

/** The `jwtv verify` arguments for a case (the token comes last). */
export function verifyArgs(c) {
  const p = c.policy;
  const args = ['verify', '--jwks', c.jwks, '--now', String(c.now), '--profile', p.profile,
    '--issuer', p.issuer, '--audience', p.audience];
  if (p.leeway) args.push('--leeway', String(p.leeway));
  if (p.nonce !== undefined) args.push('--nonce', p.nonce);
  if (p.max_age !== undefined) args.push('--max-age', String(p.max_age));
  if (p.id_token_source !== undefined) args.push('--id-token-source', p.id_token_source, '--response-type', p.response_type);
  if (p.access_token !== undefined) args.push('--access-token', p.access_token);
  if (p.code !== undefined) args.push('--code', p.code);
  if (c.secret_file) args.push('--client-secret-file', c.secret_file);
  args.push(c.token);
  return args;
}

export const verifyCommand = (c) => [HOST_HARNESS, ...verifyArgs(c)].map(shellQuote).join(' ');

/** The CLI's verdict on a case: `valid` (exit 0), the error code it prints (exit 1), or `usage_error`. */
export function cliOutcome(c) {
  const r = run(HOST_HARNESS, verifyArgs(c));
  if (r.status === 0) return { got: 'valid' };
  const message = r.stderr.trim().split('\n').pop();
  if (r.status === 1) {
    const code = /^error: ([a-z0-9_]+):/.exec(message)?.[1];
    return { got: code ?? 'unparsed_error', message };
  }
  return { got: 'usage_error', message };
}

/** The library's verdicts on every case not skipped: { id: outcome }. */
export function libraryOutcomes(captureFile, resultsFile) {
  const r = run(INTEROP_VERIFY, ['check', captureFile, resultsFile]);
  if (r.status !== 0) throw new Error(`interop-verify check: exit ${r.status}: ${r.stderr}`);
}
