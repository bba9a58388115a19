/**
 * For an anonymous report: whether the bureau sees the school or only its county (县区). Not asked on the
 * way: the summary shows the choice in force and, when it is the default of a small school, why; "改 N"
 * changes it. The default is the county where showing the school could name the reporter (anonymityArea:
 * fewer than ANONYMITY_MIN_TEACHERS people in the directory, or a school the directory does not know).
 */
import type { Answers, FlowField } from '../src/core/flow/flow-field';
import type { HandlerContext } from '../src/core/handler';
import { parseChoice } from '../src/core/parsers';
import { schoolOf } from './report-fields';

export type AreaChoice = 'county' | 'school';

/** What the report shows: the reporter's choice, else the default for their school. */
export function areaChoice(answers: Answers): AreaChoice | undefined {
  const school = schoolOf(answers);
  if (!school) return undefined;
  const chosen = answers.areaOnly;
  if (chosen === 'county' || chosen === 'school') return chosen;
  return school.area.small ? 'county' : 'school';
}

export function areaField(c: { anonymous: (answers: Answers) => boolean; minPeople: number }): FlowField {
  const words = (ctx: HandlerContext, id: string) => ctx.t(id).split('|').map((w) => w.trim()).filter(Boolean);
  const vars = (answers: Answers) => {
    const school = schoolOf(answers);
    return { area: school?.area.areaName, school: school?.name, min: c.minPeople };
  };
  return {
    key: 'areaOnly',
    label: 'report.label_area',
    prompt: 'report.ask_area',
    help: 'report.help_area',
    editOnly: true,
    when: (answers) => c.anonymous(answers) && schoolOf(answers) !== undefined,
    promptVars: (ctx) => vars(ctx.answers),
    parse(ctx) {
      if (ctx.inbound.kind !== 'text') return { ok: false, hint: 'not_text' };
      const r = parseChoice(ctx.inbound.text, [
        { value: 'county', labels: words(ctx, 'report.area_words_county') },
        { value: 'school', labels: words(ctx, 'report.area_words_school') },
      ]);
      return r.ok ? { ok: true, value: r.value } : { ok: false, hint: r.hint, vars: { ...r } };
    },
    show(value, ctx, answers = {}) {
      const choice = areaChoice(answers) ?? 'school';
      const shown = ctx.t(`report.area_${choice}`, vars(answers));
      const reason = schoolOf(answers)?.area.reason;
      return value === undefined && choice === 'county' && reason ? `${shown}${ctx.t(`report.area_reason_${reason}`, vars(answers))}` : shown;
    },
  };
}
