import { describe, expect, it } from 'vitest';
import { parseCsv, SUPPRESSIONS, triage } from './electronegativity.mjs';

const csv = [
  'issue, severity, confidence, filename, location, sample, description, url',
  'CSP_GLOBAL_CHECK,"MEDIUM","CERTAIN","N/A","0:0",N/A,"No CSP has been detected in the target application",https://x/CSP',
  'CONTEXT_ISOLATION_JS_CHECK,"HIGH","FIRM","electron/main/index.ts","71:14","const win = new BrowserWindow({","Review the use of the contextIsolation option",https://x/CI',
  'CONTEXT_ISOLATION_JS_CHECK,"HIGH","FIRM","electron/main/other.ts","3:1","const w = new BrowserWindow({ webPreferences: { contextIsolation: false } });","Review, ""quoted"", text",https://x/CI',
  'SANDBOX_JS_CHECK,"MEDIUM","FIRM","electron/main/index.ts","80:1","const evil = new BrowserWindow(opts)","Use sandbox",https://x/SB',
  'DANGEROUS_FUNCTIONS_JS_CHECK,"LOW","TENTATIVE","electron/main/x.ts","1:1","setTimeout(f, 1)","Review",https://x/DF',
  '',
].join('\n');

describe('parseCsv', () => {
  it('reads the header keys and quoted fields with commas and escaped quotes', () => {
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({ issue: 'CSP_GLOBAL_CHECK', severity: 'MEDIUM', filename: 'N/A' });
    expect(rows[2]!.description).toBe('Review, "quoted", text');
    expect(rows[2]!.sample).toContain('contextIsolation: false');
  });
});

describe('triage', () => {
  const { blocking, suppressed, informational } = triage(parseCsv(csv));

  it('suppresses only documented findings, each with its reason', () => {
    expect(suppressed.map((s) => s.finding.issue)).toEqual([
      'CSP_GLOBAL_CHECK',
      'CONTEXT_ISOLATION_JS_CHECK',
    ]);
    for (const s of suppressed) expect(s.reason.length).toBeGreaterThan(40);
  });

  it('blocks HIGH/MEDIUM findings in other files, or at other code in a suppressed file', () => {
    expect(blocking.map((f) => `${f.issue} ${f.filename}`)).toEqual([
      'CONTEXT_ISOLATION_JS_CHECK electron/main/other.ts',
      'SANDBOX_JS_CHECK electron/main/index.ts',
    ]);
  });

  it('never blocks on LOW or informational findings', () => {
    expect(informational.map((f) => f.issue)).toEqual(['DANGEROUS_FUNCTIONS_JS_CHECK']);
  });

  it('gives every suppression a reason that names the test covering the concern', () => {
    for (const s of SUPPRESSIONS) expect(s.reason).toMatch(/\.test\.ts/);
  });
});
