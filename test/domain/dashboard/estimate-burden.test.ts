/** Teacher-hours of one burden, read from what the report says, else the category's default (templates/ledger). */
import { join } from 'node:path';
import { createEstimator } from '../../../src/domain/dashboard/estimate-burden';
import { loadLedgerRules, parseLedgerRules } from '../../../src/domain/dashboard/ledger-rules';
import { projectRoot } from '../../../src/project-root';

const rules = loadLedgerRules(join(projectRoot(), 'templates', 'ledger', 'estimates.yaml'));
const { estimate } = createEstimator(rules);
const cat = rules.categories;

describe('estimating a burden', () => {
  it.each([
    [['30名教师', '要求参加半天的培训'], cat.other, 0, 30, 4, 120],
    [['全体班主任5位班主任'], cat.forms, 0, 5, 2, 10],
    [['全校', '迎检准备材料用了三天'], cat.inspection, 45, 45, 24, 1080],
    [['本校', '填报表格 2 个小时'], cat.forms, 45, 1, 2, 2],
    [['全校教师'], cat.campus_affairs, 0, 40, 2, 80],
    [['十几个老师', '一整天'], cat.other, 0, 10, 8, 80],
    [['６月５日', '被借调到县里'], cat.secondment, 20, 1, 176, 176],
  ])('%j (%o, school of %i)', (texts, dflt, size, teachers, hours, teacherHours) => {
    const e = estimate(texts, dflt, size);
    expect([e.teachers, e.hours, e.teacherHours]).toEqual([teachers, hours, teacherHours]);
  });

  it('says how each figure was made', () => {
    const e = estimate(['全校教师', '每周五下午开会'], cat.documents_meetings, 12);
    expect(e.teachersBasis).toEqual({ id: 'ledger.basis_people_school', vars: { found: '全校', n: 12, byDefault: false } });
    expect(e.hoursBasis).toEqual({ id: 'ledger.basis_hours_text', vars: { found: '下午', h: 4 } });
    expect(estimate([], cat.other, 0).hoursBasis).toEqual({ id: 'ledger.basis_hours_default', vars: { h: 2 } });
  });

  it('refuses a rules file with a category missing, naming it', () => {
    expect(() => parseLedgerRules('duration_units: {}\n', 'x.yaml')).toThrow(/x\.yaml: /);
  });
});
