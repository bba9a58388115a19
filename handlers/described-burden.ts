/**
 * A whole description typed straight in, instead of a command (上周县教育局要求每个老师…): the bot offers to
 * start a 负担反映 with it as the content, takes the unit, the date and the place from it where the text is
 * clear, reads them back, and asks only for the rest (改 N in the summary mends what it read wrong).
 */
import type { FlowFromText } from '../src/core/flow/define-flow';
import type { HandlerContext } from '../src/core/handler';
import { countGraphemes, findDescriptionFacts, readsAsDescription } from '../src/core/parsers';
import { REPORT_LIMITS } from '../src/domain/reports';

/** Shorter than this, a message is a question or a word, not a description. */
export const DESCRIPTION_MIN_CHARS = 15;

export function describedBurden(): FlowFromText {
  const textOf = (ctx: HandlerContext) => (ctx.inbound.kind === 'text' ? ctx.inbound.text.trim() : '');
  return {
    matches: (ctx) => readsAsDescription(textOf(ctx), DESCRIPTION_MIN_CHARS),
    seed(ctx) {
      const text = textOf(ctx);
      const facts = findDescriptionFacts(text, { now: ctx.now, timezone: 'Asia/Shanghai', monthOk: false });
      return {
        ...(countGraphemes(text) <= REPORT_LIMITS.burdenContent ? { content: text } : {}),
        ...(facts.organisingUnit && countGraphemes(facts.organisingUnit) <= REPORT_LIMITS.organisingUnit ? { organisingUnit: facts.organisingUnit } : {}),
        ...(facts.when ? { happenedOn: facts.when } : {}),
        ...(facts.place ? { place: facts.place } : {}),
      };
    },
    offer: 'report.from_text_offer',
    declined: 'report.from_text_declined',
    accepted: 'report.from_text_accepted',
  };
}
