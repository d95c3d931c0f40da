import { wantsCsv } from './csv-negotiation.interceptor';

describe('wantsCsv', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['*/*', false],
    ['application/json', false],
    ['text/csv', true],
    ['TEXT/CSV; charset=utf-8', true],
    ['application/json, text/csv', false],
    ['application/json;q=0.5, text/csv', true],
    ['text/csv;q=0, */*', false],
    ['text/csv;q=0', false],
    ['text/csv; q=0', false],
    ['application/json; q=0.5, text/csv; q=0.9', true],
    ['text/csv;q=0.5, */*', false],
    ['text/csv;q=0.5, application/*', false],
    ['text/csv;q=0, text/*', false],
    ['text/*', true],
    [['text/html', 'text/csv'], true],
  ])('Accept %j wants CSV: %s', (accept, csv) => {
    expect(wantsCsv(accept as string | string[] | undefined)).toBe(csv);
  });
});
