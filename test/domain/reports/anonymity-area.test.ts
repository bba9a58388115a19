/**
 * An anonymous report shows only the county by default where the school is small: what counts as small, and
 * that every official view then leaves the school out while the row keeps it for routing.
 */
import { anonymityArea, toOfficialReportView, validateDraft, DraftInvalidError } from '../../../src/domain/reports';
import type { OrgRow } from '../../../src/store/org.model';
import type { PersonRow } from '../../../src/store/person.model';
import type { ReportRow } from '../../../src/store/report.model';
import { burdenDraft } from './report-fixtures';

const county = { _id: 'NX-YC-YN', name: '永宁县', bureauName: '永宁县教育局' } as OrgRow;
const directory = (people: number) => ({
  bureauFor: async (id: string) => (id === 'S1' ? county : null),
  peopleAt: async (id: string) => (id === 'S1' ? Array.from({ length: people }, (_, i) => ({ _id: `p${i}` }) as PersonRow) : []),
});

describe('anonymityArea', () => {
  it('is small below the minimum, not at it', async () => {
    expect(await anonymityArea(directory(19), 'S1', 20)).toEqual({ areaName: '永宁县', small: true, reason: 'few' });
    expect(await anonymityArea(directory(20), 'S1', 20)).toEqual({ areaName: '永宁县', small: false });
    expect(await anonymityArea(directory(3), 'S1', 0)).toEqual({ areaName: '永宁县', small: false });
  });

  it('counts a school the directory does not know as small', async () => {
    expect(await anonymityArea(directory(50), undefined, 20)).toEqual({ small: true, reason: 'unknown' });
  });
});

describe('a report that shows only the county', () => {
  const now = new Date('2026-03-15T02:00:00Z');
  const valid = (over: Parameters<typeof burdenDraft>[0]) => validateDraft(burdenDraft(over), { now, defaultRegion: 'NX' });

  it('is for anonymous reports only', () => {
    expect(() => valid({ anonymous: false, areaOnly: true, areaName: '永宁县' })).toThrow(DraftInvalidError);
    expect(valid({ schoolId: 'S1', areaOnly: true, areaName: ' 永宁县 ' })).toMatchObject({ schoolId: 'S1', areaOnly: true, areaName: '永宁县' });
  });

  it('gives officials the county and no school at all', () => {
    const v = valid({ schoolId: 'S1', schoolName: '永宁县望洪镇红星村小学', areaOnly: true, areaName: '永宁县' });
    const row = { ...v, _id: 'NX-2026-000001', caseNumber: 'NX-2026-000001', draftKey: 'k', reporterHash: 'h', status: 'routed', history: [], createdAt: now, updatedAt: now } as ReportRow;
    const view = toOfficialReportView(row);
    expect(view).toMatchObject({ areaOnly: true, areaName: '永宁县' });
    expect(view).not.toHaveProperty('schoolId');
    expect(view).not.toHaveProperty('schoolName');
    expect(JSON.stringify(view)).not.toContain('红星村');
    // Without the choice the school is shown.
    expect(toOfficialReportView({ ...row, areaOnly: undefined, areaName: undefined })).toMatchObject({ schoolId: 'S1', schoolName: '永宁县望洪镇红星村小学' });
  });
});
