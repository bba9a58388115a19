import { parseCsv } from '../../src/core/parse-csv';

const fields = (text: string | Uint8Array) => {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(r.problem);
  return r.records.map((rec) => rec.fields);
};

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with commas, escaped quotes and line breaks', () => {
    expect(fields('a,"b, c","say ""hi""","two\r\nlines"\n')).toEqual([['a', 'b, c', 'say "hi"', 'two\r\nlines']]);
  });

  it('accepts CRLF, LF and CR line ends, a BOM, blank lines and a missing final line break', () => {
    expect(fields('\uFEFFh1,h2\r\n1,2\r\n\r\n3,4\n5,6\r7,8')).toEqual([['h1', 'h2'], ['1', '2'], ['3', '4'], ['5', '6'], ['7', '8']]);
  });

  it('keeps empty fields, and a record of one quoted empty field', () => {
    expect(fields(',,\n""\n')).toEqual([['', '', ''], ['']]);
  });

  it('numbers records by the physical line they start on', () => {
    const r = parseCsv('h\n"a\nb"\nc\n');
    expect(r).toEqual({ ok: true, records: [{ line: 1, fields: ['h'] }, { line: 2, fields: ['a\nb'] }, { line: 4, fields: ['c'] }] });
  });

  it('keeps a quote inside an unquoted field as it is', () => {
    expect(fields('5" screen,x\n')).toEqual([['5" screen', 'x']]);
  });

  it('reports an unclosed quote at its line, and text after a closing quote', () => {
    expect(parseCsv('a\nb,"open\nstill open')).toEqual({ ok: false, line: 2, problem: 'a quoted field is never closed' });
    expect(parseCsv('a\n"x"y,z')).toMatchObject({ ok: false, line: 2, problem: expect.stringContaining('after a closing quote') });
  });

  it('decodes UTF-8 bytes with a BOM, and GB18030 bytes (Excel on Chinese Windows)', () => {
    const yinchuan = '\u94f6\u5ddd\u5e02'; // 银川市
    expect(fields(Buffer.from(`\uFEFFname,level\n${yinchuan},city\n`, 'utf8'))).toEqual([['name', 'level'], [yinchuan, 'city']]);
    const gb18030 = Buffer.from([0xd2, 0xf8, 0xb4, 0xa8, 0xca, 0xd0, 0x2c, 0x63, 0x0a]); // 银川市,c
    expect(fields(gb18030)).toEqual([[yinchuan, 'c']]);
  });
});
