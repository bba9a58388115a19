/**
 * An anonymous report that shows only its county: routed by its school all the same, and no alert, 查看 or
 * to-do line names the school. The reporter's preview is the alert's own lines.
 */
import { reportModel } from '../../../src/store/report.model';
import { useAlertSuite } from '../../helpers/alert-harness';
import { storeEngineCases } from '../../store/store-engine-cases';
import { APP_VOTING, COUNTY } from './fixtures';

const SCHOOL = '永宁县望洪镇红星村小学';
const [engine] = storeEngineCases('area only');

describe('a report that shows only the county', () => {
  const s = useAlertSuite(engine!, new Date('2026-04-03T02:00:00Z'));
  const draft = { ...APP_VOTING, areaOnly: true, areaName: '永宁县' };

  it('is routed by its school, and officials read only the county', async () => {
    const preview = await s.h.alerts.preview({ draftId: 'p', kind: 'burden', content: '', anonymous: true, ...draft });
    expect(preview).toContain('地点：永宁县的一所学校（校名不显示），本校');
    const c = await s.h.file(draft);
    expect(await s.store.collection(reportModel).findOne({ _id: c })).toMatchObject({ routedTo: COUNTY, schoolId: APP_VOTING.schoolId });
    const [alert] = await s.h.robotRows(COUNTY);
    expect(alert!.reply.text).not.toContain(SCHOOL);
    for (const line of preview!.split('\n')) expect(alert!.reply.text.replace(/\*\*/g, '')).toContain(line);
    const detail = await s.h.chat('demo-official', `查看 ${c}`);
    expect(detail).toContain('学校：永宁县的一所学校（校名不显示）');
    expect(detail).not.toContain(SCHOOL);
    expect(await s.h.chat('demo-official', '待办')).not.toContain(SCHOOL);
  });

  it('shows the school when the reporter keeps it', async () => {
    const c = await s.h.file(APP_VOTING);
    expect(await s.h.chat('demo-official', `查看 ${c}`)).toContain(`学校：${SCHOOL}`);
    expect(await s.h.alerts.preview({ draftId: 'q', kind: 'burden', content: '', anonymous: true, ...APP_VOTING })).toContain(`地点：${SCHOOL}（本校）`);
  });
});
