/**
 * ELAN .eaf checked against the EAF 3.0 schema's rules, written down as checks: ANNOTATION_DOCUMENT root
 * with its required attributes; element order HEADER, TIME_ORDER, TIER*, LINGUISTIC_TYPE*; TIME_SLOT ids
 * unique with whole-millisecond TIME_VALUEs increasing; every ALIGNABLE_ANNOTATION referring to two
 * existing slots, the first before the second; tiers naming defined linguistic types; unique ids; and no
 * overlapping annotations within a tier (ELAN's rule for top-level tiers).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { toEaf } from '../../../shared/exchange/eaf';
import { exchangeText } from '../../../shared/exchange';
import type { CallDetail } from '../../../shared/model/dto';
import { billingDispute, edgeCaseCall } from './exchange-fixtures';
import { childrenNamed, parseXml, type XmlElement } from './mini-xml';

let billing: CallDetail;
beforeAll(async () => {
  billing = await billingDispute();
});

function checkEaf(xml: string): { root: XmlElement; slots: Map<string, number>; tiers: XmlElement[] } {
  const root = parseXml(xml);
  expect(root.name).toBe('ANNOTATION_DOCUMENT');
  for (const a of ['AUTHOR', 'DATE', 'VERSION']) expect(root.attrs[a], a).toBeDefined();
  expect(root.attrs.DATE).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  const order = root.children.map((c) => c.name);
  const rank: Record<string, number> = { HEADER: 0, TIME_ORDER: 1, TIER: 2, LINGUISTIC_TYPE: 3, LOCALE: 4, LANGUAGE: 5, CONSTRAINT: 6 };
  expect(order.every((n) => n in rank)).toBe(true);
  expect(order.map((n) => rank[n]!)).toEqual([...order.map((n) => rank[n]!)].sort((a, b) => a - b));
  expect(order.filter((n) => n === 'HEADER' || n === 'TIME_ORDER')).toEqual(['HEADER', 'TIME_ORDER']);
  expect(childrenNamed(root, 'HEADER')[0]!.attrs.TIME_UNITS).toBe('milliseconds');

  const slots = new Map<string, number>();
  let last = -1;
  for (const s of childrenNamed(childrenNamed(root, 'TIME_ORDER')[0]!, 'TIME_SLOT')) {
    const id = s.attrs.TIME_SLOT_ID!;
    expect(slots.has(id), `duplicate slot ${id}`).toBe(false);
    expect(s.attrs.TIME_VALUE).toMatch(/^\d+$/);
    const v = Number(s.attrs.TIME_VALUE);
    expect(v).toBeGreaterThan(last);
    last = v;
    slots.set(id, v);
  }
  const types = new Set(childrenNamed(root, 'LINGUISTIC_TYPE').map((t) => t.attrs.LINGUISTIC_TYPE_ID!));
  for (const lt of childrenNamed(root, 'LINGUISTIC_TYPE')) expect(lt.attrs.TIME_ALIGNABLE).toBe('true');
  const tiers = childrenNamed(root, 'TIER');
  const tierIds = new Set<string>();
  const annotationIds = new Set<string>();
  for (const tier of tiers) {
    expect(types.has(tier.attrs.LINGUISTIC_TYPE_REF!), `tier ${tier.attrs.TIER_ID} type`).toBe(true);
    expect(tierIds.has(tier.attrs.TIER_ID!)).toBe(false);
    tierIds.add(tier.attrs.TIER_ID!);
    let prevEnd = -1;
    for (const ann of childrenNamed(tier, 'ANNOTATION')) {
      expect(ann.children).toHaveLength(1);
      const a = ann.children[0]!;
      expect(a.name).toBe('ALIGNABLE_ANNOTATION');
      expect(annotationIds.has(a.attrs.ANNOTATION_ID!)).toBe(false);
      annotationIds.add(a.attrs.ANNOTATION_ID!);
      const from = slots.get(a.attrs.TIME_SLOT_REF1!);
      const to = slots.get(a.attrs.TIME_SLOT_REF2!);
      expect(from, `${a.attrs.ANNOTATION_ID} REF1`).toBeDefined();
      expect(to, `${a.attrs.ANNOTATION_ID} REF2`).toBeDefined();
      expect(to!).toBeGreaterThan(from!);
      expect(from!, `overlap in tier ${tier.attrs.TIER_ID}`).toBeGreaterThanOrEqual(prevEnd);
      prevEnd = to!;
      expect(childrenNamed(a, 'ANNOTATION_VALUE')).toHaveLength(1);
    }
  }
  const lastUsed = childrenNamed(childrenNamed(root, 'HEADER')[0]!, 'PROPERTY').find((p) => p.attrs.NAME === 'lastUsedAnnotationId');
  expect(Number(lastUsed?.text)).toBe(annotationIds.size);
  return { root, slots, tiers };
}

describe('ELAN .eaf', () => {
  it('the billing sample: valid structure, the tiers analysts expect, linked to its recording', () => {
    const xml = exchangeText(billing, 'eaf', { eaf: { media: { url: 'file:///calls/billing-dispute.wav', relativeUrl: './billing-dispute.wav', mimeType: 'audio/x-wav' } }, now: () => new Date('2026-03-01T10:00:00Z') });
    const { root, tiers } = checkEaf(xml);
    expect(tiers.map((t) => t.attrs.TIER_ID)).toEqual(['caller', 'caller words', 'caller reference', 'agent', 'tool calls', 'latency', 'flags', 'flags 2', 'flags 3']);
    const caller = tiers[0]!;
    expect(childrenNamed(caller, 'ANNOTATION')).toHaveLength(5);
    expect(childrenNamed(tiers[1]!, 'ANNOTATION')).toHaveLength(billing.turns.reduce((n, t) => n + (t.caller?.words.length ?? 0), 0));
    const media = childrenNamed(childrenNamed(root, 'HEADER')[0]!, 'MEDIA_DESCRIPTOR')[0]!;
    expect(media.attrs).toMatchObject({ MEDIA_URL: 'file:///calls/billing-dispute.wav', MIME_TYPE: 'audio/x-wav', RELATIVE_MEDIA_URL: './billing-dispute.wav' });
    const latency = childrenNamed(tiers[5]!, 'ANNOTATION').map((a) => a.children[0]!.children[0]!.text);
    expect(latency).toContain('end to end 1710 ms');
  });

  it('edge cases: escaped text, overlaps trimmed or laned, untimed and empty items left out, zero-length made 1 ms', () => {
    const call = edgeCaseCall();
    const xml = toEaf({ id: call.id, durationMs: call.durationMs, turns: call.turns, flags: call.flags }, { date: '2026-03-01T10:00:00+01:00', author: 'Q & A' });
    const { root, tiers, slots } = checkEaf(xml);
    expect(root.attrs.AUTHOR).toBe('Q & A');
    const values = (id: string): Array<[number, number, string]> =>
      childrenNamed(tiers.find((t) => t.attrs.TIER_ID === id)!, 'ANNOTATION').map((a) => {
        const x = a.children[0]!;
        return [slots.get(x.attrs.TIME_SLOT_REF1!)!, slots.get(x.attrs.TIME_SLOT_REF2!)!, childrenNamed(x, 'ANNOTATION_VALUE')[0]!.text];
      });
    expect(values('agent')).toEqual([[100, 1500, 'Hello --> "world" & <friends>'], [6000, 7000, 'bye']]);
    expect(values('caller')).toEqual([[1400, 3000, '=HYPERLINK("x") says, hi there']]);
    expect(values('caller words')).toEqual([[1400, 2000, 'says'], [2000, 2500, 'hi']]);
    expect(values('tool calls')).toEqual([[3100, 3500, 'a_tool']]);
    expect(values('tool calls 2')).toEqual([[3200, 3300, 'b_tool']]);
    expect(values('flags').map((v) => v.slice(0, 2))).toEqual([[1000, 4000]]);
    expect(values('flags 2').map((v) => v.slice(0, 2))).toEqual([[2000, 2500], [3000, 3001]]);
  });
});
