/**
 * Digit strings as speech delivers them: spoken digit by digit, with "oh", "double", recognizer spellings
 * ("for", "to", "won", "ate"), fillers between groups, counts that are not digits, split across turns.
 */
import { describe, expect, it } from 'vitest';
import { maskCountWords, readRecognizerSpellings } from '../../../shared/compliance/text/recognizer-spellings';
import { alignTokensToWords, tokenize } from '../../../shared/compliance/text/utterance';
import { call, categoriesOf, scan, timedWords, utterance } from './helpers';

const ASK = 'What is the card number?';
const panOf = (lines: string[]): string[] =>
  scan(call([{ caller: 'I want to pay my bill', agent: ASK }, ...lines.map((caller, i) => ({ caller, agent: i < lines.length - 1 ? 'Mm-hm.' : 'Thanks.' }))]))
    .filter((h) => h.category === 'pci.pan')
    .map((h) => h.secret!);

describe('recognizer spellings', () => {
  it('reads "for", "to", "won", "ate" as digits only among digits', () => {
    expect(readRecognizerSpellings('for won one one five'.split(' '))).toEqual('four one one one five'.split(' '));
    expect(readRecognizerSpellings('thanks for calling'.split(' '))).toBeNull();
    expect(readRecognizerSpellings('i want to pay'.split(' '))).toBeNull();
    expect(readRecognizerSpellings('to ate'.split(' '))).toBeNull();
  });

  it('masks counts said next to digits, but not dates', () => {
    expect(maskCountWords('the last four is one one one one'.split(' '))).toEqual('the last countword is one one one one'.split(' '));
    expect(maskCountWords('the three digit code'.split(' '))).toEqual('the countword digit code'.split(' '));
    expect(maskCountWords('march first, nineteen forty'.split(' '))).toEqual('march first, nineteen forty'.split(' '));
  });
});

describe('card numbers as spoken', () => {
  it('spoken digit by digit in groups, with oh and double', () => {
    expect(panOf(['four one one one, one one one one, one one one one, one one one one'])).toEqual(['4111111111111111']);
    expect(panOf(['five five five five, five five five five, five five five five, four four four four'])).toEqual(['5555555555554444']);
    expect(panOf(['six oh one one, one one one one, one one one one, one one one seven'])).toEqual(['6011111111111117']);
    expect(panOf(['four double one one, double one double one, one one one one, one one one one'])).toEqual(['4111111111111111']);
  });

  it('with recognizer spellings', () => {
    expect(panOf(['sure its for one won one one one one one one one one one one one won one'])).toEqual(['4111111111111111']);
    expect(panOf(['five five five five five five five five five five five five for for for for'])).toEqual(['5555555555554444']);
  });

  it('keeps a real "for" out of the number', () => {
    expect(panOf(['thanks for 4111 1111 1111 1111'])).toEqual(['4111111111111111']);
  });

  it('with fillers between the groups', () => {
    expect(panOf(['um four one one one uh one one one one and one one one one um one one one one'])).toEqual(['4111111111111111']);
  });

  it('split across consecutive caller turns', () => {
    expect(panOf(['four one one one one one one one', 'one one one one one one one one'])).toEqual(['4111111111111111']);
    expect(panOf(['3782', '822463', 'and then 10005'])).toEqual(['378282246310005']);
  });

  it('written grouped, dashed or in one piece', () => {
    expect(panOf(['my card is 4111 1111 1111 1111.'])).toEqual(['4111111111111111']);
    expect(panOf(['my card is 4111-1111-1111-1111'])).toEqual(['4111111111111111']);
    expect(panOf(['4111111111111111'])).toEqual(['4111111111111111']);
  });

  it('leaves a security code said straight after the number out of it', () => {
    const hits = scan(call([{ caller: 'I want to pay', agent: 'Card number and security code please.' }, { caller: '4111 1111 1111 1111 123', agent: 'Thanks.' }]));
    expect(hits.find((h) => h.category === 'pci.pan')?.secret).toBe('4111111111111111');
    expect(hits.find((h) => h.category === 'pci.cvv')?.secret).toBe('123');
  });

  it('a word heard as a leading digit is left off when the rest is a card', () => {
    expect(panOf(['eight four one one one one one one one one one one one one one one one'])).toEqual(['4111111111111111']);
  });
});

describe('not card numbers', () => {
  const none = (caller: string, agent = 'Okay.'): void => {
    expect(categoriesOf(scan(call([{ caller, agent }])))).toEqual([]);
  };
  it('order ids, even Luhn-valid ones in an issuer range', () => none('my order number is 4111 1111 1111 1111'));
  it('tracking numbers', () => none('the tracking number is 9400 1111 2222 3333 4444 55'));
  it('phone numbers', () => none('call me back at 415 555 0132 or (212) 555-0187'));
  it('amounts', () => none('it was $4,111.11 and then four thousand one hundred eleven dollars'));
  it('a number failing Luhn after card words is only an unconfirmed (misheard) card number', () => {
    const hits = scan(call([{ caller: 'my card number is 4111 1111 1111 1112', agent: 'Sorry, that is not valid.' }]));
    expect(hits.map((h) => [h.ruleId, h.severity, h.evidence.luhn])).toEqual([['pci.pan.unconfirmed', 'warning', false]]);
  });
  it('a Luhn-valid number outside every issuer range, without card words', () => none('reference 1234 5678 1234 5670'));
  it('a gift card failing Luhn', () => none('the gift card number is 6035 1234 5678 9012'));
});

describe('word times', () => {
  it('maps text tokens onto the word list even when they differ', () => {
    const tokens = tokenize('My card: 4111-1111, thanks');
    const words = ['my', 'card', '4111', '1111', 'thanks'].map((text) => ({ text, startMs: 0, endMs: 1, confidence: null }));
    expect(alignTokensToWords(tokens, words)).toEqual([0, 1, 2, 4]);
  });

  it('a hit takes its time span from the words it covers', () => {
    const text = 'it is four one one one one one one one one one one one one one one one';
    const u = utterance(text, 10_000, 16_000, timedWords(text, 10_000));
    const [hit] = scan(call([{ caller: 'I want to pay', agent: ASK }, { caller: u, agent: 'Thanks.' }]));
    expect(hit!.category).toBe('pci.pan');
    expect(hit!.startMs).toBe(10_600);
    expect(hit!.endMs).toBe(10_000 + 18 * 300 - 20);
    expect(hit!.locations[0]).toMatchObject({ wordFrom: 2, wordTo: 17, timesFromWords: true });
  });

  it('without word times, the whole utterance', () => {
    const [hit] = scan(call([{ caller: 'I want to pay', agent: ASK }, { caller: utterance('4111 1111 1111 1111', 5000, 9000), agent: 'Thanks.' }]));
    expect([hit!.startMs, hit!.endMs]).toEqual([5000, 9000]);
    expect(hit!.locations[0]).toMatchObject({ timesFromWords: false });
  });
});
