/**
 * A teacher answers the open survey round (宁教办函〔2023〕95号 二、开展问卷调查) in the 1:1 chat: "问卷" starts it,
 * one question at a time with numbered choices, "取消" leaves without counting. Only directory teachers of
 * the survey's region, once per round; the answers keep no account (survey-service.ts).
 */
import { defineHandler, say, type HandlerContext, type Turn } from '../src/core/handler';
import { parseChoice } from '../src/core/parsers/parse-choice';
import type { DirectoryRepo } from '../src/domain/directory/directory-repo';
import type { SurveyRound, SurveyService } from '../src/domain/surveys/survey-service';

export interface SurveyHandlerServices {
  directory: Pick<DirectoryRepo, 'findPerson' | 'getOrg'>;
  surveys: SurveyService;
}

interface SurveyState extends Record<string, unknown> {
  surveyId: string;
  year: number;
  answers: Record<string, number>;
}

export function createSurveyHandler(services: SurveyHandlerServices) {
  const who = (ctx: HandlerContext) => ({ channel: ctx.inbound.channel, userId: ctx.inbound.userId });

  function question(ctx: HandlerContext, round: SurveyRound, s: SurveyState, before: string[] = []): Turn<SurveyState> {
    const qs = round.survey.questions;
    const i = Object.keys(s.answers).length;
    const q = qs[i]!;
    const text = ctx.t('survey.question', { n: i + 1, total: qs.length, text: q.text, choices: q.choices.map((c, k) => ({ k: k + 1, c })) });
    return { replies: [...before, text].map((t) => ({ kind: 'text' as const, text: t })), state: s };
  }

  const roundOf = (s: SurveyState) => {
    const def = services.surveys.surveys.find((x) => x.id === s.surveyId);
    return def ? services.surveys.round(def, s.year) : null;
  };

  async function school(ctx: HandlerContext) {
    const person = await services.directory.findPerson(ctx.inbound.channel, ctx.inbound.userId);
    if (!person || !person.roles.includes('teacher') || !person.orgId) return null;
    return services.directory.getOrg(person.orgId);
  }

  return defineHandler<SurveyState>({
    id: 'survey',
    version: 1,
    idleMs: 24 * 3600_000,
    inGroups: 'private',
    matches: (ctx) => ctx.command === 'survey',
    async start(ctx) {
      const org = await school(ctx);
      if (!org) return say(ctx.t('survey.teachers_only'));
      const round = services.surveys.openRoundFor(org.region, ctx.now);
      if (!round) return say(ctx.t('survey.none_open'));
      if (await services.surveys.hasResponded(round, who(ctx))) return say(ctx.t('survey.already', { title: round.survey.title }));
      const intro = ctx.t('survey.intro', { title: round.survey.title, document: round.survey.document, count: round.survey.questions.length });
      return question(ctx, round, { surveyId: round.survey.id, year: round.year, answers: {} }, [intro]);
    },
    async step(s, ctx) {
      if (ctx.command === 'cancel') return say(ctx.t('survey.cancelled'));
      const round = roundOf(s);
      if (!round || ctx.now.getTime() >= round.closesAt.getTime()) return say(ctx.t('survey.closed'));
      const q = round.survey.questions[Object.keys(s.answers).length]!;
      const text = ctx.inbound.kind === 'text' ? ctx.inbound.text : '';
      const r = parseChoice(text, q.choices.map((c, k) => ({ value: String(k), labels: [c] })));
      if (!r.ok) return question(ctx, round, s, [ctx.t(`hints.${r.hint}`, r.hint === 'out_of_range' ? { min: r.min, max: r.max } : {})]);
      const next: SurveyState = { ...s, answers: { ...s.answers, [q.id]: Number(r.value) } };
      if (Object.keys(next.answers).length < round.survey.questions.length) return question(ctx, round, next);
      const org = await school(ctx);
      if (!org) return say(ctx.t('survey.teachers_only'));
      const outcome = await services.surveys.respond(round, who(ctx), org, next.answers, ctx.now);
      return say(ctx.t(outcome === 'submitted' ? 'survey.thanks' : 'survey.already', { title: round.survey.title }));
    },
  });
}
