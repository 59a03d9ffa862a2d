/**
 * Rule packs as data: the built-in packs load and pass both the JSON Schema and the parser; a user pack adds
 * rules or overrides them; identities (id, version, hash) are stable and change with content; malformed
 * packs are refused with every problem named.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import schema from '../../../resources/schemas/rule-pack-v1.schema.json';
import { loadRulePackFile, loadRuleSet } from '../../../electron/main/compliance/rule-packs';
import { PARAM_SPECS } from '../../../shared/compliance/detector-params';
import { buildRuleSet, parseRulePack, RulePackError } from '../../../shared/compliance/rule-pack';
import { CATEGORIES, DETECTOR_KINDS, type RulePackFile } from '../../../shared/compliance/types';
import { call, RULES_DIR, scan } from './helpers';

const dir = (): string => mkdtempSync(join(tmpdir(), 'turnscope-rules-'));
const write = (d: string, name: string, pack: unknown): string => {
  const p = join(d, name);
  writeFileSync(p, JSON.stringify(pack, null, 2));
  return p;
};
const userPack = (extra: Partial<RulePackFile>): RulePackFile => ({ format: 'turnscope.rule-pack', formatVersion: 1, id: 'acme.custom', version: '1.0.0', title: 'Acme rules', ...extra });
const validate = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true }).compile(schema);

describe('built-in packs', () => {
  const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.json'));

  it('are the four packs, each valid against the schema and the parser', () => {
    expect(files.sort()).toEqual(['disclosures.json', 'hipaa.json', 'pci-dss.json', 'prompt-injection.json']);
    for (const f of files) {
      const json = JSON.parse(readFileSync(join(RULES_DIR, f), 'utf8')) as unknown;
      expect(validate(json), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(() => parseRulePack(json, f)).not.toThrow();
    }
  });

  it('cover every category', () => {
    const { ruleSet } = loadRuleSet({ builtInDir: RULES_DIR, userDir: null });
    expect([...new Set(ruleSet.rules.map((r) => r.category))].sort()).toEqual([...CATEGORIES].sort());
    expect(ruleSet.packs.map((p) => [p.id, p.version])).toEqual([
      ['turnscope.disclosures', '1.0.0'], ['turnscope.hipaa', '1.0.0'], ['turnscope.pci-dss', '1.0.0'], ['turnscope.prompt-injection', '1.0.0'],
    ]);
    for (const p of ruleSet.packs) expect(p.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the schema knows exactly the parameters each detector reads', () => {
    const branches = (schema.$defs.rule.allOf as Array<{ if: { properties: { detector: { const: string } } }; then: { properties: { params: { properties: Record<string, unknown> } } } }>);
    expect(branches.map((b) => b.if.properties.detector.const).sort()).toEqual([...DETECTOR_KINDS].sort());
    for (const b of branches) {
      const d = b.if.properties.detector.const as keyof typeof PARAM_SPECS;
      expect(Object.keys(b.then.properties.params.properties).sort(), d).toEqual(Object.keys(PARAM_SPECS[d]).sort());
    }
  });
});

describe('pack identity', () => {
  it('the hash is the same for the same content in any key order and formatting, and changes with content', () => {
    const a = parseRulePack(userPack({ overrides: [{ ruleId: 'x.y', severity: 'info' }] }), 'a');
    const b = parseRulePack(JSON.parse(JSON.stringify({ title: 'Acme rules', overrides: [{ severity: 'info', ruleId: 'x.y' }], version: '1.0.0', id: 'acme.custom', formatVersion: 1, format: 'turnscope.rule-pack' })), 'b');
    const c = parseRulePack(userPack({ overrides: [{ ruleId: 'x.y', severity: 'warning' }] }), 'c');
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
  });
});

describe('user packs and overrides', () => {
  it('an override changes a built-in rule; the rule-set hash and the pack list record it', () => {
    const d = dir();
    const base = loadRuleSet({ builtInDir: RULES_DIR, userDir: null }).ruleSet;
    const p = write(d, 'override.json', userPack({ overrides: [{ ruleId: 'disclosure.recording-notice', severity: 'critical', params: { withinMs: 5000 } }, { ruleId: 'pci.expiry.spoken', enabled: false }] }));
    const { ruleSet } = loadRuleSet({ builtInDir: RULES_DIR, userDir: null, files: [p] });
    const rule = ruleSet.rules.find((r) => r.id === 'disclosure.recording-notice')!;
    expect([rule.severity, rule.params.withinMs, (rule.params.phrases as string[]).length > 0, rule.overriddenBy]).toEqual(['critical', 5000, true, ['acme.custom']]);
    expect(ruleSet.packs.map((x) => x.id)).toContain('acme.custom');
    expect(ruleSet.hash).not.toBe(base.hash);
    const hits = scan(call([{ caller: 'hi', agent: 'my card expires 04/27 says the caller' }], { greeting: 'Hello there, friend. This call may be recorded.' }), ruleSet);
    expect(hits.map((h) => [h.category, h.severity])).toEqual([]);
  });

  it('a user pack adds a rule: turning on the automated-agent notice, and a new phrase family', () => {
    const d = dir();
    const p = write(d, 'add.json', userPack({
      overrides: [{ ruleId: 'disclosure.automated-agent', enabled: true }],
      rules: [{ id: 'acme.threats', description: 'Threats to the agent', category: 'injection.attempt', severity: 'info', speaker: 'caller', detector: 'phrase-family', params: { families: [{ name: 'threat', phrases: ['i will sue (you|your company)'] }] } }],
    }));
    const { ruleSet } = loadRuleSet({ builtInDir: RULES_DIR, userDir: null, files: [p] });
    const hits = scan(call([{ caller: 'I will sue your company', agent: 'I understand.' }]), ruleSet);
    expect(hits.map((h) => h.ruleId).sort()).toEqual(['acme.threats', 'disclosure.automated-agent']);
  });

  it('user packs in the user folder load after the built-ins, in name order', () => {
    const d = dir();
    write(d, 'b.json', userPack({ id: 'acme.b', overrides: [{ ruleId: 'hipaa.dob', severity: 'info' }] }));
    write(d, 'a.json', userPack({ id: 'acme.a', overrides: [{ ruleId: 'hipaa.dob', severity: 'critical' }] }));
    const { ruleSet } = loadRuleSet({ builtInDir: RULES_DIR, userDir: d });
    expect(ruleSet.packs.slice(-2).map((p) => p.id)).toEqual(['acme.a', 'acme.b']);
    expect(ruleSet.rules.find((r) => r.id === 'hipaa.dob')!.severity).toBe('info');
  });
});

describe('malformed packs are refused', () => {
  const refuse = (pack: unknown, pattern: RegExp): void => {
    const p = write(dir(), 'bad.json', pack);
    let err: unknown;
    try {
      loadRuleSet({ builtInDir: RULES_DIR, userDir: null, files: [p] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RulePackError);
    expect((err as Error).message).toContain(p);
    expect((err as Error).message).toMatch(pattern);
  };

  it('not JSON', () => {
    const p = join(dir(), 'x.json');
    writeFileSync(p, '{"format": ');
    expect(() => loadRulePackFile(p)).toThrow(/not valid JSON/);
  });
  it('missing file', () => expect(() => loadRulePackFile('/nonexistent/pack.json')).toThrow(/file not found/));
  it('wrong format or version', () => refuse({ ...userPack({ rules: [] }), formatVersion: 2 }, /formatVersion/));
  it('unknown category', () => refuse(userPack({ rules: [{ id: 'r', description: 'd', category: 'pci.nope' as never, severity: 'info', speaker: 'caller', detector: 'card-number' }] }), /category/));
  it('unknown detector', () => refuse(userPack({ rules: [{ id: 'r', description: 'd', category: 'pci.pan', severity: 'info', speaker: 'caller', detector: 'magic' as never }] }), /detector/));
  it('a parameter its detector does not know (a typo)', () => refuse(userPack({ rules: [{ id: 'r', description: 'd', category: 'pci.pan', severity: 'info', speaker: 'caller', detector: 'card-number', params: { contextWord: ['card'] } }] }), /contextWord/));
  it('a parameter of the wrong type', () => refuse(userPack({ rules: [{ id: 'r', description: 'd', category: 'pci.pan', severity: 'info', speaker: 'caller', detector: 'card-number', params: { minDigits: 'thirteen' } }] }), /minDigits/));
  it('a detector listening to the wrong speaker', () => refuse(userPack({ rules: [{ id: 'r', description: 'd', category: 'pci.in_trace', severity: 'info', speaker: 'caller', detector: 'trace-secrets' }] }), /speaker/));
  it('an override of a rule that does not exist', () => refuse(userPack({ overrides: [{ ruleId: 'pci.pan.spokn', enabled: false }] }), /no rule "pci\.pan\.spokn"/));
  it('an override that changes nothing', () => refuse(userPack({ overrides: [{ ruleId: 'pci.pan.spoken' }] }), /changes nothing|fewer than 2/));
  it('a pack id loaded twice', () => refuse(userPack({ id: 'turnscope.hipaa', overrides: [{ ruleId: 'hipaa.dob', enabled: false }] }), /already loaded/));

  it('the parser alone (renderer side) lists every problem', () => {
    let err: RulePackError | null = null;
    try {
      parseRulePack({ format: 'x', formatVersion: 1, id: 'Bad Id', version: '1', title: '' }, 'inline');
    } catch (e) {
      err = e as RulePackError;
    }
    expect(err?.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^format/), expect.stringMatching(/^id/), expect.stringMatching(/^version/), expect.stringMatching(/^title/)]));
  });

  it('a duplicate rule id within one pack', () => {
    const r = { id: 'r', description: 'd', category: 'pci.pan', severity: 'info', speaker: 'caller', detector: 'card-number' };
    expect(() => parseRulePack(userPack({ rules: [r, r] as never }), 'dup')).toThrow(/appears twice/);
  });

  it('buildRuleSet refuses an override with a bad parameter', () => {
    const base = parseRulePack(JSON.parse(readFileSync(join(RULES_DIR, 'hipaa.json'), 'utf8')), 'hipaa');
    const user = parseRulePack(userPack({ overrides: [{ ruleId: 'hipaa.dob', params: { minYears: 1900 } }] }), 'u');
    expect(() => buildRuleSet([base, user])).toThrow(/minYears/);
  });
});
