/**
 * The questionnaire's fields as the teachers' flows build them (report-fields.ts): the same parsers, hints,
 * date confirmation and read-back, so a liaison meets the same answers accepted and refused.
 */
import type { FlowField } from '../src/core/flow/flow-field';
import type { ItemField, ScalarSection } from '../src/domain/monitoring/questionnaire';
import { dateField, textField, yesNoField } from './report-fields';

export function itemFlowField(f: ItemField): FlowField {
  const common = { key: f.key, label: f.label, prompt: f.prompt, ...(f.help ? { help: f.help } : {}) };
  switch (f.type) {
    case 'text':
      return textField({ ...common, maxChars: f.maxChars });
    case 'date':
      return dateField(common);
    case 'yes_no':
      return yesNoField({ ...common, allowUnknown: f.allowUnknown });
  }
}

export function scalarFlowField(s: ScalarSection): FlowField {
  const common = { key: s.key, label: s.label, prompt: s.prompt, optional: s.optional, ...(s.help ? { help: s.help } : {}) };
  return s.kind === 'yes_no' ? yesNoField(common) : textField({ ...common, maxChars: s.maxChars });
}
