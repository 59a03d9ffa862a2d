/**
 * The published schemas of regression packages and evidence packets, compiled on first use (compiling
 * costs tens of milliseconds every CLI start would otherwise pay). Problems come back as one readable
 * line with the JSON path, for refusing a package and for checking our own output before writing it.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import evidenceSchema from '../../../resources/schemas/evidence-packet-v1.schema.json';
import packageSchema from '../../../resources/schemas/regression-package-v1.schema.json';

const compiled = new Map<string, ValidateFunction>();

function validator(kind: 'package' | 'evidence'): ValidateFunction {
  let v = compiled.get(kind);
  if (!v) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true });
    addFormats(ajv);
    v = ajv.compile(kind === 'package' ? packageSchema : evidenceSchema);
    compiled.set(kind, v);
  }
  return v;
}

function describe(e: ErrorObject): string {
  const at = e.instancePath ? e.instancePath.replace(/^\//, '').replace(/\//g, '.') : '(root)';
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `${at}: unknown field "${String(p.additionalProperty)}"`;
  if (e.keyword === 'required') return `${at}: missing "${String(p.missingProperty)}"`;
  return `${at}: ${e.message ?? 'is invalid'}`;
}

/** Null when valid; else the first few problems, most specific first. */
export function schemaProblems(kind: 'package' | 'evidence', json: unknown): string | null {
  const v = validator(kind);
  if (v(json)) return null;
  // oneOf branches repeat their parent's failure; the branch errors say more.
  const errors = (v.errors ?? []).filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if');
  const list = [...new Set((errors.length > 0 ? errors : (v.errors ?? [])).map(describe))];
  return list.slice(0, 5).join('; ') || 'does not match the schema';
}
