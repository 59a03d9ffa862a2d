/**
 * JUnit XML for CI: one <testsuite> per package, one <testcase> per assertion, a <failure> with the
 * measured value and the bound for each failed one, <skipped> for what the new trace could not show, and
 * <error> for a package that could not be verified at all. Counts on <testsuites> are the sums of the
 * suites'. Follows the common (Ant/Jenkins) schema: properties first, system-out/system-err last,
 * timestamps without a time zone.
 */
import type { VerifyReport } from './verify-runner';

export interface JUnitCase {
  name: string;
  classname: string;
  timeSeconds: number;
  status: 'pass' | 'fail' | 'skip' | 'error';
  message?: string;
  type?: string;
  body?: string;
}

export interface JUnitSuite {
  name: string;
  id: string;
  timestamp: string;
  timeSeconds: number;
  properties: Record<string, string>;
  cases: JUnitCase[];
  systemOut?: string;
}

/** Characters XML 1.0 cannot carry at all are dropped; the rest escaped. */
function text(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const attr = (s: string): string => text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
const secs = (x: number): string => x.toFixed(3);
/** JUnit's timestamp: local-less ISO 8601 to the second. */
const stamp = (iso: string): string => iso.replace(/\.\d+Z?$|Z$/, '');

function counts(cases: readonly JUnitCase[]): { tests: number; failures: number; errors: number; skipped: number } {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.status === 'fail').length,
    errors: cases.filter((c) => c.status === 'error').length,
    skipped: cases.filter((c) => c.status === 'skip').length,
  };
}

function testcase(c: JUnitCase): string {
  const open = `    <testcase name="${attr(c.name)}" classname="${attr(c.classname)}" time="${secs(c.timeSeconds)}"`;
  if (c.status === 'pass') return `${open}/>`;
  const tag = c.status === 'fail' ? 'failure' : c.status === 'error' ? 'error' : 'skipped';
  const typeAttr = c.type && tag !== 'skipped' ? ` type="${attr(c.type)}"` : '';
  const inner = c.body ? `>${text(c.body)}</${tag}>` : '/>';
  return `${open}>\n      <${tag} message="${attr(c.message ?? '')}"${typeAttr}${inner}\n    </testcase>`;
}

export function junitXml(suites: readonly JUnitSuite[], name = 'turnscope verify'): string {
  const all = suites.flatMap((s) => s.cases);
  const total = counts(all);
  const time = suites.reduce((t, s) => t + s.timeSeconds, 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(name)}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="${secs(time)}">`,
  ];
  suites.forEach((s, i) => {
    const c = counts(s.cases);
    out.push(
      `  <testsuite name="${attr(s.name)}" id="${i}" package="${attr(s.id)}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${secs(s.timeSeconds)}" timestamp="${stamp(s.timestamp)}" hostname="turnscope">`,
      '    <properties>',
      ...Object.entries(s.properties).map(([k, v]) => `      <property name="${attr(k)}" value="${attr(v)}"/>`),
      '    </properties>',
      ...s.cases.map(testcase),
      `    <system-out>${text(s.systemOut ?? '')}</system-out>`,
      '    <system-err></system-err>',
      '  </testsuite>',
    );
  });
  out.push('</testsuites>', '');
  return out.join('\n');
}

/** A verification as one suite; assertion time is not measured separately, so the run's time is on the suite. */
export function suiteFromReport(r: VerifyReport): JUnitSuite {
  const cls = `turnscope.${r.package.packageId}`;
  return {
    name: r.package.title,
    id: r.package.packageId,
    timestamp: r.verifiedAt,
    timeSeconds: r.durationMs / 1000,
    properties: {
      package: r.package.path,
      manifestSha256: r.package.manifestSha256,
      sourceCall: r.package.sourceCallId,
      trace: r.trace.path,
      traceCall: r.trace.callId,
      traceFormat: r.trace.format,
    },
    cases: r.assertions.map((a) => ({
      name: a.title,
      classname: a.packageTurn !== null ? `${cls}.turn-${a.packageTurn}` : cls,
      timeSeconds: 0,
      status: a.status === 'skip' && r.strict ? 'fail' : a.status,
      message: a.status === 'pass' ? undefined : `measured ${a.measured ?? '—'}, bound ${a.bound}${a.detail ? `: ${a.detail}` : ''}`,
      type: a.kind,
      body: a.status === 'pass' ? undefined : `measured: ${a.measured ?? '—'}\nbound: ${a.bound}\n${a.detail}\nbasis: ${a.basis}`,
    })),
    systemOut: r.notes.join('\n'),
  };
}

/** A package that could not be verified (invalid, tampered, no trace): one errored case. */
export function errorSuite(packagePath: string, problem: string, type: string): JUnitSuite {
  return {
    name: packagePath,
    id: packagePath,
    timestamp: new Date().toISOString(),
    timeSeconds: 0,
    properties: { package: packagePath },
    cases: [{ name: 'package can be verified', classname: 'turnscope.package', timeSeconds: 0, status: 'error', message: problem, type, body: problem }],
  };
}
