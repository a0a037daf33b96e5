import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, parseCsv } from '../../app/engine/data/csv-parse.ts';

const rows = (text: string, delimiter = ',') =>
  parseCsv(text, delimiter).map((r) => [r.line, ...r.fields]);

describe('CSV parsing (RFC 4180)', () => {
  it.each([
    [
      'plain rows',
      'a,b\n1,2\n',
      [
        [1, 'a', 'b'],
        [2, '1', '2'],
      ],
    ],
    [
      'no final newline',
      'a,b\n1,2',
      [
        [1, 'a', 'b'],
        [2, '1', '2'],
      ],
    ],
    [
      'CRLF endings',
      'a,b\r\n1,2\r\n',
      [
        [1, 'a', 'b'],
        [2, '1', '2'],
      ],
    ],
    ['empty fields', ',x,\n', [[1, '', 'x', '']]],
    ['a quoted delimiter', '"a,b",c\n', [[1, 'a,b', 'c']]],
    ['a doubled quote', '"say ""hi""",x\n', [[1, 'say "hi"', 'x']]],
    [
      'a line break inside quotes counts lines',
      '"two\nlines",x\n3,4\n',
      [
        [1, 'two\nlines', 'x'],
        [3, '3', '4'],
      ],
    ],
    [
      'CRLF inside quotes is one line',
      '"a\r\nb",x\r\nc,d\r\n',
      [
        [1, 'a\r\nb', 'x'],
        [3, 'c', 'd'],
      ],
    ],
    [
      'blank lines are skipped, lines still counted',
      'a\n\n\nb\n',
      [
        [1, 'a'],
        [4, 'b'],
      ],
    ],
    ['a byte-order mark is dropped', '\ufeffa,b\n', [[1, 'a', 'b']]],
  ])('%s', (_name, text, expected) => {
    expect(rows(text)).toEqual(expected);
  });

  it('takes another delimiter', () => {
    expect(rows('a;"b;c"\n', ';')).toEqual([[1, 'a', 'b;c']]);
  });

  it.each([
    [
      'a quote inside an unquoted field',
      'a,b\nx,ab"c\n',
      /^E201 data\.csv is not valid CSV: line 2 has a quote inside an unquoted field \(ab"\); put the whole field in quotes/,
    ],
    [
      'text after a closing quote',
      'a\n"x"y\n',
      /^E201 .*line 2 has "y" right after a closing quote/,
    ],
    [
      'a quote that never closes',
      'a,b\n1,"open\n2,3\n',
      /^E201 .*the quoted field that starts on line 2 never ends/,
    ],
  ])('refuses %s, naming the line', (_name, text, message) => {
    expect(() => parseCsv(text, ',', 'data.csv')).toThrow(message);
  });

  it('gives the same rows however the text is cut into chunks', () => {
    const text = 'id,"name, full",note\r\n1,"Ann ""A""",x\n2,"multi\r\nline",\n\n3,z,"q"\n';
    const whole = parseCsv(text);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 6 }), (cuts) => {
        const points = [0, ...[...cuts].sort((a, b) => a - b), text.length];
        const parser = new CsvParser();
        const got = points.slice(1).flatMap((end, i) => parser.push(text.slice(points[i], end)));
        expect([...got, ...parser.end()]).toEqual(whole);
      }),
    );
  });
});
