/**
 * A call prepared once for every detector: each utterance tokenized, mapped onto its words and normalized
 * (speech streams per speaker and field), digit chains built on demand and cached, and the utterance that
 * prompted each one (the agent's question before a caller's answer).
 */
import type { Span, Turn } from '../model/call';
import { buildChains, type DigitChain } from './text/digit-chains';
import { prepareUtterance, wordsDifferFromText, type NormalizedView, type PreparedUtterance } from './text/utterance';

/** What the scanner reads of a call. */
export interface ScannableCall {
  id: string;
  turns: readonly Turn[];
  spans: readonly Span[];
  metadata: Record<string, unknown>;
}

export interface CallIndexOptions {
  /**
   * Also scan each utterance's word list when it says the same as its text (normally only scanned when it
   * differs). The redaction's verification pass sets it, so nothing is left in the words either.
   */
  alwaysScanWords?: boolean;
}

export type Field = PreparedUtterance['field'];
export type DigitView = 'plain' | 'spelled';

export class CallIndex {
  readonly utterances: PreparedUtterance[] = [];
  private readonly byKey = new Map<string, PreparedUtterance>();
  private readonly chainCache = new Map<string, DigitChain[]>();
  private readonly turnsByIndex = new Map<number, Turn>();
  private readonly payloadCache = new Map<string, PreparedUtterance | null>();
  private readonly payloadChains = new Map<string, DigitChain[]>();

  constructor(
    readonly call: ScannableCall,
    options: CallIndexOptions = {},
  ) {
    const turns = [...call.turns].sort((a, b) => a.index - b.index);
    for (const t of turns) {
      this.turnsByIndex.set(t.index, t);
      for (const speaker of ['caller', 'agent'] as const) {
        const u = t[speaker];
        if (u) {
          this.add(prepareUtterance(t.index, speaker, 'text', u));
          if (u.words.length > 0 && (options.alwaysScanWords || u.text.trim() === '' || wordsDifferFromText(u))) {
            this.add(prepareUtterance(t.index, speaker, 'words', u));
          }
        }
      }
      if (t.referenceText) this.add(prepareUtterance(t.index, 'caller', 'reference', t.caller, t.referenceText));
    }
  }

  private add(u: PreparedUtterance | null): void {
    if (!u) return;
    this.utterances.push(u);
    this.byKey.set(`${u.turnIndex}:${u.speaker}:${u.field}`, u);
  }

  get turns(): readonly Turn[] {
    return [...this.turnsByIndex.values()];
  }

  turn(index: number): Turn | undefined {
    return this.turnsByIndex.get(index);
  }

  utterance(turnIndex: number, speaker: 'caller' | 'agent', field: Field = 'text'): PreparedUtterance | undefined {
    return this.byKey.get(`${turnIndex}:${speaker}:${field}`);
  }

  /** Utterances of one speaker and field in turn order. */
  stream(speaker: 'caller' | 'agent', field: Field): PreparedUtterance[] {
    return this.utterances.filter((u) => u.speaker === speaker && u.field === field);
  }

  /** Every (speaker, field) stream of the given speakers that has utterances. */
  streams(speakers: ReadonlyArray<'caller' | 'agent'>): PreparedUtterance[][] {
    const out: PreparedUtterance[][] = [];
    for (const speaker of speakers) {
      for (const field of ['text', 'words', 'reference'] as const) {
        const s = this.stream(speaker, field);
        if (s.length > 0) out.push(s);
      }
    }
    return out;
  }

  /**
   * What the other side said just before `u`: for a caller utterance, the agent's reply closing the
   * previous turn; for an agent utterance, the caller's words in the same turn.
   */
  prompt(u: PreparedUtterance): PreparedUtterance | undefined {
    if (u.speaker === 'agent') return this.utterance(u.turnIndex, 'caller', 'text');
    return this.agentBefore(u.turnIndex);
  }

  /** Words of the prompt (its last `count`), reaching back past an agent's "could you repeat that?". */
  promptWords(u: PreparedUtterance, count: number): string[] {
    const p = this.prompt(u);
    if (!p) return [];
    const words = p.norm.words.slice(-count);
    if (u.speaker === 'caller' && isReask(p.norm.words)) {
      const before = this.agentBefore(p.turnIndex);
      if (before) return [...before.norm.words.slice(-count), ...words];
    }
    return words;
  }

  private agentBefore(turnIndex: number): PreparedUtterance | undefined {
    const earlier = this.utterances.filter((x) => x.speaker === 'agent' && x.field === 'text' && x.turnIndex < turnIndex);
    return earlier[earlier.length - 1];
  }

  /**
   * A trace payload string prepared like speech, once per distinct string for every rule that reads it
   * (LLM input repeats the conversation in every span, so the same long strings come back).
   */
  payloadText(text: string): PreparedUtterance | null {
    let u = this.payloadCache.get(text);
    if (u === undefined) {
      u = prepareUtterance(-1, 'caller', 'text', { text, words: [], startMs: null, endMs: null });
      this.payloadCache.set(text, u);
    }
    return u;
  }

  payloadChainsOf(u: PreparedUtterance, view: DigitView): DigitChain[] {
    const key = `${view}\u0000${u.raw}`;
    let c = this.payloadChains.get(key);
    if (!c) {
      c = buildChains([u], (x) => (view === 'spelled' ? (x.spelledDigitNorm ?? x.plainDigitNorm) : x.plainDigitNorm), { acrossTurns: false });
      this.payloadChains.set(key, c);
    }
    return c;
  }

  chains(stream: readonly PreparedUtterance[], view: DigitView, acrossTurns: boolean): DigitChain[] {
    const first = stream[0];
    if (!first) return [];
    const key = `${first.speaker}:${first.field}:${view}:${acrossTurns}`;
    let c = this.chainCache.get(key);
    if (!c) {
      const pick = (u: PreparedUtterance): NormalizedView => (view === 'spelled' ? (u.spelledDigitNorm ?? u.plainDigitNorm) : u.plainDigitNorm);
      c = buildChains(stream, pick, { acrossTurns });
      this.chainCache.set(key, c);
    }
    return c;
  }
}

const REASK = /\b(repeat|again|didn't catch|did not catch|didn't get|did not get|say that|come again|missed that|one more time)\b/;

/** The agent asked the caller to say it again, so the question before still applies. */
const isReask = (words: readonly string[]): boolean => REASK.test(words.join(' '));

/** First index k in [0, n) with pred(k) true, for a predicate false…false true…true; n when none. */
function firstTrue(n: number, pred: (k: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Normalized words of `u` before raw token `token` (at most `count`), from the plain normalized view. */
export function wordsBefore(u: PreparedUtterance, token: number, count: number): string[] {
  // Origins never go backwards, so the words before a token are a prefix.
  const end = firstTrue(u.norm.words.length, (k) => u.norm.origins[k]!.to >= token);
  return u.norm.words.slice(Math.max(0, end - count), end);
}

/** Normalized words of `u` after raw token `token` (at most `count`). */
export function wordsAfter(u: PreparedUtterance, token: number, count: number): string[] {
  const start = firstTrue(u.norm.words.length, (k) => u.norm.origins[k]!.from > token);
  return u.norm.words.slice(start, start + count);
}
