import { InvalidRequestError, statusOf } from '@app/http';
import { parseIfMatch } from './if-match';

describe('If-Match', () => {
  it.each([
    ['"3"', 3],
    ['3', 3],
    ['W/"12"', 12],
    [' "7" ', 7],
  ])('reads %s as version %d', (header, version) => {
    expect(parseIfMatch(header)).toBe(version);
  });

  it('is optional', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  it.each(['"abc"', '*', '"1", "2"', '-1', '"99999999999"'])(
    'refuses %s with a 400 problem',
    (header) => {
      try {
        parseIfMatch(header);
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidRequestError);
        expect(statusOf((error as InvalidRequestError).code)).toBe(400);
      }
    },
  );
});
