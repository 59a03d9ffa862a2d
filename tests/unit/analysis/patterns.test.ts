import { describe, expect, it } from 'vitest';
import { askedItems, findAgentReasks, findCallerRepetitions, findEscalations, matchFallback, providedItems, similarity } from '../../../shared/analysis/patterns';

describe('similarity', () => {
  it('is 1 − edit distance / longer length', () => {
    expect(similarity('abc', 'abd')).toBeCloseTo(2 / 3, 12);
    expect(similarity('', '')).toBe(1);
    expect(similarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7, 12);
  });
});

describe('caller repetition', () => {
  it('matches an earlier caller turn at ≥ 0.8 after normalization and ignores short turns', () => {
    const reps = findCallerRepetitions([
      { index: 0, text: 'I want to cancel my subscription' },
      { index: 1, text: 'yes' },
      { index: 2, text: 'yes' },
      { index: 3, text: 'I want to cancel my subscription!' },
      { index: 4, text: 'what is the balance on my account' },
    ]);
    expect(reps).toEqual([expect.objectContaining({ turnIndex: 3, earlierTurnIndex: 0, similarity: 1 })]);
  });
  it('uses the threshold', () => {
    const turns = [{ index: 0, text: 'my card number is 4111' }, { index: 1, text: 'my card number is 4112' }];
    // normalized strings differ by 1 char of 22 → similarity 21/22 ≈ 0.955
    expect(findCallerRepetitions(turns)[0]?.similarity).toBeCloseTo(21 / 22, 12);
    expect(findCallerRepetitions(turns, { threshold: 0.96 })).toEqual([]);
  });
});

describe('fallback', () => {
  it('finds exact and fuzzy phrase matches', () => {
    expect(matchFallback("Sorry, I didn't catch that. Could you say it again?")).toMatchObject({ phrase: "i didn't catch that", similarity: 1 });
    // "i did not catch that" vs "i didn't catch that": distance 2 over 20 chars → 0.9
    expect(matchFallback('I did not catch that')).toMatchObject({ phrase: "i didn't catch that", similarity: 0.9 });
    expect(matchFallback('Your balance is $40.')).toBeNull();
    expect(matchFallback('Please hold', ['please hold'])).toMatchObject({ similarity: 1 });
  });
});

describe('escalation', () => {
  it('detects transfer-like tool calls, else the escalated outcome', () => {
    const turns = [{ index: 0, toolCalls: [{ name: 'lookup_account' }] }, { index: 1, toolCalls: [{ name: 'transferToHuman' }] }];
    expect(findEscalations(turns, 'resolved')).toEqual([{ turnIndex: 1, source: 'tool_call', toolName: 'transferToHuman' }]);
    expect(findEscalations([turns[0]!], 'escalated')).toEqual([{ turnIndex: null, source: 'outcome', toolName: null }]);
    expect(findEscalations([turns[0]!], 'resolved')).toEqual([]);
  });
});

describe('agent re-ask', () => {
  it('recognizes asks and provided items', () => {
    expect(askedItems('What is your account number?')).toEqual(['account_number']);
    expect(askedItems('Your account number is noted.')).toEqual([]);
    expect(askedItems('Could you tell me your date of birth and your email?')).toEqual(['date_of_birth', 'email']);
    expect(providedItems('four one one one two two two two', ['account_number'])).toEqual(['account_number']);
    expect(providedItems('four one one one two two two two', [])).toEqual([]);
    expect(providedItems('my account number is 4111 2222', [])).toEqual(['account_number']);
    expect(providedItems("I was born March third nineteen eighty", ['date_of_birth'])).toEqual(['date_of_birth']);
    expect(providedItems('it is jane.doe@example.com', [])).toEqual(['email']);
    expect(providedItems('my name is Maria Garcia', [])).toEqual(['name']);
  });

  it('flags the agent asking again for an account number already given', () => {
    const reasks = findAgentReasks([
      { index: 0, callerText: 'hi I need help with my bill', agentText: 'Sure. What is your account number?' },
      { index: 1, callerText: 'four one one one two two two two', agentText: 'Thanks. Can you give me your account number?' },
      { index: 2, callerText: 'I just told you', agentText: 'Your account number is 41112222, is that right?' },
      { index: 3, callerText: 'yes', agentText: 'Please provide your account number.' },
    ]);
    expect(reasks.map((r) => [r.turnIndex, r.family, r.givenInTurnIndex])).toEqual([
      [1, 'account_number', 1],
      [3, 'account_number', 1],
    ]);
  });

  it('does not flag the first ask', () => {
    expect(findAgentReasks([{ index: 0, callerText: 'hello', agentText: 'What is your phone number?' }])).toEqual([]);
  });
});
