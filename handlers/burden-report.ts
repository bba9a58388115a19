/**
 * 负担反映: a burden put on teachers, with the columns of the problem list (摸排清单) of 新教领秘〔2024〕2号:
 * category, 事项名称, 牵头实施单位, 开展时间, 开展地点, 实施范围, 主要内容 (≤100 characters), 开展形式,
 * whether it was approved or is on the whitelist, evidence, the school, and anonymity. An anonymous report's
 * summary shows what the bureau will read, and whether it names the school or only the county (area-field.ts).
 */
import { defineFlow } from '../src/core/flow/define-flow';
import { REPORT_LIMITS } from '../src/domain/reports';
import type { HandlerServices } from './handler-services';
import { anonymityField, categoryField, evidenceField, knownSchool, schoolField, textField, whenField, yesNoField } from './report-fields';
import { areaField } from './area-field';
import { isAnonymous, previewReport, submitReport } from './submit-report';
import { describedBurden } from './described-burden';

export function createBurdenReport(services: HandlerServices) {
  return defineFlow({
    id: 'burden-report',
    version: 1,
    idleMs: services.idleMs,
    startCommands: ['report'],
    interruptsAs: 'core.name_report',
    intro: 'report.burden_intro',
    prefill: (ctx) => knownSchool(ctx, services),
    fromText: describedBurden(),
    fields: [
      categoryField({ key: 'category', label: 'report.label_category', prompt: 'report.ask_category' }, services),
      textField({ key: 'itemName', label: 'report.label_item', prompt: 'report.ask_item', maxChars: REPORT_LIMITS.itemName }),
      textField({ key: 'organisingUnit', label: 'report.label_unit', prompt: 'report.ask_unit', maxChars: REPORT_LIMITS.organisingUnit }),
      whenField({ key: 'happenedOn', label: 'report.label_date', prompt: 'report.ask_date', monthOk: (a) => a.category === 'secondment' }),
      textField({ key: 'place', label: 'report.label_place', prompt: 'report.ask_place', maxChars: REPORT_LIMITS.place }),
      textField({ key: 'scope', label: 'report.label_scope', prompt: 'report.ask_scope', maxChars: REPORT_LIMITS.scope }),
      textField({ key: 'content', label: 'report.label_content', prompt: 'report.ask_content', maxChars: REPORT_LIMITS.burdenContent }),
      textField({ key: 'form', label: 'report.label_form', prompt: 'report.ask_form', maxChars: REPORT_LIMITS.form }),
      yesNoField({ key: 'approved', label: 'report.label_approved', prompt: 'report.ask_approved', allowUnknown: true }),
      evidenceField({ key: 'evidence', label: 'report.label_evidence', prompt: 'report.ask_evidence', max: REPORT_LIMITS.evidenceItems }, services),
      schoolField({ key: 'school', label: 'report.label_school', prompt: 'report.ask_school' }, services),
      anonymityField({ key: 'anonymous', label: 'report.label_anonymous', prompt: 'report.ask_anonymous', help: 'report.help_anonymous' }),
      areaField({ anonymous: (a) => isAnonymous('burden', a), minPeople: services.anonymityMinTeachers }),
    ],
    preview: (answers, ctx) => previewReport(services, 'burden', answers, ctx),
    submit: (answers, draftId, ctx) => submitReport(services, 'burden', answers, draftId, ctx),
  });
}
