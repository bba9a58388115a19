import { parse, stringify } from 'yaml';
import { parseDirectoryCsv } from '../../../src/domain/directory/directory-csv';
import { parseDirectoryYaml } from '../../../src/domain/directory/directory-file';
import type { DirectoryRows, RowError } from '../../../src/domain/directory/directory-rows';
import { loadDirectory } from '../../../src/domain/directory/load-directory';
import type { StoreEngine } from '../../../src/store/collection';
import type { Role } from '../../../src/store/person.model';
import { countAll, dumpAll, fixtureText, memoryStore, NOW, rowsOf } from './directory-helpers';

type Tree = {
  orgs: { people: unknown[]; schools?: unknown[]; cities: { counties: { schools: Record<string, unknown>[] }[] }[] }[];
  people: Record<string, unknown>[];
  points: Record<string, unknown>[];
};
const SMALL = fixtureText('small.yaml');

/** small.yaml changed by `edit`, as YAML text. */
function variant(edit: (tree: Tree) => void): string {
  const tree = parse(SMALL) as Tree;
  edit(tree);
  return stringify(tree);
}
const county = (t: Tree) => t.orgs[0]!.cities[0]!.counties[0]!;

function errorsOf(yaml: string): RowError[] {
  const parsed = parseDirectoryYaml(yaml);
  if (parsed.ok) throw new Error('expected errors');
  return parsed.errors;
}

describe('directory row errors', () => {
  let store: StoreEngine;
  let before: unknown;
  let counts: Awaited<ReturnType<typeof countAll>>;

  beforeAll(async () => {
    store = await memoryStore();
    expect(await loadDirectory(store, rowsOf(SMALL), NOW)).toMatchObject({ ok: true });
    before = await dumpAll(store);
    counts = await countAll(store);
  });
  afterAll(async () => {
    await store.close();
  });

  /** Loading `rows` is refused with `expected` among the errors, and the store is exactly as before. */
  async function refusedAndNothingWritten(rows: DirectoryRows, expected: RowError): Promise<void> {
    const result = await loadDirectory(store, rows, new Date(NOW.getTime() + 60_000));
    expect(result).toMatchObject({ ok: false, stage: 'validate' });
    expect(result.ok === false && result.stage === 'validate' ? result.errors : []).toContainEqual(expected);
    expect(await countAll(store)).toEqual(counts);
    expect(await dumpAll(store)).toEqual(before);
  }

  /** A valid change and a new org in the same batch, to see that neither is written when another row is bad. */
  function withValidChanges(rows: DirectoryRows): DirectoryRows {
    const orgs = rows.orgs.map((o) => (o.id === 'P-D' ? { ...o, name: 'Delta City (renamed)' } : o));
    orgs.push({ where: 'extra', id: 'P-D-K', name: 'New County', level: 'county', parentId: 'P-D', bureauName: 'New Bureau', groups: [], active: true });
    return { ...rows, orgs };
  }

  it('duplicate code: reported at the second row, with the first', async () => {
    const yaml = variant((t) => county(t).schools.push({ code: 'P-C-K-S1', name: 'Another', school_kind: 'x' }));
    const expected = {
      where: 'orgs > P > P-C > P-C-K > schools[2]',
      field: 'code',
      problem: 'duplicate code P-C-K-S1 (also at orgs > P > P-C > P-C-K > schools[0])',
    };
    expect(errorsOf(yaml)).toEqual([expected]);
    const rows = rowsOf(SMALL);
    rows.orgs.push({ ...rows.orgs.find((o) => o.id === 'P-C-K-S1')!, where: 'orgs > P > P-C > P-C-K > schools[2]', name: 'Another' });
    await refusedAndNothingWritten(withValidChanges(rows), expected);
  });

  it('unknown parent (CSV, checked against the batch and the store at load)', async () => {
    const csv = 'code,name,level,parent,bureau_name\nP-D-K,New County,county,P-D,New Bureau\nP-X-S1,Orphan School,school,P-X,\n';
    const parsed = parseDirectoryCsv({ orgs: csv });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    await refusedAndNothingWritten(parsed.rows, { where: 'orgs.csv line 3', field: 'parent', problem: 'unknown parent P-X' });
  });

  it('liaison without the liaison role', async () => {
    const yaml = variant((t) => (t.points[1]!.liaison = 'k-teacher'));
    const expected = { where: 'points[1]', field: 'liaison', problem: 'wecom:k-teacher does not have the liaison role' };
    expect(errorsOf(yaml)).toEqual([expected]);
    const rows = rowsOf(SMALL);
    rows.points[1] = { ...rows.points[1]!, liaisonUserKey: 'wecom:k-teacher' };
    await refusedAndNothingWritten(withValidChanges(rows), expected);
  });

  it('unknown liaison', () => {
    const yaml = variant((t) => (t.points[1]!.liaison = 'nobody'));
    expect(errorsOf(yaml)).toEqual([{ where: 'points[1]', field: 'liaison', problem: 'unknown person wecom:nobody' }]);
  });

  it('point on an org that is not a school', async () => {
    const yaml = variant((t) => t.points.push({ school: 'P-C-K', level: 'county', kind: 'x' }));
    const expected = { where: 'points[2]', field: 'school', problem: 'P-C-K is a county, not a school' };
    expect(errorsOf(yaml)).toEqual([expected]);
    const rows = rowsOf(SMALL);
    rows.points.push({ where: 'points[2]', id: 'P-C-K:2026-2027:county', schoolId: 'P-C-K', kind: 'x', schoolYear: '2026-2027', level: 'county', active: true });
    await refusedAndNothingWritten(withValidChanges(rows), expected);
  });

  it('bad role: in the file, in CSV, and in rows built by code', async () => {
    const yaml = variant((t) => (county(t).schools[0]!.people as Record<string, unknown>[]).push({ user_id: 'x1', name: 'X', roles: ['teacher', 'principal'] }));
    const problem = "unknown role 'principal'; roles are teacher, liaison, official, admin";
    expect(errorsOf(yaml)).toEqual([{ where: 'orgs > P > P-C > P-C-K > P-C-K-S1 > people[2]', field: 'roles', problem }]);

    const csv = parseDirectoryCsv({ people: 'user_id,name,roles,org\nx1,X,teacher;principal,P-C-K-S1\n' });
    expect(csv).toEqual({ ok: false, errors: [{ where: 'people.csv line 2', field: 'roles', problem }], warnings: [] });

    const rows = rowsOf(SMALL);
    rows.people.push({ where: 'api[0]', channel: 'wecom', userId: 'x1', name: 'X', roles: ['principal' as Role], orgId: 'P-C-K-S1', active: true });
    await refusedAndNothingWritten(withValidChanges(rows), { where: 'api[0]', field: 'roles', problem });
  });

  it('schools only under counties and cities', () => {
    const yaml = variant((t) => (t.orgs[0]!.schools = [{ code: 'P-S1', name: 'Province School' }]));
    expect(errorsOf(yaml)).toEqual([
      { where: 'orgs > P > schools[0]', field: 'parent', problem: 'a school can only be under a county or a city, but P is a province' },
    ]);
  });

  it('duplicate user ids on a channel, unknown org of a person, bad robot key (never echoed)', () => {
    const key = 'not-a-key-secret-value';
    const yaml = variant((t) => {
      t.people.push({ user_id: 'k-teacher', name: 'Twin', roles: ['teacher'], org: 'P-C' });
      t.people.push({ user_id: 'lost', name: 'Lost', roles: ['teacher'], org: 'P-Z' });
      (t.orgs[0] as unknown as { groups: unknown[] }).groups = [{ robot_key: key }];
    });
    const errors = errorsOf(yaml);
    expect(errors).toEqual([{ where: 'orgs[0]', field: 'groups[0].robot_key', problem: expect.stringContaining('WeCom group-robot key') }]);
    expect(JSON.stringify(errors)).not.toContain(key);
    const fixed = yaml.replace(key, '00000000-0000-4000-8000-000000000009');
    expect(errorsOf(fixed)).toEqual([
      { where: 'people[1]', field: 'user_id', problem: 'duplicate user id k-teacher on wecom (also at orgs > P > P-C > P-C-K > P-C-K-S1 > people[1])' },
      { where: 'people[2]', field: 'org', problem: 'unknown org P-Z' },
    ]);
  });

  it('reports every shape error of the file at once, with its location', () => {
    const yaml = variant((t) => {
      (t.orgs[0] as unknown as Record<string, unknown>).bureua_name = 'typo';
      county(t).schools[1]!.code = 'bad code!';
      t.points[0]!.level = 'national';
      t.points[1]!.school_year = '2026-2028';
    });
    expect(errorsOf(yaml)).toEqual([
      { where: 'orgs[0]', field: 'bureua_name', problem: 'unknown field' },
      { where: 'orgs > P > P-C > P-C-K > schools[1]', field: 'code', problem: expect.stringContaining('codes are letters and digits') },
      { where: 'points[0]', field: 'level', problem: expect.stringContaining('must be one of region, city, county') },
      { where: 'points[1]', field: 'school_year', problem: 'the second year must follow the first, like 2026-2027' },
    ]);
  });

  it('invalid YAML and a missing orgs list', () => {
    expect(errorsOf('orgs: [')).toEqual([{ where: 'file', field: '', problem: expect.stringContaining('invalid YAML') }]);
    expect(errorsOf('version: 1\n')).toEqual([{ where: 'file', field: 'orgs', problem: 'is required' }]);
  });
});
