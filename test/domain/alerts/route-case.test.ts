/** Which bureau a case goes to, on the demo directory (see route-case.ts for the rule). */
import { join } from 'node:path';
import { loadDirectoryFile } from '../../../src/domain/directory/load-directory-file';
import { demoDirectoryPath } from '../../../src/domain/directory/directory-file';
import { createDirectoryRepo } from '../../../src/domain/directory/directory-repo';
import { createCaseRouter, loadUnitLevels, unitLevel, type CaseRouter, type RoutableReport } from '../../../src/domain/alerts';
import { projectRoot } from '../../../src/project-root';
import { memoryEngines } from '../../helpers/memory-engines';

const words = loadUnitLevels(join(projectRoot(), 'templates', 'routing', 'unit-levels.yaml'));

describe('routing a case to the bureau with jurisdiction', () => {
  let engines: Awaited<ReturnType<typeof memoryEngines>>;
  let router: CaseRouter;
  beforeAll(async () => {
    engines = await memoryEngines();
    await loadDirectoryFile(engines.store, demoDirectoryPath(), new Date('2026-04-01T00:00:00Z'));
    router = createCaseRouter({ directory: createDirectoryRepo(engines.store), store: engines.store, unitLevels: words });
  });
  afterAll(() => engines.close());

  const COUNTY_SCHOOL = 'NX-YC-YN-S01';
  const CITY_SCHOOL = 'NX-YC-S01';
  const table: Array<[string, Partial<RoutableReport>, string | null, string | undefined]> = [
    ['a county school: its county bureau', { schoolId: COUNTY_SCHOOL }, 'NX-YC-YN', 'school'],
    ['a 市直属 school: the city bureau', { schoolId: CITY_SCHOOL }, 'NX-YC', 'school'],
    ['a county unit stays with the county', { schoolId: COUNTY_SCHOOL, organisingUnit: '永宁县应急管理局' }, 'NX-YC-YN', 'school'],
    ['a unit naming the county and the city stays with the county', { schoolId: COUNTY_SCHOOL, organisingUnit: '银川市永宁县教育局' }, 'NX-YC-YN', undefined],
    ['a department of the school\'s city goes to the city', { schoolId: COUNTY_SCHOOL, organisingUnit: '银川市卫生健康委员会' }, 'NX-YC', 'organising_unit'],
    ['the city named by its stem', { schoolId: COUNTY_SCHOOL, organisingUnit: '共青团银川市委' }, 'NX-YC', 'organising_unit'],
    ['"市教育局" without a name: the school\'s city', { schoolId: COUNTY_SCHOOL, organisingUnit: '市教育局' }, 'NX-YC', 'organising_unit'],
    ['"自治区教育厅": the region', { schoolId: COUNTY_SCHOOL, organisingUnit: '自治区教育厅' }, 'NX', 'organising_unit'],
    ['"宁夏回族自治区卫健委": the region', { schoolId: COUNTY_SCHOOL, organisingUnit: '宁夏回族自治区卫健委' }, 'NX', 'organising_unit'],
    ['"市场监管局" is not a city word', { schoolId: COUNTY_SCHOOL, organisingUnit: '市场监管局' }, 'NX-YC-YN', undefined],
    ['never down: a county unit for a city school', { schoolId: CITY_SCHOOL, organisingUnit: '永宁县教育局' }, 'NX-YC', undefined],
    ['same level: a city word for a city school', { schoolId: CITY_SCHOOL, organisingUnit: '市卫健委' }, 'NX-YC', undefined],
    ['a typed school name', { schoolName: '望洪镇红星村小学' }, 'NX-YC-YN', 'school_name'],
    ['no school: a named bureau', { organisingUnit: '石嘴山市教育局' }, 'NX-SZS', 'organising_unit'],
    ['no school, no unit: the region\'s top bureau', {}, 'NX', 'region'],
    ['an unknown region: nowhere', { region: 'ZZ' }, null, undefined],
  ];

  it.each(table)('%s', async (_name, fields, bureau, basis) => {
    const route = await router.route({ region: 'NX', ...fields });
    expect(route?.bureau._id ?? null).toBe(bureau);
    if (basis) expect(route?.basis).toBe(basis);
  });

  it('replaces an ambiguous school name by the smallest org over all its matches', async () => {
    // Two schools of 大武口区 match: their county, not either school's guess.
    const route = await router.route({ region: 'NX', schoolName: '大武口区' });
    expect(route?.bureau._id).toBe('NX-SZS-DWK');
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
