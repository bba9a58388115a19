/**
 * A small RFC 4180 CSV reader: comma-separated, fields optionally in double quotes with "" for a quote, quoted
 * fields may hold commas and line breaks; records end with CRLF, LF or CR; a leading BOM is dropped and blank
 * lines are skipped. A quote inside an unquoted field is kept as it is (spreadsheets write such fields).
 * Bytes are decoded as UTF-8, or as GB18030 when they are not valid UTF-8 (Excel's "CSV" on Chinese Windows).
 */

export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  line: number;
  fields: string[];
}

export type CsvResult = { ok: true; records: CsvRecord[] } | { ok: false; line: number; problem: string };

export function decodeCsv(input: string | Uint8Array): string {
  if (typeof input === 'string') return input;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    return new TextDecoder('gb18030').decode(input);
  }
}

export function parseCsv(input: string | Uint8Array): CsvResult {
  const text = decodeCsv(input).replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  /** Whether the current record has a quoted field (a record of one quoted empty field is not a blank line). */
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;

  const endField = (): void => {
    fields.push(field);
    field = '';
  };
  const endRecord = (): void => {
    endField();
    if (fields.length > 1 || fields[0] !== '' || quoted) records.push({ line: recordLine, fields });
    fields = [];
    quoted = false;
  };
  /** Consumes a line break at i (CRLF, LF or CR); false when there is none. */
  const lineBreak = (): boolean => {
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
    else if (text[i] === '\n' || text[i] === '\r') i += 1;
    else return false;
    line += 1;
    return true;
  };

  while (i < text.length) {
    if (field === '' && text[i] === '"') {
      const openedAt = line;
      quoted = true;
      i += 1;
      for (;;) {
        if (i >= text.length) return { ok: false, line: openedAt, problem: 'a quoted field is never closed' };
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (text[i] === '\r' || text[i] === '\n') {
          const start = i;
          lineBreak();
          field += text.slice(start, i);
          continue;
        }
        field += text[i];
        i += 1;
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        return { ok: false, line, problem: 'unexpected text after a closing quote (write "" for a quote inside a quoted field)' };
      }
      continue;
    }
    if (text[i] === ',') {
      endField();
      i += 1;
    } else if (lineBreak()) {
      endRecord();
      recordLine = line;
    } else {
      field += text[i];
      i += 1;
    }
  }
  if (field !== '' || fields.length > 0 || quoted) endRecord();
  return { ok: true, records };
}
