/**
 * One rule as an official reads it, in the group alert and in 查看 alike: 依据 (the region's own document) or
 * 参照, the clause, our summary, the confidence in words (高, or 中 with 请核实), and why it matched: the words
 * found (命中：公众号、“投三票”→投票) or the facts that break it (借用已持续约15个月，超过半年).
 */
import type { AlertRule } from '../../store/alert.model';
import { confidenceLevel } from '../rules/match-context';
import type { Render } from './compose-alert';

/** The matcher joins the words of a keyword set with "+". */
const WORD_JOIN = '+';

export function citeRule(t: Render, r: AlertRule): string {
  let why: string | undefined;
  if (r.evidence && r.byCondition) why = t('alerts.why_facts', { facts: r.evidence });
  else if (r.evidence) why = t('alerts.why_words', { words: r.evidence.split(WORD_JOIN).join(t('alerts.why_join')) });
  return t('alerts.rule_line', {
    basis: t(r.binding ? 'alerts.basis_binding' : 'alerts.basis_reference'),
    clause: r.clause,
    summary: r.summary,
    confidence: t(`alerts.confidence_${confidenceLevel(r.confidence)}`),
    why,
  });
}
