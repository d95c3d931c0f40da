import { BodyRefusedError, MAX_JSON_DEPTH, parseJsonBody } from './json-body';

const refusal = (body: Buffer | string, contentType = 'application/json') => {
  try {
    parseJsonBody(Buffer.isBuffer(body) ? body : Buffer.from(body), contentType);
  } catch (error) {
    expect(error).toBeInstanceOf(BodyRefusedError);
    return (error as BodyRefusedError).problem;
  }
  throw new Error('accepted');
};

describe('parseJsonBody', () => {
  it('parses JSON in UTF-8, with or without a charset', () => {
    expect(parseJsonBody(Buffer.from('{"a":"ب"}'), 'application/json')).toEqual({ a: 'ب' });
    expect(parseJsonBody(Buffer.from('[1]'), 'application/json; charset=UTF-8')).toEqual([1]);
  });

  it('refuses other charsets with 415', () => {
    expect(refusal('{}', 'application/json; charset=latin1').status).toBe(415);
    expect(refusal('{}', 'application/json; charset="utf-16"').status).toBe(415);
  });

  it('refuses empty bodies, bytes that are not UTF-8 and text that is not JSON with 400', () => {
    expect(refusal('').status).toBe(400);
    expect(refusal(Buffer.from([0x22, 0xc3, 0x28, 0x22])).errors).toEqual([
      { field: 'body', message: 'is not valid UTF-8' },
    ]);
    expect(refusal('{"a":').status).toBe(400);
  });

  it('never quotes the body it could not parse', () => {
    expect(JSON.stringify(refusal('{"fullName": Zarmeena}'))).not.toContain('Zarmeena');
  });

  it(`bounds nesting at ${MAX_JSON_DEPTH} levels, counting brackets outside strings only`, () => {
    const nested = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
    expect(parseJsonBody(Buffer.from(nested(MAX_JSON_DEPTH)), undefined)).toBeDefined();
    expect(refusal(nested(MAX_JSON_DEPTH + 1)).status).toBe(400);
    expect(refusal(nested(25_000)).status).toBe(400);
    const brackets = JSON.stringify({ text: '[[[[{{{{'.repeat(20), quote: 'a\\"[[[' });
    expect(parseJsonBody(Buffer.from(brackets), undefined)).toEqual(JSON.parse(brackets));
  });
});
