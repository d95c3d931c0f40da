import { IsString } from 'class-validator';
import { FreeText, requestTextProblems, singleLineProblems } from './request-text';

class Note {
  @FreeText()
  @IsString()
  text!: string;

  @IsString()
  title!: string;
}

class Child extends Note {}

describe('the text rule over a request', () => {
  it('names every string and field name that breaks it, nested ones included', () => {
    expect(
      requestTextProblems({
        a: 'fine',
        b: { c: ['ok', 'x\u0000'] },
        ['d\u0007']: 1,
        e: 'y\ud800',
      }),
    ).toEqual([
      { field: 'b.c.1', message: 'must not contain NUL characters' },
      {
        field: '(a field with an odd name)',
        message: 'is a field name with characters no field name has',
      },
      { field: 'e', message: 'must not contain unpaired surrogate code units' },
    ]);
  });

  it('treats reserved names as unknown fields, wherever they are', () => {
    const body = JSON.parse(
      '{"__proto__": {"admin": true}, "x": {"constructor": 1, "prototype": 2}}',
    );
    expect(requestTextProblems(body).map((p) => p.field)).toEqual([
      '__proto__',
      'x.constructor',
      'x.prototype',
    ]);
  });

  it('allows line breaks only where a field is free text, inherited marks included', () => {
    const note = Object.assign(new Child(), { text: 'a\nb', title: 'one\nline' });
    expect(singleLineProblems(note)).toEqual([
      { field: 'title', message: 'must be a single line (no line breaks or tabs)' },
    ]);
  });
});
