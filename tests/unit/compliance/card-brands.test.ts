import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cardBrand, luhnValid, ssnStructureValid } from '../../../shared/compliance/card-brands';
import { maskSecret, redactionLabel } from '../../../shared/compliance/mask';
import { sha256Hex } from '../../../shared/compliance/sha256';

describe('Luhn, issuer ranges and SSN structure', () => {
  it.each([
    ['4111111111111111', true], ['4111111111111112', false], ['5555555555554444', true], ['378282246310005', true],
    ['6011111111111117', true], ['30569309025904', true], ['3530111333300000', true], ['4222222222222', true], ['0000000000000', true],
    ['79927398713', true], ['79927398710', false], ['', false], ['12a4', false],
  ])('luhn(%s) = %s', (n, ok) => expect(luhnValid(n)).toBe(ok));

  it.each([
    ['4111111111111111', 'visa'], ['4222222222222', 'visa'], ['5555555555554444', 'mastercard'], ['2223000048400011', 'mastercard'],
    ['378282246310005', 'amex'], ['6011111111111117', 'discover'], ['30569309025904', 'diners'], ['3530111333300000', 'jcb'],
    ['6212345678901265', 'unionpay'], ['4111111111111', 'visa'], ['411111111111111', null], ['1234567812345670', null], ['9400111122223333', null],
  ])('brand(%s) = %s', (n, brand) => expect(cardBrand(n)).toBe(brand));

  it('checks SSN structure: no 000, 666 or 9xx area, no 00 group, no 0000 serial', () => {
    expect(ssnStructureValid('123456789')).toBe(true);
    for (const bad of ['000123456', '666123456', '912345678', '123006789', '123450000', '12345678', '1234567890']) expect(ssnStructureValid(bad)).toBe(false);
  });
});

describe('masking', () => {
  it('keeps the last four of a card number only, and nothing of other secrets', () => {
    expect(maskSecret('pci.pan', '4111111111111111', 4)).toBe('•••• •••• •••• 1111');
    expect(maskSecret('pci.pan', '378282246310005', 4)).toBe('•••• •••••• •0005');
    expect(maskSecret('phi.ssn', '123456789')).toBe('•••-••-••••');
    expect(maskSecret('pci.cvv', '123')).toBe('•••');
    expect(maskSecret('phi.dob', '19850314')).not.toMatch(/\d/);
    expect(maskSecret('phi.member_id', 'XJH1234567')).toBe('••••••••••');
  });

  it('labels redactions with one token and no digit', () => {
    expect(redactionLabel('pci.pan')).toBe('[redacted-card-number]');
    expect(redactionLabel('phi.dob')).toBe('[redacted-date-of-birth]');
    for (const c of ['pci.pan', 'pci.cvv', 'pci.expiry', 'phi.ssn', 'phi.member_id'] as const) expect(redactionLabel(c)).toMatch(/^\[\S+\]$/);
  });
});

describe('pure sha256', () => {
  it.each(['', 'abc', 'turnscope rule pack ✓', 'x'.repeat(1000)])('matches node:crypto for %j', (s) => {
    expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
  });
});
