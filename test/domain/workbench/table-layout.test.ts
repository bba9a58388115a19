/** The layout file of the documents' tables is checked at start: a column key renamed or dropped is an error that names it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTableLayouts, parseTableLayouts, TABLE_FIELDS } from '../../../src/domain/workbench';
import { projectRoot } from '../../../src/project-root';

const FILE = join(projectRoot(), 'templates', 'workbench', 'tables.yaml');

describe('table layouts', () => {
  it('loads the shipped file with every table in the document’s column order', () => {
    const l = loadTableLayouts(FILE);
    expect(l.tables.problems.columns.map((c) => c.key)).toEqual([...TABLE_FIELDS.problems]);
    expect(l.render('date', { y: 2026, m: 4, d: 3 })).toBe('2026年4月3日');
  });

  it('refuses a file whose columns are not exactly the table’s fields', () => {
    const text = readFileSync(FILE, 'utf8').replace('{ key: measures, heading: 整改措施', '{ key: measure, heading: 整改措施');
    expect(() => parseTableLayouts(text, 'tables.yaml')).toThrow(/tables\.rectification: the column keys must be exactly n, category, itemName, unit, basis, measures, deadline, state, note/);
  });

  it('refuses a broken template and a bad sheet name', () => {
    const text = readFileSync(FILE, 'utf8');
    expect(() => parseTableLayouts(text.replace('{{unit}} 本级', '{{#unit}} 本级'), 'tables.yaml')).toThrow(/tables\.yaml: template whitelist\.header\.0/);
    expect(() => parseTableLayouts(text.replace('sheet: 问题摸排清单', 'sheet: "问题/摸排"'), 'tables.yaml')).toThrow(/tables\.problems\.sheet/);
  });
});
