/** The rule matcher alone (bench-rules.ts): its lines printed for information, without a goal of issue 13. */
import { benchRules } from '../bench-rules';
import { info, type Figure } from './figure';

export const rulesFigure: Figure = {
  name: 'rules',
  async run() {
    const [what, figures] = benchRules().map((l) => l.trim());
    return [info(what ?? 'rule matcher', figures ?? '')];
  },
};
