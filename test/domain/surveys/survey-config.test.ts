/** The survey files (templates/surveys) and the calendar of their two jobs. */
import { join } from 'node:path';
import { commandsFromMap } from '../../../src/core/commands';
import { loadSurveys, parseSurvey } from '../../../src/domain/surveys/survey-config';
import { createSurveyService } from '../../../src/domain/surveys/survey-service';
import { createSurveyJobs } from '../../../src/jobs/survey-jobs';
import { projectRoot } from '../../../src/project-root';
import type { StoreEngine } from '../../../src/store/collection';

const surveys = loadSurveys(join(projectRoot(), 'templates', 'surveys'));
const service = createSurveyService({ store: { collection: () => ({}) } as unknown as StoreEngine, surveys, secret: 'x'.repeat(32), tz: 'Asia/Shanghai' });
const jobs = createSurveyJobs({
  surveys: service,
  directory: {} as never,
  outbox: { enqueue: async () => undefined },
  templates: { render: (id) => id },
  commands: commandsFromMap({ survey: ['问卷'] }),
  tz: 'Asia/Shanghai',
});

describe('surveys', () => {
  it("loads 宁教办函〔2023〕95号's B survey: teachers, 25%, 7月24日 to 28日", () => {
    expect(surveys.map((s) => [s.id, s.document, s.floor_percent, s.opens, s.closes])).toEqual([['nx-2023-95-b', '宁教办函〔2023〕95号', 25, '07-24', '07-28']]);
    const r = service.round(surveys[0]!, 2027);
    expect([r.opensAt.toISOString(), r.closesAt.toISOString()]).toEqual(['2027-07-23T16:00:00.000Z', '2027-07-28T16:00:00.000Z']);
    expect(service.openRoundFor('NX', new Date('2027-07-28T15:59:59Z'))?.year).toBe(2027);
    expect(service.openRoundFor('NX', new Date('2027-07-28T16:00:00Z'))).toBeNull();
    expect(service.openRoundFor('GZ', new Date('2027-07-25T00:00:00Z'))).toBeNull();
  });

  it('refuses a file that does not say when or what, naming the field', () => {
    const good = { id: 'a', document: 'd', title: 't', regions: ['NX'], floor_percent: 25, opens: '07-24', closes: '07-28', announce_time: '09:00', note_day: 1, note_time: '09:00', questions: [{ id: 'q', text: 'x', choices: ['a', 'b'] }] };
    expect(() => parseSurvey(JSON.stringify({ ...good, opens: '7-24' }), 'a.yaml')).toThrow(/^a\.yaml: opens: /);
    expect(() => parseSurvey(JSON.stringify({ ...good, closes: '07-01' }), 'a.yaml')).toThrow(/closes must not be before opens/);
    expect(() => parseSurvey(JSON.stringify({ ...good, questions: [{ id: 'q', text: 'x', choices: ['only'] }] }), 'a.yaml')).toThrow(/questions\.0\.choices/);
  });

  it('announces on the opening day and notes a month on the first of the next', () => {
    const [announce, note] = jobs;
    expect(announce!.cron).toBe('0 9 24 7 *');
    expect(announce!.periodOf(new Date('2027-07-24T00:59:00Z'))).toBe('2026');
    expect(announce!.periodOf(new Date('2027-07-24T01:00:00Z'))).toBe('2027');
    expect(announce!.lateUntil('2027').toISOString()).toBe('2027-07-28T16:00:00.000Z');
    expect(note!.cron).toBe('0 9 1 * *');
    expect(note!.periodOf(new Date('2027-08-01T01:00:00Z'))).toBe('2027-07');
    expect(note!.periodOf(new Date('2027-08-01T00:59:00Z'))).toBe('2027-06');
    expect(note!.periodOf(new Date('2027-01-15T00:00:00Z'))).toBe('2026-12');
    expect(note!.dueAt('2026-12').toISOString()).toBe('2027-01-01T01:00:00.000Z');
  });
});
