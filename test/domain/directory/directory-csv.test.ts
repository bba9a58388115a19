import { parseDirectoryCsv } from '../../../src/domain/directory/directory-csv';
import { createDirectoryRepo } from '../../../src/domain/directory/directory-repo';
import { loadDirectory } from '../../../src/domain/directory/load-directory';
import { countAll, fixture, memoryStore, NOW } from './directory-helpers';

describe('directory CSV import', () => {
  it('reads the three tables (BOM, CRLF, quotes, a webhook URL for a key) and loads them', async () => {
    const parsed = parseDirectoryCsv({ orgs: fixture('orgs.csv'), people: fixture('people.csv'), points: fixture('points.csv') });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const [q, m, s1] = parsed.rows.orgs;
    expect(q).toMatchObject({
      where: 'orgs.csv line 2',
      id: 'Q',
      name: 'Quebec, Province',
      level: 'province',
      parentId: null,
      bureauName: 'Quebec "Education" Office',
      region: 'QC',
      groups: [{ channel: 'wecom', robotKey: '00000000-0000-4000-8000-000000000001', name: 'group, main' }],
      active: true,
    });
    expect(m).toMatchObject({ id: 'Q-M', parentId: 'Q', groups: [{ channel: 'wecom', robotKey: '00000000-0000-4000-8000-000000000002' }] });
    expect(s1).toMatchObject({ where: 'orgs.csv line 4', id: 'Q-M-S1', name: 'Plateau School', level: 'school', bureauName: '', groups: [] });
    expect(parsed.rows.people).toEqual([
      { where: 'people.csv line 2', channel: 'wecom', userId: 'q-official', name: 'Official, Q', roles: ['official'], orgId: 'Q-M', active: true },
      { where: 'people.csv line 3', channel: 'wecom', userId: 'q-liaison', name: 'Liaison Q', roles: ['liaison', 'teacher'], orgId: 'Q-M-S1', mobile: '13900000000', active: true },
    ]);
    expect(parsed.rows.points).toEqual([
      { where: 'points.csv line 2', id: 'Q-M-S1:2026-2027:city', schoolId: 'Q-M-S1', kind: 'urban primary', liaisonUserKey: 'wecom:q-liaison', schoolYear: '2026-2027', level: 'city', active: true },
    ]);

    const store = await memoryStore();
    const result = await loadDirectory(store, parsed.rows, NOW);
    expect(result).toMatchObject({ ok: true });
    expect(await countAll(store)).toEqual({ orgs: 3, people: 2, points: 1 });
    const dir = createDirectoryRepo(store);
    expect((await dir.getOrg('Q-M-S1'))?.path).toEqual(['Q', 'Q-M', 'Q-M-S1']);
    expect((await dir.getOrg('Q-M-S1'))?.region).toBe('QC');
    expect((await dir.bureauFor('Q-M-S1'))?._id).toBe('Q-M');
    expect((await dir.liaisonOf('Q-M-S1:2026-2027:city'))?.userId).toBe('q-liaison');
    await store.close();
  });

  it('imports one table at a time: references resolve against what the store holds', async () => {
    const store = await memoryStore();
    const orgs = parseDirectoryCsv({ orgs: fixture('orgs.csv') });
    const people = parseDirectoryCsv({ people: fixture('people.csv') });
    const points = parseDirectoryCsv({ points: fixture('points.csv') });
    if (!orgs.ok || !people.ok || !points.ok) throw new Error('parse');
    // Points before people: the liaison is unknown yet, nothing is written.
    expect(await loadDirectory(store, points.rows, NOW)).toMatchObject({
      ok: false,
      errors: [{ where: 'points.csv line 2', field: 'school', problem: 'unknown school Q-M-S1' }, { where: 'points.csv line 2', field: 'liaison', problem: 'unknown person wecom:q-liaison' }],
    });
    expect(await countAll(store)).toEqual({ orgs: 0, people: 0, points: 0 });
    for (const p of [orgs, people, points]) expect(await loadDirectory(store, p.rows, NOW)).toMatchObject({ ok: true });
    expect(await countAll(store)).toEqual({ orgs: 3, people: 2, points: 1 });
    await store.close();
  });

  it('reports header problems: unknown, duplicate and missing columns', () => {
    expect(parseDirectoryCsv({ people: 'user_id,name,role,name\n' })).toEqual({
      ok: false,
      errors: [
        { where: 'people.csv line 1', field: 'role', problem: 'unknown column; the columns are channel,user_id,dingtalk_user_id,name,roles,org,mobile,active' },
        { where: 'people.csv line 1', field: 'name', problem: 'appears twice' },
        { where: 'people.csv line 1', field: 'roles', problem: 'column is missing' },
        { where: 'people.csv line 1', field: 'org', problem: 'column is missing' },
      ],
      warnings: [],
    });
    expect(parseDirectoryCsv({ orgs: '' }, { names: { orgs: 'upload.csv' } })).toMatchObject({ ok: false, errors: [{ where: 'upload.csv', field: '' }] });
  });

  it('reports row problems with their line: extra fields, bad flags, missing cells, secrets on WeCom robots', () => {
    const csv = [
      'code,name,level,parent,robot_key,robot_secret,active',
      'A,Alpha,province,,00000000-0000-4000-8000-000000000001,,maybe',
      'B,,city,A,,,',
      'C,Gamma,city,A,00000000-0000-4000-8000-000000000003,SECabcdefabcdefabcdefabcdef,',
      'D,Delta,city,A,,,,surplus',
    ].join('\r\n');
    expect(parseDirectoryCsv({ orgs: csv })).toEqual({
      ok: false,
      errors: [
        { where: 'orgs.csv line 2', field: 'active', problem: 'must be true or false (or yes/no, 1/0)' },
        { where: 'orgs.csv line 3', field: 'name', problem: 'is required' },
        { where: 'orgs.csv line 4', field: 'robot_secret', problem: 'WeCom group robots have no secret; leave it empty' },
        { where: 'orgs.csv line 5', field: '', problem: 'has 8 fields but the header has 7' },
      ],
      warnings: [],
    });
  });

  it('reads points with the default school year and DingTalk liaisons', () => {
    const parsed = parseDirectoryCsv({ points: 'school,level,liaison\nS1,county,dingtalk:abc\n' }, { defaultSchoolYear: '2027-2028' });
    expect(parsed).toMatchObject({ ok: true, rows: { points: [{ id: 'S1:2027-2028:county', liaisonUserKey: 'dingtalk:abc' }] } });
    expect(parseDirectoryCsv({ points: 'school,level\nS1,county\n' })).toMatchObject({
      ok: false,
      errors: [{ where: 'points.csv line 2', field: 'school_year', problem: expect.stringContaining('is required') }],
    });
  });
});
