import type { Answers } from '../src/core/flow/flow-field';
import type { HandlerContext } from '../src/core/handler';
import type { Reply } from '../src/core/message';
import { DraftInvalidError, type ReportDraft } from '../src/domain/reports';
import { areaChoice } from './area-field';
import type { HandlerServices } from './handler-services';
import { schoolOf, shownSchool, whenFields } from './report-fields';

type Kind = 'burden' | 'complaint';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A complaint is anonymous unless the teacher said no (跳过 keeps the default); a burden report when they said yes. */
export const isAnonymous = (kind: Kind, answers: Answers): boolean => (kind === 'complaint' ? answers.anonymous !== 'no' : answers.anonymous === 'yes');

/** The flow's answers as a report draft. */
function draftOf(kind: Kind, answers: Answers, draftId: string): ReportDraft {
  const anonymous = isAnonymous(kind, answers);
  const areaOnly = anonymous && areaChoice(answers) === 'county';
  const areaName = areaOnly ? schoolOf(answers)?.area.areaName : undefined;
  return {
    draftId,
    kind,
    category: str(answers.category),
    itemName: str(answers.itemName),
    organisingUnit: str(answers.organisingUnit),
    ...whenFields(answers.happenedOn),
    place: str(answers.place),
    scope: str(answers.scope),
    content: str(answers.content) ?? '',
    form: str(answers.form),
    approved: answers.approved === 'yes' || answers.approved === 'no' || answers.approved === 'unknown' ? answers.approved : undefined,
    evidence: Array.isArray(answers.evidence) ? (answers.evidence as string[]) : [],
    ...shownSchool(answers),
    ...(areaOnly ? { areaOnly, ...(areaName ? { areaName } : {}) } : {}),
    anonymous,
    contactAllowed: kind === 'complaint' ? answers.contactAllowed === 'yes' : undefined,
  };
}

/** For the summary of an anonymous report: the lines the bureau's group will read, as the alert makes them. */
export async function previewReport(services: HandlerServices, kind: Kind, answers: Answers, ctx: HandlerContext): Promise<string | undefined> {
  if (!isAnonymous(kind, answers)) return undefined;
  const text = await services.alerts.preview(draftOf(kind, answers, 'preview'));
  return text ? ctx.t('report.preview', { text }) : undefined;
}

/** Files the flow's answers; says the case number, and for anonymous reports the receipt code, once. */
export async function submitReport(services: HandlerServices, kind: Kind, answers: Answers, draftId: string, ctx: HandlerContext): Promise<Reply[]> {
  const draft = draftOf(kind, answers, draftId);
  try {
    const who = { channel: ctx.inbound.channel, userId: ctx.inbound.userId, name: str(answers.reporterName) };
    const result = await services.reports.submit(draft, who);
    if (result.alreadySubmitted) return [{ kind: 'text', text: ctx.t('report.already_submitted', { caseNumber: result.caseNumber }) }];
    // Routing never fails the submit: the case is filed; the escalation job routes what this could not.
    await services.alerts.afterSubmit(result.caseNumber);
    const id = draft.anonymous ? 'report.submitted_anonymous' : 'report.submitted_named';
    return [{ kind: 'text', text: ctx.t(id, { caseNumber: result.caseNumber, receiptCode: result.receiptCode }) }];
  } catch (e) {
    if (e instanceof DraftInvalidError) return [{ kind: 'text', text: ctx.t('report.submit_invalid') }];
    throw e;
  }
}
