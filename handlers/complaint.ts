/**
 * 举报: a complaint about a unit that broke the burden-reduction rules. Anonymous unless the teacher says
 * otherwise; the teacher says whether the bureau may contact them. The summary shows what the bureau will
 * read, and whether it names the school or only the county (area-field.ts).
 */
import { defineFlow } from '../src/core/flow/define-flow';
import { REPORT_LIMITS } from '../src/domain/reports';
import type { HandlerServices } from './handler-services';
import { anonymityField, evidenceField, knownSchool, schoolField, textField, whenField, yesNoField } from './report-fields';
import { areaField } from './area-field';
import { isAnonymous, previewReport, submitReport } from './submit-report';

export function createComplaint(services: HandlerServices) {
  const anonymity = anonymityField({ key: 'anonymous', label: 'report.label_anonymous', prompt: 'report.ask_complaint_anonymous', help: 'report.help_anonymous' });
  return defineFlow({
    id: 'complaint',
    version: 1,
    idleMs: services.idleMs,
    startCommands: ['complain'],
    interruptsAs: 'core.name_complaint',
    intro: 'report.complaint_intro',
    prefill: (ctx) => knownSchool(ctx, services),
    fields: [
      textField({ key: 'organisingUnit', label: 'report.label_accused', prompt: 'report.ask_accused', maxChars: REPORT_LIMITS.organisingUnit }),
      textField({ key: 'content', label: 'report.label_what', prompt: 'report.ask_what', maxChars: REPORT_LIMITS.complaintContent }),
      whenField({ key: 'happenedOn', label: 'report.label_date', prompt: 'report.ask_when' }),
      textField({ key: 'place', label: 'report.label_place', prompt: 'report.ask_where', maxChars: REPORT_LIMITS.place }),
      evidenceField({ key: 'evidence', label: 'report.label_evidence', prompt: 'report.ask_evidence', max: REPORT_LIMITS.evidenceItems }, services),
      schoolField({ key: 'school', label: 'report.label_school', prompt: 'report.ask_school' }, services),
      // Anonymous by default: 跳过 keeps it anonymous.
      { ...anonymity, optional: true, skippedMeans: 'report.anonymous_by_default' },
      yesNoField({ key: 'contactAllowed', label: 'report.label_contact', prompt: 'report.ask_contact' }),
      areaField({ anonymous: (a) => isAnonymous('complaint', a), minPeople: services.anonymityMinTeachers }),
    ],
    preview: (answers, ctx) => previewReport(services, 'complaint', answers, ctx),
    submit: (answers, draftId, ctx) => submitReport(services, 'complaint', answers, draftId, ctx),
  });
}
