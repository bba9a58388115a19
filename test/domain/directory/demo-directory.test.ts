import { parse } from 'yaml';
import { demoDirectoryPath, readDirectoryFile } from '../../../src/domain/directory/directory-file';
import { createDirectoryRepo, groupDestinations } from '../../../src/domain/directory/directory-repo';
import { loadDirectory } from '../../../src/domain/directory/load-directory';
import type { StoreEngine } from '../../../src/store/collection';
import { orgModel } from '../../../src/store/org.model';
import { personModel } from '../../../src/store/person.model';
import { countAll, dumpAll, fixtureText, memoryStore, NOW } from './directory-helpers';

/** The Chinese data the test expects lives in a fixture (no Chinese text in .ts files). */
interface DemoExpectations {
  province: { code: string; bureau_name: string };
  cities: string[];
  city_bureau_suffix: string;
  /** The kinds 宁教办函〔2023〕95号 names for each city's two region-level points. */
  point_kinds: Record<string, string[]>;
}
const EXPECT = parse(fixtureText('demo-expectations.yaml')) as DemoExpectations;

describe('the demo directory (templates/demo/directory.yaml)', () => {
  const parsed = readDirectoryFile(demoDirectoryPath());
  const rows = parsed.ok ? parsed.rows : { orgs: [], people: [], points: [] };
  let store: StoreEngine;

  beforeAll(async () => {
    store = await memoryStore();
  });
  afterAll(async () => {
    await store.close();
  });

  it('parses with zero errors and zero warnings', () => {
    expect(parsed).toMatchObject({ ok: true, warnings: [] });
  });

  it('loads with zero errors', async () => {
    const result = await loadDirectory(store, rows, NOW);
    expect(result).toMatchObject({ ok: true, warnings: [] });
    expect(await countAll(store)).toEqual({ orgs: 21, people: 44, points: 10 });
  });

  it('has the region at the top and the five prefecture cities under it', async () => {
    const dir = createDirectoryRepo(store);
    const top = await dir.getOrg('NX');
    expect(top).toMatchObject({ level: 'province', parentId: null, path: ['NX'], bureauName: EXPECT.province.bureau_name, region: 'NX' });
    const cities = await dir.orgsWithin('NX', { level: 'city' });
    expect(cities.map((c) => c.name).sort()).toEqual([...EXPECT.cities].sort());
    for (const city of cities) {
      expect(city.parentId).toBe('NX');
      expect(city.bureauName).toBe(`${city.name}${EXPECT.city_bureau_suffix}`);
      expect(await dir.orgsWithin(city._id, { level: 'county' })).toHaveLength(1);
    }
    const everyOrg = await dir.orgsWithin('NX');
    expect(everyOrg.every((o) => o.region === 'NX' && o.divisionCode?.startsWith('64'))).toBe(true);
  });

  it('has 10 region-level points, two per city of the kinds the document names, each with a liaison', async () => {
    const dir = createDirectoryRepo(store);
    const points = await dir.activePoints('2026-2027');
    expect(points).toHaveLength(10);
    expect(await dir.pointsWithoutLiaison()).toEqual([]);
    const kindsByCity: Record<string, string[]> = {};
    for (const point of points) {
      expect(point.level).toBe('region');
      const school = await dir.getOrg(point.schoolId);
      expect(school?.level).toBe('school');
      expect(school?.schoolKind).toBe(point.kind);
      const city = school!.path[1]!;
      (kindsByCity[city] ??= []).push(point.kind);
      const liaison = await dir.liaisonOf(point._id);
      expect(liaison?.roles).toContain('liaison');
      expect(liaison?.orgId).toBe(point.schoolId);
    }
    for (const kinds of Object.values(kindsByCity)) kinds.sort();
    expect(kindsByCity).toEqual(Object.fromEntries(Object.entries(EXPECT.point_kinds).map(([c, k]) => [c, [...k].sort()])));
  });

  it('has one official, a well-formed WeCom robot key and a signed DingTalk custom robot for every bureau', async () => {
    const dir = createDirectoryRepo(store);
    const bureaus = (await dir.orgsWithin('NX')).filter((o) => o.bureauName);
    expect(bureaus).toHaveLength(11);
    for (const bureau of bureaus) {
      expect(await dir.peopleAt(bureau._id, 'official')).toHaveLength(1);
      const [dest, ding, ...more] = groupDestinations(bureau);
      expect(more).toEqual([]);
      expect(ding).toMatchObject({ kind: 'robot', channel: 'dingtalk', robotSecret: expect.stringMatching(/^SEC/) });
      expect(dest).toMatchObject({ kind: 'robot', channel: 'wecom' });
      expect(dest!.robotKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    const keys = bureaus.map((b) => b.groups[0]!.robotKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has 2-3 teachers at every school, one admin, and the three demo users', async () => {
    const dir = createDirectoryRepo(store);
    for (const school of await dir.orgsWithin('NX', { level: 'school' })) {
      const teachers = await dir.peopleAt(school._id, 'teacher');
      expect(teachers.length).toBeGreaterThanOrEqual(2);
      expect(teachers.length).toBeLessThanOrEqual(3);
    }
    expect(await store.collection(personModel).count({ roles: 'admin' })).toBe(1);

    const teacher = await dir.findPerson('wecom', 'demo-teacher');
    expect(teacher).toMatchObject({ _id: 'wecom:demo-teacher', roles: ['teacher'], orgId: 'NX-YC-YN-S01' });
    const liaison = await dir.findPerson('wecom', 'demo-liaison');
    expect(liaison?.roles).toEqual(['liaison']);
    expect(await dir.pointsOfLiaison('wecom', 'demo-liaison')).toHaveLength(1);
    const official = await dir.findPerson('wecom', 'demo-official');
    expect(official?.roles).toEqual(['official']);
    expect((await dir.getOrg(official!.orgId!))?.level).toBe('county');
    // The demo loop: the teacher's reports go to the demo official's bureau.
    expect((await dir.bureauFor(teacher!.orgId!))?._id).toBe(official!.orgId);
  });

  it('loads a second time without changing anything', async () => {
    const before = await dumpAll(store);
    const again = await loadDirectory(store, rows, new Date(NOW.getTime() + 3_600_000));
    expect(again).toMatchObject({
      ok: true,
      counts: {
        orgs: { inserted: 0, updated: 0, unchanged: 21 },
        people: { inserted: 0, updated: 0, unchanged: 44 },
        points: { inserted: 0, updated: 0, unchanged: 10 },
      },
    });
    expect(await dumpAll(store)).toEqual(before);
    expect(await store.collection(orgModel).count({})).toBe(21);
  });
});
