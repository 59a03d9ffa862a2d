/**
 * Agent re-ask: the agent asks again for an item the caller already gave (the seed's "the agent kept
 * asking for account numbers it had already received"). Two halves:
 * - an agent ASK for an item family: the text mentions the item (keyword family) and is a question or
 *   a request ("?", "can you", "please provide", …), and does not read the caller's value back (a
 *   read-back such as "your account number is 4111, right?" is a confirmation, not a re-ask);
 * - the caller GAVE the item: a value of the right shape (digit string, date, e-mail, name phrase) in
 *   a caller turn that either names the item or answers an agent ask for it in the previous turn.
 * Texts are compared after `turnscope-default` normalization, so "four one one one" is "4111".
 */

import { normalizeText } from './normalize/normalize';

export type ItemFamily = 'account_number' | 'card_number' | 'order_number' | 'phone' | 'date_of_birth' | 'email' | 'name';

export const ITEM_FAMILIES: readonly ItemFamily[] = ['account_number', 'card_number', 'order_number', 'phone', 'date_of_birth', 'email', 'name'];

/** How an utterance refers to each item (normalized, lower-case text). */
const MENTIONS: Readonly<Record<ItemFamily, RegExp>> = {
  account_number: /\baccount (number|no|id)\b|\baccount\b.*\bnumber\b/,
  card_number: /\bcard number\b|\b(last|final) 4\b|\b(credit|debit) card\b|\bcard\b.*\bdigits\b/,
  order_number: /\b(order|confirmation|tracking|reference|booking) (number|id|no|code)\b/,
  phone: /\b(phone|cell|mobile|telephone|callback|contact) number\b|\bnumber (we|i) can (reach|call)\b/,
  date_of_birth: /\bdate of birth\b|\bbirth ?date\b|\bbirthday\b|\bborn\b|\bdob\b/,
  email: /\be ?mail\b/,
  name: /\b(your|full|first|last|the) name\b|\bwho (am i|i am|i'm) speaking\b/,
};

const REQUEST = /\b(can|could|would|will) you\b|\bmay i (have|get)\b|\bcan i (have|get)\b|\bplease (provide|give|tell|say|repeat|read|spell|enter|share|confirm)\b|\bwhat(?: is|'s)\b|\bi (need|'ll need)\b|\b(provide|tell me|give me|read me|spell)\b/;

const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december';

/** Does the (normalized) caller text contain a value shaped like this item? */
function hasValue(family: ItemFamily, text: string, raw: string): boolean {
  switch (family) {
    case 'account_number':
    case 'card_number':
    case 'order_number':
      return /\b[a-z]{0,3}\d{4,}[a-z]{0,3}\b/.test(text);
    case 'phone':
      return /\b\d{7,}\b/.test(text.replace(/(?<=\d) (?=\d)/g, ''));
    case 'date_of_birth':
      return new RegExp(`\\b(${MONTHS}) \\d{1,2}(st|nd|rd|th)?\\b|\\b\\d{1,2}(st|nd|rd|th)? (of )?(${MONTHS})\\b|\\b(19|20)\\d\\d\\b|\\b\\d{1,2}/\\d{1,2}/\\d{2,4}\\b`).test(text);
    case 'email':
      return /[^\s@]+@[^\s@]+\.[^\s@]+/.test(raw) || /\b\w+ at \w+ dot (com|net|org|edu|co|io)\b/.test(text);
    case 'name':
      return /\b(my name is|my name's|name is|i'm called|call me|this is) \p{L}{2,}/u.test(text);
  }
}

export function mentionsItem(family: ItemFamily, normalizedText: string): boolean {
  return MENTIONS[family].test(normalizedText);
}

/** Item families an agent utterance asks for. */
export function askedItems(agentText: string): ItemFamily[] {
  const text = normalizeText(agentText, 'turnscope-default');
  const isRequest = agentText.includes('?') || REQUEST.test(text);
  return isRequest ? ITEM_FAMILIES.filter((f) => mentionsItem(f, text)) : [];
}

/** Item families a caller utterance provides, given what the agent asked for just before. */
export function providedItems(callerText: string, askedBefore: readonly ItemFamily[]): ItemFamily[] {
  const text = normalizeText(callerText, 'turnscope-default');
  return ITEM_FAMILIES.filter((f) => {
    if (!hasValue(f, text, callerText)) return false;
    if (f === 'email' || f === 'name') return true; // self-identifying shapes
    return mentionsItem(f, text) || askedBefore.includes(f);
  });
}

/** The digit strings of an utterance, to tell a read-back from a re-ask. */
function values(text: string): string[] {
  return normalizeText(text, 'turnscope-default').match(/\d{4,}/g) ?? [];
}

export interface ReaskTurn {
  index: number;
  callerText: string | null;
  agentText: string | null;
}

export interface AgentReask {
  /** Turn whose agent utterance asked again. */
  turnIndex: number;
  family: ItemFamily;
  /** Turn whose caller utterance had already provided the item. */
  givenInTurnIndex: number;
  agentText: string;
  callerText: string;
}

/**
 * Walks the turns in order (caller speaks, then the agent replies within a turn) and reports every
 * agent ask for an item that some earlier-or-same-turn caller utterance already provided.
 */
export function findAgentReasks(turns: readonly ReaskTurn[]): AgentReask[] {
  const given = new Map<ItemFamily, { turnIndex: number; text: string; values: string[] }>();
  const out: AgentReask[] = [];
  let lastAsked: ItemFamily[] = [];
  for (const t of [...turns].sort((a, b) => a.index - b.index)) {
    if (t.callerText) {
      for (const f of providedItems(t.callerText, lastAsked)) {
        given.set(f, { turnIndex: t.index, text: t.callerText, values: values(t.callerText) });
      }
    }
    lastAsked = [];
    if (!t.agentText) continue;
    const asked = askedItems(t.agentText);
    const agentValues = values(t.agentText);
    for (const f of asked) {
      const g = given.get(f);
      const readBack = g !== undefined && g.values.some((v) => agentValues.includes(v));
      if (g && !readBack) out.push({ turnIndex: t.index, family: f, givenInTurnIndex: g.turnIndex, agentText: t.agentText, callerText: g.text });
    }
    lastAsked = asked;
  }
  return out;
}
