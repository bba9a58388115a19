import { parse } from 'yaml';
import { demoDirectoryPath, parseDirectoryYaml, readDirectoryFile } from '../../../src/domain/directory/directory-file';
import { parseDirectoryCsv } from '../../../src/domain/directory/directory-csv';
import { createDirectoryRepo, type DirectoryRepo } from '../../../src/domain/directory/directory-repo';
import { loadDirectory } from '../../../src/domain/directory/load-directory';
import type { StoreEngine } from '../../../src/store/collection';
import { fixtureText, memoryStore, NOW, rowsOf } from './directory-helpers';

const ids = (rows: { _id: string }[]) => rows.map((r) => r._id);

describe('directory queries (small.yaml)', () => {
  let store: StoreEngine;
  let dir: DirectoryRepo;

  beforeEach(async () => {
    store = await memoryStore();
    dir = createDirectoryRepo(store);
    expect(await dir.load(rowsOf(fixtureText('small.yaml')), NOW)).toMatchObject({ ok: true });
  });
  afterEach(async () => {
    await store.close();
  });

  it('parses with warnings for the point without a liaison and the bureau without a group', () => {
    const parsed = parseDirectoryYaml(fixtureText('small.yaml'));
    expect(parsed.warnings).toEqual([
      { where: 'orgs > P > cities[1]', field: 'groups', problem: 'the bureau of P-D has no group robot: its alerts cannot reach a group chat' },
      { where: 'points[1]', field: 'liaison', problem: 'the point has no liaison: nobody receives its monthly reminders' },
    ]);
  });

  it('stores the path (the org included), inherited region and division code, and robot groups', async () => {
    expect(await dir.getOrg('P-C-K-S1')).toMatchObject({
      level: 'school',
      parentId: 'P-C-K',
      path: ['P', 'P-C', 'P-C-K', 'P-C-K-S1'],
      bureauName: '',
      region: 'TP',
      divisionCode: '990100',
      schoolKind: 'village primary',
      groups: [],
    });
    expect((await dir.getOrg('P-C-K'))?.groups).toEqual([
      { channel: 'dingtalk', robotKey: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', robotSecret: 'SEC0123456789abcdef0123456789abcdef' },
    ]);
    expect(await dir.getOrg('nope')).toBeNull();
  });

  it('answers jurisdiction: isWithin, ancestors, orgsWithin', async () => {
    for (const scope of ['P-C-K-S1', 'P-C-K', 'P-C', 'P']) expect(await dir.isWithin('P-C-K-S1', scope)).toBe(true);
    expect(await dir.isWithin('P-C-K-S1', 'P-D')).toBe(false);
    expect(await dir.isWithin('P-C', 'P-C-K')).toBe(false);
    expect(await dir.isWithin('nope', 'P')).toBe(false);
    expect(ids(await dir.ancestors('P-C-K-S1'))).toEqual(['P', 'P-C', 'P-C-K']);
    expect(await dir.ancestors('P')).toEqual([]);
    expect(ids(await dir.orgsWithin('P-C'))).toEqual(['P-C', 'P-C-K', 'P-C-K-S1', 'P-C-K-S2', 'P-C-S1']);
    expect(ids(await dir.orgsWithin('P', { level: 'school' }))).toEqual(['P-C-K-S1', 'P-C-K-S2', 'P-C-S1']);
    expect(await dir.orgsWithin('nope')).toEqual([]);
  });

  it('finds the bureau with jurisdiction and the one above it', async () => {
    expect((await dir.bureauFor('P-C-K-S1'))?._id).toBe('P-C-K'); // a school's county bureau
    expect((await dir.bureauFor('P-C-S1'))?._id).toBe('P-C'); // a city-direct school's city bureau
    expect((await dir.bureauFor('P-C-K'))?._id).toBe('P-C-K');
    expect((await dir.parentBureau('P-C-K-S1'))?._id).toBe('P-C'); // escalation from a school: the city
    expect((await dir.parentBureau('P-C-K'))?._id).toBe('P-C');
    expect((await dir.parentBureau('P-C'))?._id).toBe('P');
    expect(await dir.parentBureau('P')).toBeNull();
    expect(await dir.bureauFor('nope')).toBeNull();
    expect(ids(await dir.peopleAt('P-C-K', 'official'))).toEqual(['wecom:k-official']);
  });

  it('finds people by channel id, not inactive ones', async () => {
    expect(await dir.findPerson('wecom', 'k-teacher')).toMatchObject({ name: 'Teacher One', orgId: 'P-C-K-S1', mobile: '13800000000' });
    expect(await dir.findPerson('dingtalk', 'k-teacher')).toBeNull();
    const csv = parseDirectoryCsv({ people: 'user_id,name,roles,org,active\nk-teacher,Teacher One,teacher,P-C-K-S1,no\n' });
    if (!csv.ok) throw new Error('parse');
    expect(await dir.load(csv.rows, NOW)).toMatchObject({ ok: true, counts: { people: { updated: 1 } } });
    expect(await dir.findPerson('wecom', 'k-teacher')).toBeNull();
    expect((await dir.peopleAt('P-C-K-S1')).map((p) => p.userId)).toEqual(['k-liaison']);
  });

  it('finds a person by the key of their other platform, even beside an inactive row of that key', async () => {
    // Listed first under DingTalk (that row now inactive), now under WeCom with the DingTalk id beside it.
    const csv = parseDirectoryCsv({
      people: 'user_id,name,roles,org,channel,dingtalk_user_id,active\nk-ding,Teacher One,teacher,P-C-K-S1,dingtalk,,no\nk-teacher,Teacher One,teacher,P-C-K-S1,wecom,k-ding,yes\n',
    });
    if (!csv.ok) throw new Error(JSON.stringify(csv.errors));
    expect(await dir.load(csv.rows, NOW)).toMatchObject({ ok: true });
    expect(await dir.findPerson('dingtalk', 'k-ding')).toMatchObject({ _id: 'wecom:k-teacher', name: 'Teacher One' });
    expect(await dir.findPerson('wecom', 'k-teacher')).toMatchObject({ _id: 'wecom:k-teacher' });
    // Nobody active answers to it any more: not found.
    const gone = parseDirectoryCsv({ people: 'user_id,name,roles,org,channel,dingtalk_user_id,active\nk-teacher,Teacher One,teacher,P-C-K-S1,wecom,k-ding,no\n' });
    if (!gone.ok) throw new Error(JSON.stringify(gone.errors));
    expect(await dir.load(gone.rows, NOW)).toMatchObject({ ok: true });
    expect(await dir.findPerson('dingtalk', 'k-ding')).toBeNull();
    expect(await dir.findPerson('wecom', 'k-teacher')).toBeNull();
  });

  it('lists points without a reachable liaison, with the reason', async () => {
    expect(ids(await dir.activePoints())).toEqual(['P-C-K-S1:2026-2027:region', 'P-C-K-S2:2026-2027:region']);
    expect(await dir.activePoints('2025-2026')).toEqual([]);
    expect((await dir.liaisonOf('P-C-K-S1:2026-2027:region'))?.userId).toBe('k-liaison');
    expect(await dir.liaisonOf('P-C-K-S2:2026-2027:region')).toBeNull();
    expect(await dir.pointsWithoutLiaison()).toEqual([{ point: expect.objectContaining({ _id: 'P-C-K-S2:2026-2027:region' }), reason: 'none' }]);

    // The people table reloaded later without the liaison role: the point is reported, not skipped.
    const csv = parseDirectoryCsv({ people: 'user_id,name,roles,org\nk-liaison,Liaison One,teacher,P-C-K-S1\n' });
    if (!csv.ok) throw new Error('parse');
    expect(await dir.load(csv.rows, NOW)).toMatchObject({ ok: true });
    expect((await dir.pointsWithoutLiaison()).map((p) => [p.point.schoolId, p.reason])).toEqual([
      ['P-C-K-S1', 'not_liaison'],
      ['P-C-K-S2', 'none'],
    ]);
    expect(await dir.liaisonOf('P-C-K-S1:2026-2027:region')).toBeNull();
  });

  it('moves a subtree: descendants get their new path, optional fields removed from a row are removed', async () => {
    const rows = rowsOf(fixtureText('small.yaml'));
    const county = rows.orgs.find((o) => o.id === 'P-C-K')!;
    county.parentId = 'P-D';
    const teacher = rows.people.find((p) => p.userId === 'k-teacher')!;
    delete teacher.mobile;
    const later = new Date(NOW.getTime() + 60_000);
    const result = await dir.load(rows, later);
    expect(result).toMatchObject({ ok: true, counts: { orgs: { updated: 3 }, people: { updated: 1 } } });
    expect((await dir.getOrg('P-C-K-S2'))?.path).toEqual(['P', 'P-D', 'P-C-K', 'P-C-K-S2']);
    expect(await dir.isWithin('P-C-K-S1', 'P-D')).toBe(true);
    expect((await dir.parentBureau('P-C-K-S1'))?._id).toBe('P-D');
    expect((await dir.findPerson('wecom', 'k-teacher'))?.mobile).toBeUndefined();
    expect((await dir.findPerson('wecom', 'k-teacher'))?.updatedAt).toEqual(later);
    expect((await dir.getOrg('P'))?.updatedAt).toEqual(NOW); // unchanged rows are not rewritten
  });
});

describe('schoolsByName (demo directory)', () => {
  let store: StoreEngine;
  let dir: DirectoryRepo;

  beforeAll(async () => {
    store = await memoryStore();
    dir = createDirectoryRepo(store);
    const parsed = readDirectoryFile(demoDirectoryPath());
    if (!parsed.ok) throw new Error('demo');
    await loadDirectory(store, parsed.rows, NOW);
  });
  afterAll(async () => {
    await store.close();
  });

  const search = (parse(fixtureText('demo-expectations.yaml')) as { school_search: { text: string; scope?: string; expect: string[] }[] })
    .school_search;

  it.each(search.map((c) => [c.text, c.scope ?? 'everywhere', c] as const))('finds "%s" (%s)', async (_text, _scope, c) => {
    const found = await dir.schoolsByName(c.text, c.scope ? { scopeOrgId: c.scope } : {});
    expect(found.map((o) => o.name)).toEqual(c.expect);
  });
});
