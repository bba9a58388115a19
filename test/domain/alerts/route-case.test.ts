/** Which bureau a case goes to, on the demo directory (see route-case.ts for the rule). */
import { join } from 'node:path';
import { loadDirectoryFile } from '../../../src/domain/directory/load-directory-file';
import { demoDirectoryPath } from '../../../src/domain/directory/directory-file';
import { createDirectoryRepo } from '../../../src/domain/directory/directory-repo';
import { createCaseRouter, loadEducationOffices, loadUnitLevels, parseEducationOffices, unitLevel, type CaseRouter, type RoutableReport } from '../../../src/domain/alerts';
import { projectRoot } from '../../../src/project-root';
import { memoryEngines } from '../../helpers/memory-engines';

const words = loadUnitLevels(join(projectRoot(), 'templates', 'routing', 'unit-levels.yaml'));
const offices = loadEducationOffices(join(projectRoot(), 'templates', 'routing', 'education-offices.yaml'));

describe('routing a case to the bureau with jurisdiction', () => {
  let engines: Awaited<ReturnType<typeof memoryEngines>>;
  let router: CaseRouter;
  beforeAll(async () => {
    engines = await memoryEngines();
    await loadDirectoryFile(engines.store, demoDirectoryPath(), new Date('2026-04-01T00:00:00Z'));
    router = createCaseRouter({ directory: createDirectoryRepo(engines.store), store: engines.store, unitLevels: words, offices });
  });
  afterAll(() => engines.close());

  const COUNTY_SCHOOL = 'NX-YC-YN-S01';
  const CITY_SCHOOL = 'NX-YC-S01';
  const table: Array<[string, Partial<RoutableReport>, string | null, string | undefined]> = [
    ['a county school: its county bureau', { schoolId: COUNTY_SCHOOL }, 'NX-YC-YN', 'school'],
    ['a 市直属 school: the city bureau', { schoolId: CITY_SCHOOL }, 'NX-YC', 'school'],
    ['a county unit stays with the county', { schoolId: COUNTY_SCHOOL, organisingUnit: '永宁县应急管理局' }, 'NX-YC-YN', 'school'],
    ['a department of the school\'s city goes to the city', { schoolId: COUNTY_SCHOOL, organisingUnit: '银川市卫生健康委员会' }, 'NX-YC', 'organising_unit'],
    ['the city named by its stem', { schoolId: COUNTY_SCHOOL, organisingUnit: '共青团银川市委' }, 'NX-YC', 'organising_unit'],
    ['"市卫健委" without a name: the school\'s city', { schoolId: COUNTY_SCHOOL, organisingUnit: '市卫健委' }, 'NX-YC', 'organising_unit'],
    ['"自治区卫健委": the region', { schoolId: COUNTY_SCHOOL, organisingUnit: '自治区卫健委' }, 'NX', 'organising_unit'],
    ['"宁夏回族自治区卫健委": the region', { schoolId: COUNTY_SCHOOL, organisingUnit: '宁夏回族自治区卫健委' }, 'NX', 'organising_unit'],
    ['"市场监管局" is not a city word', { schoolId: COUNTY_SCHOOL, organisingUnit: '市场监管局' }, 'NX-YC-YN', undefined],
    ['never down: a county unit for a city school', { schoolId: CITY_SCHOOL, organisingUnit: '永宁县教育局' }, 'NX-YC', 'school'],
    ['same level: a city word for a city school', { schoolId: CITY_SCHOOL, organisingUnit: '市卫健委' }, 'NX-YC', undefined],
    ['a typed school name', { schoolName: '望洪镇红星村小学' }, 'NX-YC-YN', 'school_name'],
    ['no school: a named bureau\'s place', { organisingUnit: '石嘴山市卫健委' }, 'NX-SZS', 'organising_unit'],
    ['no school, no unit: the region\'s top bureau', {}, 'NX', 'region'],
    ['an unknown region: nowhere', { region: 'ZZ' }, null, undefined],
    // Never to the bureau the case accuses: the level above.
    ['the county bureau itself: the city', { schoolId: COUNTY_SCHOOL, organisingUnit: '永宁县教育局' }, 'NX-YC', 'recused'],
    ['the county and the city named: still past the county', { schoolId: COUNTY_SCHOOL, organisingUnit: '银川市永宁县教育局' }, 'NX-YC', 'recused'],
    ['"县教育局" from a county school: the city', { schoolId: COUNTY_SCHOOL, organisingUnit: '县教育局' }, 'NX-YC', 'recused'],
    ['"县局" from a county school: the city', { schoolId: COUNTY_SCHOOL, organisingUnit: '县局' }, 'NX-YC', 'recused'],
    ['a stem and another word for the bureau: "永宁教体局"', { schoolId: COUNTY_SCHOOL, organisingUnit: '永宁教体局' }, 'NX-YC', 'recused'],
    ['one of several units: "县委宣传部、县教育局"', { schoolId: COUNTY_SCHOOL, organisingUnit: '县委宣传部、县教育局' }, 'NX-YC', 'recused'],
    ['"县委宣传部和县教育局"', { schoolId: COUNTY_SCHOOL, organisingUnit: '县委宣传部和县教育局' }, 'NX-YC', 'recused'],
    ['an office of the city bureau: the region', { schoolId: COUNTY_SCHOOL, organisingUnit: '银川市教育局督导室' }, 'NX', 'recused'],
    ['"市教育局" without a name: past the school\'s city', { schoolId: COUNTY_SCHOOL, organisingUnit: '市教育局' }, 'NX', 'recused'],
    ['the city bureau for a 市直属 school: the region', { schoolId: CITY_SCHOOL, organisingUnit: '银川市教育局' }, 'NX', 'recused'],
    ['"教育局" alone: the school\'s own bureau is passed', { schoolId: COUNTY_SCHOOL, organisingUnit: '教育局' }, 'NX-YC', 'recused'],
    ['no school: a named bureau is passed for the one above', { organisingUnit: '石嘴山市教育局' }, 'NX', 'recused'],
    ['the top accused: the highest bureau below it on the way', { schoolId: COUNTY_SCHOOL, organisingUnit: '自治区教育厅' }, 'NX-YC', 'recused'],
    ['"区教育厅" is the region\'s 教育厅: the city below it', { schoolId: CITY_SCHOOL, organisingUnit: '区教育厅基教处' }, 'NX-YC', 'recused'],
    ['the top accused and nothing below: nowhere', { organisingUnit: '宁夏教育厅' }, null, undefined],
    // What is not one of ours accuses none of ours.
    ['another province\'s 教育厅 goes to our top', { schoolId: COUNTY_SCHOOL, organisingUnit: '甘肃省教育厅' }, 'NX', 'organising_unit'],
    ['a county not in the directory', { schoolId: COUNTY_SCHOOL, organisingUnit: '兴庆区教育局' }, 'NX-YC-YN', 'school'],
  ];

  it.each(table)('%s', async (_name, fields, bureau, basis) => {
    const route = await router.route({ region: 'NX', ...fields });
    expect(route?.bureau._id ?? null).toBe(bureau);
    if (basis) expect(route?.basis).toBe(basis);
  });

  it('says which bureaus it passed over and why', async () => {
    const route = await router.route({ region: 'NX', schoolId: COUNTY_SCHOOL, organisingUnit: '银川市教育局督导室、永宁县教育局' });
    expect(route?.bureau._id).toBe('NX');
    expect(route?.recused).toEqual(['NX-YC', 'NX-YC-YN']);
    expect(route?.passedOver).toMatchObject({ bureau: { _id: 'NX-YC-YN' }, noneAbove: false });
    const top = await router.route({ region: 'NX', schoolId: COUNTY_SCHOOL, organisingUnit: '宁夏回族自治区教育厅' });
    expect(top?.passedOver).toMatchObject({ bureau: { _id: 'NX' }, noneAbove: true });
    expect(await router.recused({ region: 'NX', schoolId: COUNTY_SCHOOL, organisingUnit: '县教育局' })).toEqual(['NX-YC-YN']);
    expect(await router.recused({ region: 'NX', schoolId: COUNTY_SCHOOL, organisingUnit: '县文明办' })).toEqual([]);
  });

  it('replaces an ambiguous school name by the smallest org over all its matches', async () => {
    // Two schools of 大武口区 match: their county, not either school's guess.
    const route = await router.route({ region: 'NX', schoolName: '大武口区' });
    expect(route?.bureau._id).toBe('NX-SZS-DWK');
  });

  it('refuses an education-offices file it does not understand, naming the key', () => {
    expect(() => parseEducationOffices('office_words: { any: [教育局] }\nlevel: {}\n')).toThrow(/level/);
  });

  it('reads level words from the data file', () => {
    expect(unitLevel('自治区人民政府办公厅', words)).toBe('province');
    expect(unitLevel('省卫健委', words)).toBe('province');
    expect(unitLevel('全市教育系统', words)).toBe('city');
    expect(unitLevel('市容环境卫生管理处', words)).toBeUndefined();
    expect(unitLevel('县委宣传部', words)).toBeUndefined();
    expect(unitLevel(undefined, words)).toBeUndefined();
  });
});
