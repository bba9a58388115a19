/**
 * Surveys of teachers (宁教办函〔2023〕95号 二): yearly rounds open between two dates, answered in the chat,
 * once per teacher and round; participation per city and county counted against the directory's teachers.
 *
 * A round is open from `opens` 00:00 to the end of `closes` in the schedule's time zone. The respondent is
 * an HMAC under the report secret with a label of its own ('survey:v1'): a response can be counted once
 * without naming the account, and cannot be tied to a report's reporterHash.
 */
import { createHmac } from 'node:crypto';
import type { PlatformId } from '../../core/message';
import type { StoreEngine } from '../../store/collection';
import { isAppError } from '../../core/errors';
import { orgModel, type OrgRow } from '../../store/org.model';
import { personModel, type PersonRow } from '../../store/person.model';
import { surveyResponseModel } from '../../store/survey-response.model';
import { endOfDayInZone, ymdInZone, zonedInstant } from '../calendar/time-zone';
import type { SurveyDefinition } from './survey-config';

export interface SurveyRound {
  survey: SurveyDefinition;
  year: number;
  opensAt: Date;
  /** The end of the closing day: from this instant on the round is closed. */
  closesAt: Date;
}

export interface RegionParticipation {
  org: OrgRow;
  teachers: number;
  participants: number;
  /** participants / teachers; null when the directory lists no teacher there. */
  rate: number | null;
  below: boolean;
}

export interface SurveyService {
  readonly surveys: readonly SurveyDefinition[];
  round(survey: SurveyDefinition, year: number): SurveyRound;
  /** The round open at `at` for an org's region, if any. */
  openRoundFor(region: string, at: Date): SurveyRound | null;
  /** The latest round of `survey` that has opened by `at` (open or closed), if any. */
  latestRound(survey: SurveyDefinition, at: Date): SurveyRound | null;
  hasResponded(round: SurveyRound, who: { channel: PlatformId; userId: string }): Promise<boolean>;
  respond(round: SurveyRound, who: { channel: PlatformId; userId: string }, school: OrgRow, answers: Record<string, number>, at: Date): Promise<'submitted' | 'already'>;
  /** The active teachers of the survey's regions (those the announcement goes to). */
  teachersOf(survey: SurveyDefinition): Promise<PersonRow[]>;
  /** The top orgs (no parent) of the survey's regions. */
  topsOf(survey: SurveyDefinition): Promise<OrgRow[]>;
  /** Per city and county at or below `scope`, top down by code. */
  participation(round: SurveyRound, scope: OrgRow): Promise<RegionParticipation[]>;
}

export function createSurveyService(deps: { store: StoreEngine; surveys: readonly SurveyDefinition[]; secret: string; tz: string }): SurveyService {
  const responses = deps.store.collection(surveyResponseModel);
  const orgs = deps.store.collection(orgModel);
  const people = deps.store.collection(personModel);
  const respondent = (who: { channel: string; userId: string }) => createHmac('sha256', deps.secret).update(['survey:v1', who.channel, who.userId].join('\u0000'), 'utf8').digest('hex');
  const responseId = (round: SurveyRound, who: { channel: string; userId: string }) => `${round.survey.id}:${round.year}:${respondent(who)}`;

  const round = (survey: SurveyDefinition, year: number): SurveyRound => ({
    survey,
    year,
    opensAt: zonedInstant(`${year}-${survey.opens}`, 0, deps.tz),
    closesAt: endOfDayInZone(`${year}-${survey.closes}`, deps.tz),
  });
  const yearOf = (at: Date) => Number(ymdInZone(at, deps.tz).slice(0, 4));

  async function regionOrgs(survey: SurveyDefinition): Promise<OrgRow[]> {
    return (await orgs.find({ active: true })).filter((o) => survey.regions.includes(o.region));
  }

  return {
    surveys: deps.surveys,
    round,
    openRoundFor(region, at) {
      for (const s of deps.surveys) {
        if (!s.regions.includes(region)) continue;
        const r = round(s, yearOf(at));
        if (r.opensAt.getTime() <= at.getTime() && at.getTime() < r.closesAt.getTime()) return r;
      }
      return null;
    },
    latestRound(survey, at) {
      const y = yearOf(at);
      const thisYear = round(survey, y);
      return thisYear.opensAt.getTime() <= at.getTime() ? thisYear : y - 1 >= 2000 ? round(survey, y - 1) : null;
    },
    async hasResponded(r, who) {
      return (await responses.findOne({ _id: responseId(r, who) })) !== null;
    },
    async respond(r, who, school, answers, at) {
      try {
        await responses.insertOne({ _id: responseId(r, who), surveyId: r.survey.id, round: r.year, respondentHash: respondent(who), orgId: school._id, path: school.path, answers, submittedAt: at });
        return 'submitted';
      } catch (e) {
        if (isAppError(e, 'duplicate_key')) return 'already';
        throw e;
      }
    },
    async teachersOf(survey) {
      const inRegion = new Set((await regionOrgs(survey)).map((o) => o._id));
      return (await people.find({ roles: 'teacher', active: true }, { sort: { _id: 1 } })).filter((p) => p.orgId !== undefined && inRegion.has(p.orgId));
    },
    async topsOf(survey) {
      return (await regionOrgs(survey)).filter((o) => o.parentId === null);
    },
    async participation(r, scope) {
      const within = (await orgs.find({ path: scope._id, active: true }, { sort: { _id: 1 } })).filter((o) => r.survey.regions.includes(o.region));
      const byId = new Map(within.map((o) => [o._id, o] as const));
      const teachers = (await people.find({ roles: 'teacher', active: true })).filter((p) => p.orgId !== undefined && byId.has(p.orgId));
      const answered = await responses.find({ surveyId: r.survey.id, round: r.year, path: scope._id });
      const floor = r.survey.floor_percent / 100;
      return within
        .filter((o) => o.level === 'city' || o.level === 'county')
        .map((org) => {
          const t = teachers.filter((p) => byId.get(p.orgId!)!.path.includes(org._id)).length;
          const n = answered.filter((a) => a.path.includes(org._id)).length;
          const rate = t > 0 ? n / t : null;
          return { org, teachers: t, participants: n, rate, below: rate !== null && rate < floor };
        });
    },
  };
}
