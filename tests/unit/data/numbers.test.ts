// Number reading: the allocation-free fast reader must agree bit for bit with Number(), and the general
// parser must honour decimal and thousands separators only in valid shapes.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseNumber } from '../../../src/data/parse/numbers';
import { fastNumber } from '../../../src/data/parse/tableBuilder';

const decimalText = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    fc.stringMatching(/^[0-9]{1,9}$/),
    fc.option(fc.stringMatching(/^[0-9]{0,6}$/), { nil: null }),
  )
  .map(([sign, int, frac]) => `${sign}${int}${frac === null ? '' : `.${frac}`}`);

describe('fastNumber', () => {
  test('equals Number() exactly for plain decimals of up to 15 digits', () => {
    fc.assert(
      fc.property(decimalText, (s) => {
        expect(Object.is(fastNumber(s, 0, s.length, 46), Number(s))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test('reads a decimal comma when told to, and reads inside a larger string without slicing', () => {
    const line = 'x;-12,5;7';
    expect(fastNumber(line, 2, 7, 44)).toBe(-12.5);
    expect(fastNumber(' 3.25 ', 0, 6, 46)).toBe(3.25);
  });

  test('gives NaN (general path) for exponents, separators, text and missing tokens', () => {
    for (const s of ['1e5', '1,234.5', 'abc', '', '-', '.', 'NA', '1.2.3', '0x10', '12345678901234567.8.9']) {
      expect(fastNumber(s, 0, s.length, 46), s).toBeNaN();
    }
  });

  test('reads plain numbers of 16 and more digits exactly as Number() does, with either separator', () => {
    for (const s of [
      '5.827000141143799',
      '-0.1000000014901161',
      '12345678901234567890',
      '1234567890123456',
    ]) {
      expect(Object.is(fastNumber(s, 0, s.length, 46), Number(s)), s).toBe(true);
    }
    const line = 'a;5,827000141143799;b';
    expect(fastNumber(line, 2, 19, 44)).toBe(5.827000141143799);
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = x.toPrecision(17);
        if (/e/i.test(s)) return;
        expect(Object.is(fastNumber(s, 0, s.length, 46), Number(s))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseNumber', () => {
  test('plain numbers, and the things Number() accepts that a CSV must not', () => {
    const plain = { decimal: '.', thousands: null } as const;
    expect(parseNumber('1e-3', plain)).toBe(0.001);
    expect(parseNumber(' 42 ', plain)).toBe(42);
    for (const s of ['', '  ', '0x1f', '0b11', 'Infinity', '1,5']) expect(parseNumber(s, plain), s).toBeNaN();
  });

  test('thousands separators only in groups of three', () => {
    const eu = { decimal: ',', thousands: '.' } as const;
    expect(parseNumber('1.234.567,89', eu)).toBe(1234567.89);
    expect(parseNumber('-0,5', eu)).toBe(-0.5);
    expect(parseNumber('12.34', eu)).toBeNaN();
    const us = { decimal: '.', thousands: ',' } as const;
    expect(parseNumber('1,234.5', us)).toBe(1234.5);
    expect(parseNumber('1,23', us)).toBeNaN();
    expect(parseNumber("1'234.5", { decimal: '.', thousands: "'" })).toBe(1234.5);
    expect(parseNumber('1 234,5', { decimal: ',', thousands: ' ' })).toBe(1234.5);
  });
});
