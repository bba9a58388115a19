import type { Answers } from '../src/core/flow/flow-field';
import type { HandlerContext } from '../src/core/handler';
import type { Reply } from '../src/core/message';
import { DraftInvalidError, type ReportDraft } from '../src/domain/reports';
import type { HandlerServices } from './handler-services';
import { shownSchool } from './report-fields';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Files the flow's answers; says the case number, and for anonymous reports the receipt code, once. */
export async function submitReport(
  services: HandlerServices,
  kind: 'burden' | 'complaint',
  answers: Answers,
  draftId: string,
  ctx: HandlerContext,
): Promise<Reply[]> {
  // A complaint is anonymous unless the teacher said no (跳过 keeps the default).
  const anonymous = kind === 'complaint' ? answers.anonymous !== 'no' : answers.anonymous === 'yes';
  const draft: ReportDraft = {
    draftId,
    kind,
    category: str(answers.category),
    itemName: str(answers.itemName),
    organisingUnit: str(answers.organisingUnit),
    happenedOn: str(answers.happenedOn),
    place: str(answers.place),
    scope: str(answers.scope),
    content: str(answers.content) ?? '',
    form: str(answers.form),
    approved: answers.approved === 'yes' || answers.approved === 'no' || answers.approved === 'unknown' ? answers.approved : undefined,
    evidence: Array.isArray(answers.evidence) ? (answers.evidence as string[]) : [],
    ...shownSchool(answers),
    anonymous,
    contactAllowed: kind === 'complaint' ? answers.contactAllowed === 'yes' : undefined,
  };
  try {
    const who = { channel: ctx.inbound.channel, userId: ctx.inbound.userId, name: str(answers.reporterName) };
    const result = await services.reports.submit(draft, who);
    if (result.alreadySubmitted) return [{ kind: 'text', text: ctx.t('report.already_submitted', { caseNumber: result.caseNumber }) }];
    // Routing never fails the submit: the case is filed; the escalation job routes what this could not.
    await services.alerts.afterSubmit(result.caseNumber);
    const id = anonymous ? 'report.submitted_anonymous' : 'report.submitted_named';
    return [{ kind: 'text', text: ctx.t(id, { caseNumber: result.caseNumber, receiptCode: result.receiptCode }) }];
  } catch (e) {
    if (e instanceof DraftInvalidError) return [{ kind: 'text', text: ctx.t('report.submit_invalid') }];
    throw e;
  }
}
