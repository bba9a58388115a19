/** The questionnaire and the schedule as data: loaded and validated, and the dates and crons they give. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import cron from 'node-cron';
import { loadMonitoringConfig } from '../../../src/domain/monitoring/load-monitoring-config';
import { createMonitoringCalendar } from '../../../src/domain/monitoring/monitoring-calendar';
import { parseSchedules } from '../../../src/domain/monitoring/monitoring-schedule';
import { parseQuestionnaire, questionnaireTemplateIds } from '../../../src/domain/monitoring/questionnaire';
import { questionnairesDir, templates } from './monitoring-harness';

const scheduleText = readFileSync(join(questionnairesDir, 'schedule.yaml'), 'utf8');
const questionnaireText = readFileSync(join(questionnairesDir, 'ningxia-monthly-v1.yaml'), 'utf8');

describe('questionnaire', () => {
  const { questionnaire } = loadMonitoringConfig(questionnairesDir, 'NX');

  it('asks the four things of 宁教办函〔2023〕95号, then flexible hours and anything else', () => {
    expect(questionnaire).toMatchObject({ id: 'ningxia-monthly', version: 1, document: '宁教办函〔2023〕95号 附件2' });
    expect(questionnaire.sections.map((s) => `${s.key}:${s.kind}`)).toEqual([
      'inspections:list', 'activities:list', 'forms:list', 'secondments:list', 'flexibleHours:yes_no', 'other:text',
    ]);
    const fields = (key: string) => questionnaire.sections.flatMap((s) => (s.kind === 'list' && s.key === key ? s.fields.map((f) => f.key) : []));
    expect(fields('inspections')).toEqual(['name', 'unit', 'date', 'onPlan']);
    expect(fields('secondments')).toEqual(['to', 'since']);
  });

  it('names only templates that exist', () => {
    expect(questionnaireTemplateIds(questionnaire).filter((id) => !templates.has(id))).toEqual([]);
  });

  it('refuses a questionnaire whose shape the stored answer cannot hold, naming the place', () => {
    const renamed = questionnaireText.replace('key: onPlan', 'key: approved');
    expect(() => parseQuestionnaire(renamed, 'q.yaml')).toThrow(/inspections: fields must be exactly name, unit, date, onPlan/);
    const retyped = questionnaireText.replace('{ key: date, type: date, label: monthly.label_date, prompt: monthly.ask_inspection_date }', '{ key: date, type: text, label: monthly.label_date, prompt: monthly.ask_inspection_date }');
    expect(() => parseQuestionnaire(retyped, 'q.yaml')).toThrow(/inspections\.date: type must be date/);
    expect(() => parseQuestionnaire('id: x\nversion: 0\n', 'q.yaml')).toThrow(/q\.yaml: version/);
  });
});

describe('schedule', () => {
  it('refuses a reminder after the deadline and a follow-up outside the window', () => {
    expect(() => parseSchedules(scheduleText.replace('reminder: { day: 25', 'reminder: { day: 28'), 's.yaml')).toThrow(/follow-up day 28 must be after the reminder/);
    expect(() => parseSchedules(scheduleText.replace('deadline: { day: 30 }', 'deadline: { day: 20 }'), 's.yaml')).toThrow(/reminder \(day 25\) must come before the deadline/);
    expect(() => parseSchedules(scheduleText.replace('reminder: { day: 25', 'reminder: { day: 31'), 's.yaml')).toThrow(/regions\.NX\.reminder\.day/);
    expect(() => parseSchedules(scheduleText.replace('at: "09:00" }\n    followups: { days', 'at: "9am" }\n    followups: { days'), 's.yaml')).toThrow(/HH:MM/);
  });

  it('gives an unlisted region the default schedule, and says so', () => {
    expect(loadMonitoringConfig(questionnairesDir, 'XX')).toMatchObject({ usedDefault: true, schedule: { region: 'NX' } });
    expect(loadMonitoringConfig(questionnairesDir, 'NX').usedDefault).toBe(false);
  });
});

describe('monitoring calendar', () => {
  const iso = (d: Date) => d.toISOString();
  const nx = createMonitoringCalendar(loadMonitoringConfig(questionnairesDir, 'NX').schedule);
  const anshun = createMonitoringCalendar(loadMonitoringConfig(questionnairesDir, 'ANSHUN').schedule);

  it('NX: reminder on the 25th at 09:00 Shanghai, follow-ups the 28th and the deadline day, deadline the 30th clamped', () => {
    expect(iso(nx.reminderAt('2026-11'))).toBe('2026-11-25T01:00:00.000Z');
    expect(nx.followups('2026-11').map((f) => [f.period, iso(f.dueAt), f.lastDay])).toEqual([
      ['2026-11@28', '2026-11-28T01:00:00.000Z', false],
      ['2026-11@30', '2026-11-30T01:00:00.000Z', true],
    ]);
    expect(nx.deadlineYmd('2027-02')).toBe('2027-02-28');
    expect(nx.followups('2027-02').map((f) => f.period)).toEqual(['2027-02@28']); // the 28th IS the deadline day
    expect(nx.followups('2028-02').map((f) => f.period)).toEqual(['2028-02@28', '2028-02@29']);
    expect(iso(nx.deadlineEnd('2026-11'))).toBe('2026-11-30T16:00:00.000Z');
    expect(iso(nx.missingReportAt('2026-11'))).toBe('2026-12-01T01:00:00.000Z');
    expect(iso(nx.missingReportAt('2026-12'))).toBe('2026-12-31T01:00:00.000Z');
    expect(nx.schoolYearOf('2026-11')).toBe('2026-2027');
    expect(nx.schoolYearOf('2027-08')).toBe('2026-2027');
  });

  it('NX crons tick on every day something can be due, in the schedule time zone', () => {
    expect(nx.crons()).toEqual({ reminder: '0 9 25 * *', followup: '0 9 28,29,30 * *', deadline: '0 9 1,31 * *' });
    for (const c of [...Object.values(nx.crons()), ...Object.values(anshun.crons())]) expect(cron.validate(c)).toBe(true);
  });

  it('安顺: one period a year, due 25 November, reminded before', () => {
    expect(anshun.isPeriod('2026')).toBe(true);
    expect(anshun.isPeriod('2026-11')).toBe(false);
    expect(anshun.deadlineYmd('2026')).toBe('2026-11-25');
    expect(iso(anshun.reminderAt('2026'))).toBe('2026-11-01T01:00:00.000Z');
    expect(anshun.followups('2026').map((f) => f.period)).toEqual(['2026@11-18', '2026@11-25']);
    expect(iso(anshun.missingReportAt('2026'))).toBe('2026-11-26T01:00:00.000Z');
    expect(anshun.crons()).toEqual({ reminder: '0 9 1 11 *', followup: '0 9 18,25 11 *', deadline: '0 9 26 11 *' });
  });
});
