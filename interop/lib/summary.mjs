// The verdicts side by side: the table, then each failure with what reproduces it.
import { verifyCommand } from './harness.mjs';

const show = (v) => (Array.isArray(v) ? v.join('|') : v);
const matches = (expect, got) => (Array.isArray(expect) ? expect.includes(got) : expect === got);

/**
 * `rows`: { id, kind, alg, expect, cli?, lib?, got?, cliSkip?, detail? }. A row passes when
 * every verdict it has is the expected one: the CLI's and the library's for a token, `got` for the
 * suite's own checks (which key signed, which keys provisioning kept). A token the CLI could not
 * check (`cliSkip`) is skipped, not passed, when the library's verdict is right, and fails when
 * it is wrong. Returns the counts.
 */
export function summarize(rows) {
  const widths = { id: 4, kind: 4, alg: 3, expect: 8 };
  for (const r of rows) {
    widths.id = Math.max(widths.id, r.id.length);
    widths.kind = Math.max(widths.kind, r.kind.length);
    widths.alg = Math.max(widths.alg, r.alg.length);
    widths.expect = Math.max(widths.expect, show(r.expect).length);
  }
  const line = (cells) => cells.map(([text, w]) => String(text).padEnd(w)).join('  ').trimEnd();
  console.log(line([['case', widths.id], ['kind', widths.kind], ['alg', widths.alg], ['expected', widths.expect], ['got (cli / library)', 0]]));
  let passed = 0;
  let skipped = 0;
  const failures = [];
  for (const r of rows) {
    const verdicts = r.got !== undefined ? [r.got] : [r.cli, r.lib].filter((v) => v !== undefined);
    const ok = verdicts.length > 0 && verdicts.every((v) => matches(r.expect, v));
    let got = new Set(verdicts).size === 1 ? verdicts[0] : verdicts.join(' / ');
    if (!ok) failures.push(r);
    else if (r.cliSkip) skipped += 1;
    else passed += 1;
    if (r.cliSkip) got = `skipped: ${r.cliSkip} (library: ${r.lib})`;
    const mark = ok ? '' : '   <-- FAIL';
    console.log(line([[r.id, widths.id], [r.kind, widths.kind], [r.alg, widths.alg], [show(r.expect), widths.expect], [`${got}${mark}`, 0]]));
  }
  for (const r of failures) {
    const got = r.got !== undefined ? r.got : `cli=${r.cli ?? '-'} library=${r.lib ?? '-'}`;
    console.log(`\nFAILED ${r.id}: expected ${show(r.expect)}, got ${got}${r.why ? ` (${r.why})` : ''}`);
    if (r.detail) console.log(`  ${r.detail}`);
    if (r.case) {
      console.log(`  token: ${r.case.token}`);
      console.log(`  jwks:  ${r.case.jwks}${r.case.secret_file ? ` (client secret: ${r.case.secret_file})` : ''}`);
      console.log(`  reproduce: ${verifyCommand(r.case)}`);
      console.log(`  library:   target/debug/interop-verify check target/interop/capture.json /dev/stdout | grep '"${r.case.id}"'`);
      if (r.cliMessage) console.log(`  cli said: ${r.cliMessage}`);
    }
  }
  return { passed, failed: failures.length, skipped };
}
