/**
 * The directory file (YAML): orgs as a nested tree, people under their org or in a flat list with `org:`,
 * points with `school:`. Parsing flattens it into rows with row-level errors, then, the file being a whole
 * directory, checks its references against itself (validateDirectory). loadDirectory checks them again against
 * the store before writing.
 *
 *   version: 1
 *   channel: wecom                 # channel of user ids without a prefix (default wecom)
 *   school_year: 2026-2027         # default school year of points
 *   orgs:
 *     - code: NX                   # top-level orgs: level defaults to province
 *       name: 宁夏回族自治区
 *       bureau_name: 宁夏回族自治区教育厅
 *       region: NX                 # case-number region, inherited below
 *       groups: [{ robot_key: <uuid>, name: 减负工作群 }]
 *       people: [{ user_id: nx-official, name: ..., roles: [official] }]
 *       cities:                    # children: cities, counties, schools (the key gives the level)
 *         - { code: NX-YC, name: 银川市, bureau_name: 银川市教育局, counties: [...], schools: [...] }
 *   people: [{ user_id: admin, name: ..., roles: [admin], org: NX }]
 *   points: [{ school: NX-YC-S01, level: region, liaison: demo-liaison }]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { PlatformId } from '../../core/message';
import type { OrgLevel } from '../../store/org.model';
import { projectRoot } from '../../project-root';
import {
  checkRecord,
  FILE_CHANNEL,
  FILE_SCHOOL_YEAR,
  orgCode,
  orgFromRecord,
  orgRecord,
  personFromRecord,
  personRecord,
  pointFromRecord,
  pointRecord,
} from './directory-fields';
import { emptyRows, parsed, type DirectoryRows, type ParsedDirectory, type RowError } from './directory-rows';
import { validateDirectory } from './validate-directory';

const CHILD_KEYS = { cities: 'city', counties: 'county', schools: 'school' } as const satisfies Record<string, OrgLevel>;
const list = z.array(z.unknown(), { error: 'must be a list' });

export const directoryFileSchema = z
  .object({
    version: z.literal(1, { error: 'the only version is 1' }).optional(),
    channel: FILE_CHANNEL.optional(),
    school_year: FILE_SCHOOL_YEAR.optional(),
    orgs: list.min(1, 'needs at least one org'),
    people: list.optional(),
    points: list.optional(),
  })
  .strict();

const orgNode = orgRecord
  .omit({ parent: true })
  .extend({ people: list.optional(), cities: list.optional(), counties: list.optional(), schools: list.optional() });
const nestedPerson = personRecord.omit({ org: true });
const flatPerson = personRecord.extend({ org: orgCode });

/** Parses the text of a directory file. Never throws on bad content: everything wrong is in `errors`, all at once. */
export function parseDirectoryYaml(text: string): ParsedDirectory {
  const rows = emptyRows();
  const errors: RowError[] = [];
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    return parsed(rows, [{ where: 'file', field: '', problem: `invalid YAML: ${(e as Error).message}` }], []);
  }
  const top = checkRecord(directoryFileSchema, raw, 'file');
  if (!top.ok) return parsed(rows, top.errors, []);
  const file = top.value;
  const channel: PlatformId = file.channel ?? 'wecom';

  file.orgs.forEach((node, i) => walkOrg(node, { where: `orgs[${i}]`, label: `[${i}]`, chain: ['orgs'], parentId: null }, channel, rows, errors));
  (file.people ?? []).forEach((p, i) => {
    const where = `people[${i}]`;
    const r = checkRecord(flatPerson, p, where);
    if (!r.ok) errors.push(...r.errors);
    else rows.people.push(personFromRecord(r.value, { where, orgId: r.value.org, defaultChannel: channel }));
  });
  (file.points ?? []).forEach((p, i) => {
    const where = `points[${i}]`;
    const r = checkRecord(pointRecord, p, where);
    if (!r.ok) return void errors.push(...r.errors);
    const row = pointFromRecord(r.value, { where, defaultChannel: channel, defaultSchoolYear: file.school_year });
    if ('problem' in row) errors.push(row);
    else rows.points.push(row);
  });

  // References are checked only once every row reads well, so that one typo does not cascade.
  if (errors.length > 0) return parsed(rows, errors, []);
  const plan = validateDirectory(rows);
  return parsed(rows, plan.errors, plan.warnings);
}

interface At {
  where: string;
  /** How the children's `where` names this org when its code is unreadable: its position. */
  label: string;
  /** The codes leading to this node (`orgs`, `NX`, `NX-YC`), for the `where` of its children. */
  chain: string[];
  parentId: string | null;
  /** Set by the key the node is listed under; top-level nodes say it themselves (default province). */
  level?: OrgLevel;
}

function walkOrg(node: unknown, at: At, channel: PlatformId, rows: DirectoryRows, errors: RowError[]): void {
  const r = checkRecord(orgNode, node, at.where);
  const fields: Record<string, unknown> = node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>) : {};
  const readable = orgCode.safeParse(fields.code);
  const code = readable.success ? readable.data : undefined;
  const chain = [...at.chain, code ?? at.label];
  const here = chain.join(' > ');
  if (!r.ok) errors.push(...r.errors);
  else {
    const rec = r.value;
    if (at.level && rec.level && rec.level !== at.level) {
      errors.push({ where: at.where, field: 'level', problem: `is ${rec.level} but the org is listed as a ${at.level}` });
    }
    rows.orgs.push(orgFromRecord(rec, { where: at.where, parentId: at.parentId, level: at.level ?? rec.level ?? 'province' }));
  }
  // People and children are read even under a broken org, so that all their errors show at once.
  listAt(fields, 'people').forEach((p, i) => {
    const where = `${here} > people[${i}]`;
    const pr = checkRecord(nestedPerson, p, where);
    if (!pr.ok) errors.push(...pr.errors);
    else if (code) rows.people.push(personFromRecord(pr.value, { where, orgId: code, defaultChannel: channel }));
  });
  for (const [key, level] of Object.entries(CHILD_KEYS)) {
    listAt(fields, key).forEach((child, i) => {
      const label = `${key}[${i}]`;
      walkOrg(child, { where: `${here} > ${label}`, label, chain, parentId: code ?? null, level }, channel, rows, errors);
    });
  }
}

function listAt(fields: Record<string, unknown>, key: string): unknown[] {
  const value = fields[key];
  return Array.isArray(value) ? value : [];
}

/** Reads and parses a directory file from disk; a missing file is an error row too. */
export function readDirectoryFile(path: string): ParsedDirectory {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return parsed(emptyRows(), [{ where: path, field: '', problem: `cannot read: ${(e as Error).message}` }], []);
  }
  return parseDirectoryYaml(text);
}

/** templates/demo/directory.yaml: the Ningxia demo directory. */
export function demoDirectoryPath(): string {
  return join(projectRoot(), 'templates', 'demo', 'directory.yaml');
}
