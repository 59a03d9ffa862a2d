import { describe, expect, it } from 'vitest';
import { matchTurns, type CallTurnText, type PackageTurnText } from '../../../shared/packages/turn-matching';

const pkg: PackageTurnText[] = [
  { index: 1, callerText: 'on the bottle it about a charge on my bill', reference: "Hi, I'm calling about a charge on my bill." },
  { index: 2, callerText: 'yes that number is four four seven two', reference: 'Yes, the number is 4472.' },
  { index: 3, callerText: 'there is a forty dollar late fee', reference: 'There is a forty dollar late fee, but I paid on time.' },
  { index: 4, callerText: 'the fifth yes is yes that is i have a good a', reference: "That's not right. The payment went out on the first from my bank." },
];

const call = (texts: Array<string | null>): CallTurnText[] => texts.map((t, i) => ({ index: i, callerText: t }));
const pairs = (m: ReturnType<typeof matchTurns>): Array<[number, number | null, string]> => m.map((x) => [x.packageTurn, x.callTurn, x.method]);

describe('matching package turns to a new call', () => {
  it('matches the same call turn for turn, by text', () => {
    const m = matchTurns(pkg, call([null, ...pkg.map((p) => p.callerText)]));
    expect(pairs(m)).toEqual([[1, 1, 'text'], [2, 2, 'text'], [3, 3, 'text'], [4, 4, 'text']]);
    expect(m.every((x) => x.similarity === 1)).toBe(true);
  });

  it('finds a corrected recognition through the reference', () => {
    const m = matchTurns(pkg, call([null, ...pkg.slice(0, 3).map((p) => p.callerText), "that's not right the payment went out on the first from my bank"]));
    expect(m[3]).toMatchObject({ callTurn: 4, method: 'text' });
    expect(m[3]!.similarity!).toBeGreaterThan(0.9);
  });

  it('follows a new agent version that adds a turn in between', () => {
    const texts = [null, pkg[0]!.callerText, 'sorry can you say that again', pkg[1]!.reference, pkg[2]!.reference, pkg[3]!.reference];
    expect(pairs(matchTurns(pkg, call(texts)))).toEqual([[1, 1, 'text'], [2, 3, 'text'], [3, 4, 'text'], [4, 5, 'text']]);
  });

  it('matches a turn garbled beyond recognition by its position between text-matched turns', () => {
    const texts = [null, pkg[0]!.reference, pkg[1]!.reference, 'uh huh mm', pkg[3]!.reference];
    const m = matchTurns(pkg, call(texts));
    expect(pairs(m)).toEqual([[1, 1, 'text'], [2, 2, 'text'], [3, 3, 'position'], [4, 4, 'text']]);
    expect(m[2]!.detail).toMatch(/by position/);
  });

  it('leaves a turn unmatched when the new call has nothing at its place, and never crosses turns', () => {
    const texts = [null, pkg[0]!.reference, pkg[3]!.reference];
    const m = matchTurns(pkg, call(texts));
    expect(pairs(m)).toEqual([[1, 1, 'text'], [2, null, 'none'], [3, null, 'none'], [4, 2, 'text']]);
    const swapped = matchTurns(pkg.slice(0, 2), call([pkg[1]!.reference, pkg[0]!.reference]));
    // Order is kept: at most one of the two swapped turns can match by text.
    const matched = swapped.filter((x) => x.callTurn !== null);
    expect(matched.length).toBeLessThanOrEqual(2);
    if (matched.length === 2) expect(matched[0]!.callTurn!).toBeLessThan(matched[1]!.callTurn!);
  });

  it('an empty call matches nothing', () => {
    expect(pairs(matchTurns(pkg.slice(0, 1), []))).toEqual([[1, null, 'none']]);
  });
});
