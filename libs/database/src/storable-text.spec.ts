import { storable, storableJson } from './storable-text';

describe('storable', () => {
  it('replaces NUL and unpaired surrogates in strings and keys, and nothing else', () => {
    expect(
      storable({ a: 'x\u0000y', ['k\ud800']: ['\udc00', 1, null, true, '😀 ا\n'], n: { m: 2.5 } }),
    ).toEqual({ a: 'x\uFFFDy', ['k\uFFFD']: ['\uFFFD', 1, null, true, '😀 ا\n'], n: { m: 2.5 } });
  });

  it('keeps well-formed text as it is', () => {
    const text = 'Dar-ul-Aman دار الامان 👩‍👧';
    expect(storable(text)).toBe(text);
  });

  it('finds them deep inside objects, and returns a clean object itself, uncopied', () => {
    const clean = { state: { victim: { notes: ['a\\u0000 is six characters here', 'ok'] } } };
    expect(storable(clean)).toEqual(clean);
    const nested = { a: [{ b: { c: ['fine', { d: 'lone \udfff' }] } }] };
    expect(storable(nested)).toEqual({ a: [{ b: { c: ['fine', { d: 'lone \uFFFD' }] } }] });
    const plain = { a: [1, { b: 'text' }] };
    expect(storable(plain)).toBe(plain);
  });
});

describe('storableJson', () => {
  it('is the JSON of the storable copy, and of the value itself where that needs none', () => {
    const dirty = { a: ['x\u0000', { ['k\udbff']: 'ok' }] };
    expect(storableJson(dirty)).toBe(JSON.stringify(storable(dirty)));
    expect(JSON.parse(storableJson(dirty)!)).toEqual({ a: ['x\uFFFD', { ['k\uFFFD']: 'ok' }] });
    // An escaped backslash before "u0000" is not a NUL: the same text, after a needless copy.
    const lookalike = { a: 'a\\u0000 b' };
    expect(storableJson(lookalike)).toBe(JSON.stringify(lookalike));
    expect(storableJson([1, 'two', null])).toBe('[1,"two",null]');
    expect(storableJson(undefined)).toBeUndefined();
  });

  it('copies what JSON would write: a Date as its text, a boxed string as the string', () => {
    const at = new Date('2026-03-01T10:00:00.000Z');
    const dirty = { at, name: new String('x\u0000'), list: [at] };
    expect(JSON.parse(storableJson(dirty)!)).toEqual({
      at: '2026-03-01T10:00:00.000Z',
      name: 'x\uFFFD',
      list: ['2026-03-01T10:00:00.000Z'],
    });
  });
});
