/**
 * Runs NIST sclite (from the sctk package) and parses its per-utterance SGML alignment, for the
 * parity tests and the WER bench. Missing sclite is an error, not a skip: CI installs sctk, and a
 * silently skipped parity test would hide a broken aligner.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ScliteUtterance {
  id: string;
  /** Operation letters in alignment order, e.g. "CCSDI". */
  ops: string;
  steps: Array<{ op: string; ref: string | null; hyp: string | null }>;
  hits: number;
  substitutions: number;
  deletions: number;
  insertions: number;
}

/** Command (argv prefix) that runs sclite, or throws with installation advice. */
export function findSclite(): string[] {
  const fromEnv = process.env.SCLITE;
  if (fromEnv && existsSync(fromEnv)) return [fromEnv];
  for (const p of ['/usr/lib/sctk/bin/sclite', '/usr/local/bin/sclite', '/usr/bin/sclite']) if (existsSync(p)) return [p];
  if (spawnSync('sclite', [], { stdio: 'ignore' }).error === undefined) return ['sclite'];
  if (spawnSync('sctk', ['help'], { stdio: 'ignore' }).error === undefined) return ['sctk', 'sclite'];
  throw new Error(
    'NIST sclite not found: install the Debian/Ubuntu package "sctk" (apt-get install sctk) or set SCLITE=/path/to/sclite. ' +
      'The sclite parity test needs the real tool and must not be skipped.',
  );
}

/** The exact sclite invocation used for parity: trn in, per-utterance SGML alignments on stdout. */
export function scliteArgs(refPath: string, hypPath: string): string[] {
  return ['-r', refPath, 'trn', '-h', hypPath, 'trn', '-i', 'rm', '-o', 'sgml', 'stdout'];
}

export function runSclite(refPath: string, hypPath: string): Map<string, ScliteUtterance> {
  const [cmd, ...prefix] = findSclite();
  const out = execFileSync(cmd!, [...prefix, ...scliteArgs(refPath, hypPath)], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  return parseScliteSgml(out);
}

/** Writes ref/hyp trn files for in-memory pairs to a temp dir and scores them with sclite. */
export function runScliteOnPairs(pairs: ReadonlyArray<{ id: string; ref: string; hyp: string }>): Map<string, ScliteUtterance> {
  const dir = mkdtempSync(join(tmpdir(), 'turnscope-sclite-'));
  const ref = join(dir, 'ref.trn');
  const hyp = join(dir, 'hyp.trn');
  writeFileSync(ref, pairs.map((p) => `${p.ref} (${p.id})`).join('\n') + '\n');
  writeFileSync(hyp, pairs.map((p) => `${p.hyp} (${p.id})`).join('\n') + '\n');
  try {
    return runSclite(ref, hyp);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function parseScliteSgml(sgml: string): Map<string, ScliteUtterance> {
  const result = new Map<string, ScliteUtterance>();
  const re = /<PATH id="\(([^"]*)\)"[^>]*>\n([\s\S]*?)<\/PATH>/g;
  for (let m = re.exec(sgml); m; m = re.exec(sgml)) {
    const id = m[1]!;
    const steps = parsePathLine(m[2]!.trim());
    const count = (op: string): number => steps.filter((s) => s.op === op).length;
    result.set(id, {
      id,
      ops: steps.map((s) => s.op).join(''),
      steps,
      hits: count('C'),
      substitutions: count('S'),
      deletions: count('D'),
      insertions: count('I'),
    });
  }
  return result;
}

/** `C,"a","a":D,"b",:I,,"c"` → steps; quoted fields may contain ':' and ','. */
function parsePathLine(line: string): Array<{ op: string; ref: string | null; hyp: string | null }> {
  const steps: Array<{ op: string; ref: string | null; hyp: string | null }> = [];
  let i = 0;
  const field = (): string | null => {
    if (line[i] !== '"') return null;
    // A closing quote is one followed by a separator or the end of the line.
    let j = i + 1;
    while (j < line.length && !(line[j] === '"' && (j + 1 === line.length || line[j + 1] === ',' || line[j + 1] === ':'))) j++;
    const value = line.slice(i + 1, j);
    i = j + 1;
    return value;
  };
  while (i < line.length) {
    const op = line[i]!;
    if (!'CSDI'.includes(op) || line[i + 1] !== ',') throw new Error(`unexpected sclite SGML at ${i}: ${line.slice(i, i + 40)}`);
    i += 2;
    const ref = field();
    if (line[i] !== ',') throw new Error(`unexpected sclite SGML at ${i}: ${line.slice(i, i + 40)}`);
    i++;
    const hyp = field();
    steps.push({ op, ref, hyp });
    if (line[i] === ':') i++;
  }
  return steps;
}
