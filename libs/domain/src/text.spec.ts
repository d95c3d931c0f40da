import { textViolation } from './text';

describe('the text rule', () => {
  const single = { multiline: false };
  const free = { multiline: true };

  it('accepts any script, emoji and marks, on one line or many', () => {
    for (const text of [
      'Islamabad',
      'اسلام آباد',
      'دار الامان',
      '👩‍👧',
      'e\u0301',
      'a\u200fb',
      '\u2067زرمینہ\u2069 Bibi',
      'a\u061cb',
    ]) {
      expect(textViolation(text, single)).toBeNull();
    }
    expect(textViolation('line one\nline two\r\n\tindented', free)).toBeNull();
  });

  it('refuses NUL, unpaired surrogates and control characters anywhere', () => {
    expect(textViolation('a\u0000b', free)).toMatch(/NUL/);
    expect(textViolation('a\ud800b', free)).toMatch(/surrogate/);
    expect(textViolation('a\udfffb', free)).toMatch(/surrogate/);
    expect(textViolation('\udc00\ud800', free)).toMatch(/surrogate/);
    for (const control of ['\u0001', '\u001b', '\u007f', '\u0085', '\u009f', '\u000b', '\u000c']) {
      expect(textViolation(`a${control}b`, free)).toMatch(/control characters/);
    }
  });

  it('refuses bidirectional embeddings and overrides, which reorder what a reader sees', () => {
    for (const override of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e']) {
      expect(textViolation(`a${override}b`, free)).toMatch(/bidirectional/);
    }
  });

  it('allows line breaks and tabs only in free text', () => {
    for (const breaker of ['\n', '\r', '\t', '\u2028', '\u2029']) {
      expect(textViolation(`a${breaker}b`, single)).toMatch(/single line/);
      expect(textViolation(`a${breaker}b`, free)).toBeNull();
    }
  });

  it('never quotes the text it refuses', () => {
    expect(textViolation('Zarmeena\u0000', free)).not.toContain('Zarmeena');
  });
});
