/**
 * The period's monitoring as an .xlsx, in the spirit of 附件2 (自治区中小学教师减负观测点月统计表): a summary
 * sheet first (points answered of all, on time, late, items of each kind per city, the units named most),
 * then one sheet per city with one row per point: the school, its kind, whether and when it answered, and
 * each kind's count beside its details. Every heading is a template (monthly.yaml: xlsx_*).
 *
 * Its counts are of what each point's liaison answered for the school, by name and as the table asks: not
 * of teachers' reports, so the rule that no cell shows a school with fewer than 3 reports (which protects
 * anonymous reporters) does not bear on them, and the table keeps the document's exact numbers.
 */
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../workbench/load-exceljs';
import type { Templates } from '../../core/templates';
import type { MonthlyAnswers } from '../../store/monthly-answer.model';
import { msOfDayInZone, ymdInZone } from '../calendar/time-zone';
import type { MonitoringCalendar } from './monitoring-calendar';
import type { CitySummary, MonitoringSummary, PointReport, Tally } from './monthly-summary';
import { periodText } from './period-text';
import { LIST_KEYS } from './questionnaire';

const SUMMARY_COLUMNS = ['area', 'points', 'submitted', 'on_time', 'late', 'missing', ...LIST_KEYS, 'not_on_plan', 'not_on_whitelist', 'flexible_no'] as const;
/** Excel refuses these in sheet names, and names longer than 31 characters. */
const BAD_SHEET_CHARS = /[:\\/?*[\]]/g;

export async function buildMonitoringWorkbook(summary: MonitoringSummary, templates: Templates, calendar: MonitoringCalendar): Promise<Buffer> {
  const t = (id: string, vars?: Record<string, unknown>) => templates.render(`monthly.${id}`, vars);
  const period = periodText((id, v) => templates.render(id, v), calendar, summary.period);
  const wb = new (await loadExcelJs()).Workbook();
  wb.created = new Date(0); // reproducible bytes: the same data gives the same file

  const sheet = wb.addWorksheet(t('xlsx_summary_sheet'));
  sheet.addRow([t('xlsx_title', { period })]).font = { bold: true, size: 14 };
  sheet.addRow([t('xlsx_deadline'), summary.deadline]);
  sheet.addRow([t('xlsx_questionnaire'), `${summary.questionnaire.id} v${summary.questionnaire.version}`]);
  sheet.addRow([]);
  sheet.addRow(SUMMARY_COLUMNS.map((c) => t(`xlsx_col_${c}`))).font = { bold: true };
  const line = (name: string, x: Tally) => [
    name, x.points, x.submitted, x.onTime, x.late, x.missing,
    ...LIST_KEYS.map((k) => x.totals[k]), x.notOnPlan, x.notOnWhitelist, x.flexibleHoursNo,
  ];
  sheet.addRow(line(t('xlsx_all'), summary.overall)).font = { bold: true };
  for (const c of summary.cities) sheet.addRow(line(c.cityName, c));
  sheet.addRow([]);
  sheet.addRow([t('xlsx_top_units'), t('xlsx_col_count')]).font = { bold: true };
  for (const u of summary.overall.topUnits) sheet.addRow([u.unit, u.count]);
  sheet.getColumn(1).width = 28;

  const used = new Set([sheet.name]);
  for (const city of summary.cities) citySheet(wb, city, sheetName(city.cityName, used), t, calendar.tz);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const CITY_COLUMNS: Array<{ key: string; width: number }> = [
  { key: 'n', width: 6 }, { key: 'school', width: 30 }, { key: 'kind', width: 14 }, { key: 'county', width: 12 },
  { key: 'liaison', width: 12 }, { key: 'status', width: 22 }, { key: 'submitted_at', width: 18 }, { key: 'amendments', width: 8 },
  ...LIST_KEYS.flatMap((k) => [{ key: k, width: 10 }, { key: `${k}_detail`, width: 48 }]),
  { key: 'flexible', width: 10 }, { key: 'other', width: 40 },
];

function citySheet(wb: ExcelJS.Workbook, city: CitySummary, name: string, t: (id: string, v?: Record<string, unknown>) => string, tz: string) {
  const ws = wb.addWorksheet(name);
  ws.columns = CITY_COLUMNS.map((c) => ({ header: t(`xlsx_col_${c.key}`), key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  city.rows.forEach((r, i) => {
    const row = ws.addRow({
      n: i + 1,
      school: r.schoolName,
      kind: r.kind,
      county: r.countyName ?? '',
      liaison: r.liaisonName ?? '',
      status: statusText(r, t),
      submitted_at: r.submittedAt ? localTime(r.submittedAt, tz) : '',
      amendments: r.amendments,
      ...Object.fromEntries(LIST_KEYS.map((k) => [k, r.answers ? r.counts[k] : ''])),
      ...Object.fromEntries(LIST_KEYS.map((k) => [`${k}_detail`, r.answers ? details(k, r.answers, t) : ''])),
      flexible: r.answers ? t(`xlsx_answer_${r.answers.flexibleHours}`) : '',
      other: r.answers?.other ?? '',
    });
    row.alignment = { vertical: 'top', wrapText: true };
  });
}

function statusText(r: PointReport, t: (id: string) => string): string {
  const status = t(`xlsx_status_${r.status}`);
  return r.missingReason ? `${status} ${t(`reason_${r.missingReason}`)}` : status;
}

function details(kind: (typeof LIST_KEYS)[number], a: MonthlyAnswers, t: (id: string, v?: Record<string, unknown>) => string): string {
  const listed = (v: string) => t(`xlsx_answer_${v}`);
  const lines =
    kind === 'inspections' ? a.inspections.map((x, i) => t('xlsx_inspection_line', { n: i + 1, ...x, listed: listed(x.onPlan) }))
    : kind === 'activities' ? a.activities.map((x, i) => t('xlsx_activity_line', { n: i + 1, ...x, listed: listed(x.onWhitelist) }))
    : kind === 'forms' ? a.forms.map((x, i) => t('xlsx_form_line', { n: i + 1, ...x }))
    : a.secondments.map((x, i) => t('xlsx_secondment_line', { n: i + 1, ...x }));
  return lines.join('\n');
}

function localTime(d: Date, tz: string): string {
  const minutes = Math.floor(msOfDayInZone(d, tz) / 60_000);
  return `${ymdInZone(d, tz)} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function sheetName(raw: string, used: Set<string>): string {
  const base = raw.replace(BAD_SHEET_CHARS, ' ').trim().slice(0, 28) || 'sheet';
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}(${i})`;
  used.add(name);
  return name;
}
