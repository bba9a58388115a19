/**
 * CSV import of the directory (for the admin API): three tables, each optional, with an English header row.
 *
 *   orgs.csv    code,name,level,parent,bureau_name,region,division_code,school_kind,department,contact_name,contact_phone,
 *               contact_mobile,contact_wechat,hotline,mailbox,robot_channel,robot_key,robot_secret,robot_name,active
 *   people.csv  channel,user_id,dingtalk_user_id,name,roles,org,mobile,active          (roles separated by ; or spaces)
 *   points.csv  id,school,kind,liaison,school_year,level,active
 *
 * Columns may come in any order; only code,name,level / user_id,name,roles,org / school,level are required.
 * An org has at most one group robot in CSV (use the YAML file for more). Empty cells mean "not given".
 * Parsing checks every row's fields; references (parents, orgs, schools, liaisons) are checked by
 * loadDirectory against the batch and the store, since a table may refer to rows loaded earlier.
 */
import type { PlatformId } from '../../core/message';
import { checkRecord, orgFromRecord, orgRecord, personFromRecord, personRecord, pointFromRecord, pointRecord } from './directory-fields';
import { emptyRows, parsed, type ParsedDirectory, type RowError } from './directory-rows';
import { parseCsv } from '../../core/parse-csv';

export interface DirectoryCsvTables {
  orgs?: string | Uint8Array;
  people?: string | Uint8Array;
  points?: string | Uint8Array;
}

export interface DirectoryCsvOptions {
  /** Channel of people rows and liaisons without one (default wecom). */
  defaultChannel?: PlatformId;
  /** School year of points rows without one. */
  defaultSchoolYear?: string;
  /** Names used in `where` (default orgs.csv, people.csv, points.csv), e.g. the uploaded file names. */
  names?: Partial<Record<keyof DirectoryCsvTables, string>>;
}

export const CSV_COLUMNS = {
  orgs: ['code', 'name', 'level', 'parent', 'bureau_name', 'region', 'division_code', 'school_kind', 'department', 'contact_name', 'contact_phone', 'contact_mobile', 'contact_wechat', 'hotline', 'mailbox', 'robot_channel', 'robot_key', 'robot_secret', 'robot_name', 'active'],
  people: ['channel', 'user_id', 'dingtalk_user_id', 'name', 'roles', 'org', 'mobile', 'active'],
  points: ['id', 'school', 'kind', 'liaison', 'school_year', 'level', 'active'],
} as const;
const REQUIRED: Record<keyof DirectoryCsvTables, readonly string[]> = {
  orgs: ['code', 'name', 'level'],
  people: ['user_id', 'name', 'roles', 'org'],
  points: ['school', 'level'],
};
const GROUP_FIELDS: Record<string, string> = {
  'groups[0].channel': 'robot_channel',
  'groups[0].robot_key': 'robot_key',
  'groups[0].robot_secret': 'robot_secret',
  'groups[0].name': 'robot_name',
};
const orgRow = orgRecord.required({ level: true });
const personRow = personRecord.required({ org: true });

export function parseDirectoryCsv(tables: DirectoryCsvTables, opts: DirectoryCsvOptions = {}): ParsedDirectory {
  const rows = emptyRows();
  const errors: RowError[] = [];
  const channel = opts.defaultChannel ?? 'wecom';

  for (const table of ['orgs', 'people', 'points'] as const) {
    const input = tables[table];
    if (input === undefined) continue;
    const name = opts.names?.[table] ?? `${table}.csv`;
    for (const entry of readTable(input, name, table, errors)) {
      if ('problem' in entry) {
        errors.push(entry);
        continue;
      }
      const { where, cells } = entry;
      const { active, ...obj } = cells as Record<string, unknown>;
      const activeOk = flag(active as string | undefined, obj, where, errors);
      if (table === 'orgs') {
        const r = checkRecord(orgRow, withGroup(obj, where, errors), where, (f) => GROUP_FIELDS[f] ?? f);
        if (!r.ok) errors.push(...r.errors);
        else if (activeOk) rows.orgs.push(orgFromRecord(r.value, { where, parentId: r.value.parent ?? null, level: r.value.level }));
      } else if (table === 'people') {
        const r = checkRecord(personRow, obj, where);
        if (!r.ok) errors.push(...r.errors);
        else if (activeOk) rows.people.push(personFromRecord(r.value, { where, orgId: r.value.org, defaultChannel: channel }));
      } else {
        const r = checkRecord(pointRecord, obj, where);
        if (!r.ok) errors.push(...r.errors);
        else if (activeOk) {
          const row = pointFromRecord(r.value, { where, defaultChannel: channel, defaultSchoolYear: opts.defaultSchoolYear });
          if ('problem' in row) errors.push(row);
          else rows.points.push(row);
        }
      }
    }
  }
  return parsed(rows, errors, []);
}

type TableEntry = { where: string; cells: Record<string, string | undefined> } | RowError;

/**
 * The table's data rows as column -> non-empty trimmed cell, or the row's shape error, in file order; problems
 * of the file as a whole (syntax, header) go to `errors` and give no rows.
 */
function readTable(input: string | Uint8Array, name: string, table: keyof DirectoryCsvTables, errors: RowError[]): TableEntry[] {
  const csv = parseCsv(input);
  if (!csv.ok) {
    errors.push({ where: `${name} line ${csv.line}`, field: '', problem: csv.problem });
    return [];
  }
  const [header, ...data] = csv.records;
  if (!header) {
    errors.push({ where: name, field: '', problem: `is empty; the first line names the columns: ${CSV_COLUMNS[table].join(',')}` });
    return [];
  }
  const known: readonly string[] = CSV_COLUMNS[table];
  const columns = header.fields.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const headerWhere = `${name} line ${header.line}`;
  const before = errors.length;
  columns.forEach((c, i) => {
    if (c === '') errors.push({ where: headerWhere, field: `column ${i + 1}`, problem: 'has no name' });
    else if (!known.includes(c)) errors.push({ where: headerWhere, field: c, problem: `unknown column; the columns are ${known.join(',')}` });
    else if (columns.indexOf(c) !== i) errors.push({ where: headerWhere, field: c, problem: 'appears twice' });
  });
  for (const c of REQUIRED[table]) {
    if (!columns.includes(c)) errors.push({ where: headerWhere, field: c, problem: 'column is missing' });
  }
  if (errors.length > before) return [];

  const out: TableEntry[] = [];
  for (const record of data) {
    const where = `${name} line ${record.line}`;
    if (record.fields.slice(columns.length).some((f) => f.trim() !== '')) {
      out.push({ where, field: '', problem: `has ${record.fields.length} fields but the header has ${columns.length}` });
      continue;
    }
    const cells: Record<string, string | undefined> = {};
    columns.forEach((c, i) => {
      const v = record.fields[i]?.trim();
      if (v) cells[c] = v;
    });
    out.push({ where, cells });
  }
  return out;
}

/** Converts the `active` cell into obj.active; false (and an error) when it is not a yes/no value. */
function flag(cell: string | undefined, obj: Record<string, unknown>, where: string, errors: RowError[]): boolean {
  if (cell === undefined) return true;
  const v = cell.toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(v)) obj.active = true;
  else if (['false', 'no', 'n', '0'].includes(v)) obj.active = false;
  else {
    errors.push({ where, field: 'active', problem: 'must be true or false (or yes/no, 1/0)' });
    return false;
  }
  return true;
}

/** Moves the robot_ cells of an orgs row into its one group. */
function withGroup(obj: Record<string, unknown>, where: string, errors: RowError[]): Record<string, unknown> {
  const { robot_channel, robot_key, robot_secret, robot_name, ...rest } = obj;
  if (robot_key === undefined) {
    if (robot_channel ?? robot_secret ?? robot_name) errors.push({ where, field: 'robot_key', problem: 'is required when another robot_ column is filled' });
    return rest;
  }
  const group = Object.fromEntries(
    Object.entries({ channel: robot_channel, robot_key, robot_secret, name: robot_name }).filter(([, v]) => v !== undefined),
  );
  return { ...rest, groups: [group] };
}
