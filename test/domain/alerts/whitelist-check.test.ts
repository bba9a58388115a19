/**
 * A report of an activity on campus is checked against the region's imported whitelist of the year it
 * happened: on the list (under another way of writing its name), no campus-list rule; not on it, the
 * region's own rule (宁教办函〔2023〕95号 一) is cited and the county is alerted.
 */
import type { ListSource, WhitelistEntry } from '../../../src/domain/rules/rule';
import { reportModel } from '../../../src/store/report.model';
import { createAlertHarness } from '../../helpers/alert-harness';
import { memoryEngines } from '../../helpers/memory-engines';
import { COUNTY, COUNTY_SCHOOL } from './fixtures';

const CAMPUS_LIST_RULE = 'ningxia-2023-95#1.campus-list';
const WHITELIST_2026: WhitelistEntry[] = [
  { name: '交通安全宣传教育进校园活动', unit: '永宁县公安局交通警察大队', year: 2026 },
  { name: '防溺水安全教育', unit: '永宁县应急管理局', year: 2026 },
];

describe('reports checked against the imported whitelist', () => {
  const clock = { now: new Date('2026-11-23T02:00:00Z') };
  const asked: Array<{ region: string; year: number }> = [];
  const lists: ListSource = async (region, at) => {
    const year = Number(at.toISOString().slice(0, 4));
    asked.push({ region, year });
    return region === 'NX' && year === 2026 ? { whitelist: WHITELIST_2026 } : {};
  };
  const activity = (itemName: string, organisingUnit: string, happenedOn = '2026-11-10') => ({
    kind: 'burden' as const,
    category: 'campus_affairs',
    itemName,
    organisingUnit,
    happenedOn,
    content: '组织全校学生参加活动',
    schoolId: COUNTY_SCHOOL,
    approved: 'unknown' as const,
  });

  it('finds an activity on the list under another name, and cites the rule for one that is not', async () => {
    const engines = await memoryEngines();
    try {
      const h = await createAlertHarness(engines.store, clock, {}, lists);
      const rules = async (c: string) => ((await engines.store.collection(reportModel).findOne({ _id: c }))!.matchedRules ?? []).map((m) => m.ruleId);

      const listed = await h.file(activity('交通安全进校园宣传', '县交警大队'));
      expect(await rules(listed)).not.toContain(CAMPUS_LIST_RULE);

      const unlisted = await h.file(activity('某品牌牛奶进校园推广', '某乳业公司'));
      expect(await rules(unlisted)).toContain(CAMPUS_LIST_RULE);
      const texts = (await h.robotRows(COUNTY)).map((r) => r.reply.text).join('\n');
      expect(texts).toContain(unlisted);
      expect(texts).toContain('宁教办函〔2023〕95号 一、深入排查整治（进校园社会事务清单）');
      expect(texts).not.toContain(listed);
      expect(asked).toContainEqual({ region: 'NX', year: 2026 });
    } finally {
      await engines.close();
    }
  });
});
