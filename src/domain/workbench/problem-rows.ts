/**
 * 专项整治问题摸排清单 (新教领秘〔2024〕2号 附件2): one row per case of the period in the jurisdiction, reports and
 * monthly findings alike, in the order they were filed; 意见建议 is the handling official's (办结). Nothing of a
 * reporter appears: the columns are the item's, and 备注 names the case and, when it gives no one away, its
 * school (case-note.ts).
 */
import { countGraphemes } from '../../core/parsers';
import type { RectificationRow } from '../../store/rectification.model';
import type { ReportRow } from '../../store/report.model';
import { categoryText, dateText, type WorkbenchContext } from './workbench-cases';
import { caseNote, casesPerSchool } from './case-note';

export interface ProblemRow {
  n: number;
  category: string;
  itemName: string;
  unit: string;
  happenedOn: string;
  place: string;
  scope: string;
  /** 活动主要内容（100字以内）: a complaint's longer account is cut to 100 characters. */
  content: string;
  form: string;
  opinion: string;
  note: string;
}

const CONTENT_MAX = 100;

export function shorten(text: string, max = CONTENT_MAX): string {
  if (countGraphemes(text) <= max) return text;
  const parts = [...new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);
  return `${parts.slice(0, max - 1).join('')}…`;
}

export async function problemRows(ctx: WorkbenchContext, cases: readonly ReportRow[], rectifications: ReadonlyMap<string, RectificationRow>): Promise<ProblemRow[]> {
  const rows: ProblemRow[] = [];
  const perSchool = casesPerSchool(cases);
  for (const [i, r] of cases.entries()) {
    const opinion = rectifications.get(r.caseNumber)?.opinion;
    rows.push({
      n: i + 1,
      category: categoryText(ctx, r),
      itemName: r.itemName ?? '',
      unit: r.organisingUnit ?? '',
      happenedOn: dateText(ctx, r.happenedOn),
      place: r.place ?? '',
      scope: r.scope ?? '',
      content: shorten(r.content),
      form: r.form ?? '',
      opinion: opinion ? ctx.render(`rectification.opinion_${opinion}`) : '',
      note: await caseNote(ctx, r, perSchool),
    });
  }
  return rows;
}
