/** Reports for the alert tests, on the demo directory (永宁县望洪镇红星村小学 is a school of 永宁县). */
import type { ReportDraft } from '../../../src/domain/reports';

export const COUNTY_SCHOOL = 'NX-YC-YN-S01';
export const COUNTY = 'NX-YC-YN';
export const CITY = 'NX-YC';
export const PROVINCE = 'NX';

/** Breaks 厅发〔2020〕3号 第15条 (APP voting) and the region's own 宁教办函〔2023〕95号 五. */
export const APP_VOTING: Partial<ReportDraft> = {
  kind: 'burden',
  category: 'campus_affairs',
  itemName: '网络投票',
  organisingUnit: '永宁县文明办',
  happenedOn: '2026-03-30',
  place: '本校',
  content: '每天都要给某公众号投票，还要截图发到群里',
  schoolId: COUNTY_SCHOOL,
  anonymous: true,
};

/** Breaks nothing listed. */
export const NOTHING_WRONG: Partial<ReportDraft> = {
  kind: 'burden',
  category: 'other',
  itemName: '安全教育',
  organisingUnit: '本校',
  content: '学校组织学生观看安全教育视频',
  schoolId: COUNTY_SCHOOL,
  approved: 'yes',
  anonymous: true,
};

export const CITATION = '厅发〔2020〕3号 第15条';
