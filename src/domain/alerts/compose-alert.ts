/**
 * The group-robot markdown of an alert, and its line in a digest, from the official view of the report
 * (never a raw row) and the alert. Words are templates (templates/messages/alerts.yaml).
 *
 * - What people typed goes in as plain inline text: line breaks and the characters that make markdown
 *   (links, bold, headings, <font>) are replaced by look-alike full-width forms, so a report cannot post a
 *   link or fake a heading in the bureau's group.
 * - An anonymous report says only 匿名; a named one says 实名: its name is for the 1:1 查看, not for a group.
 * - WeCom refuses markdown over 4096 bytes (the robot client would cut the tail, where the commands are):
 *   the content is shortened until the whole fits.
 */
import { describeWhen } from '../reports/describe-when';
import type { MarkdownReply } from '../../core/message';
import type { TemplateVars } from '../../core/templates';
import type { AlertRow } from '../../store/alert.model';
import { msOfDayInZone, ymdInZone } from '../calendar/time-zone';
import type { OfficialReportView } from '../reports';
import { citeRule } from './cite-rule';

export type Render = (id: string, vars?: TemplateVars) => string;

export const ALERT_MAX_BYTES = 4096;
/** Digest parts stay under this, leaving room for the header of each part. */
export const DIGEST_PART_BYTES = 3800;
const CONTENT_GRAPHEMES = [300, 120, 40];
const SHORT_GRAPHEMES = 60;
const MAX_RULES = 5;

const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });
const MARKUP: Record<string, string> = { '<': '\uff1c', '>': '\uff1e', '[': '\uff3b', ']': '\uff3d', '*': '\uff0a', '`': '\uff40', '#': '\uff03', _: '\uff3f', '~': '\uff5e' };

/** One line of plain text, at most `max` graphemes (an ellipsis marks a cut). */
export function inline(s: string | undefined, max: number): string {
  const flat = (s ?? '').replace(/[\r\n\t]+/g, ' ').replace(/[<>[\]*`#_~]/g, (c) => MARKUP[c]!).trim();
  const parts = [...segmenter.segment(flat)].map((g) => g.segment);
  return parts.length <= max ? flat : `${parts.slice(0, max).join('')}\u2026`;
}

export const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Local date and time of a deadline: "2026-04-08 10:00". */
export function localTime(d: Date, tz: string): string {
  const min = Math.floor(msOfDayInZone(d, tz) / 60_000);
  return `${ymdInZone(d, tz)} ${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}

export interface AlertFacts {
  view: OfficialReportView;
  alert: Pick<AlertRow, 'level' | 'rules' | 'escalations' | 'claimDeadline' | 'resolveDeadline' | 'status'>;
  /** Name of the handling bureau ("永宁县教育局"). */
  bureau: string;
  /** The category's name as the document writes it. */
  category?: string;
  /** The school's name from the directory, when the report names one by id. */
  school?: string;
  /** The escalation line for levels above 0 (escalationLine()). */
  escalation?: string;
  tz: string;
}

/**
 * Where the reporter works as officials read it (the alert, 查看, exports): the school, or only its county
 * when the anonymous reporter chose so (the view then has no school at all).
 */
export function schoolOrArea(t: Render, view: Pick<OfficialReportView, 'areaOnly' | 'areaName' | 'schoolName'>, school?: string): string | undefined {
  if (view.areaOnly) return t('alerts.area_only', { area: inline(view.areaName, SHORT_GRAPHEMES) });
  return school ?? view.schoolName;
}

function where(t: Render, f: Pick<AlertFacts, 'view' | 'school'>): string {
  const place = inline(f.view.place, SHORT_GRAPHEMES);
  if (f.view.areaOnly) return t('alerts.where_area', { area: schoolOrArea(t, f.view), place });
  const school = inline(schoolOrArea(t, f.view, f.school), SHORT_GRAPHEMES);
  return school && place && school !== place ? `${school}\uff08${place}\uff09` : school || place;
}

function ruleLines(t: Render, f: AlertFacts): string {
  const { rules } = f.alert;
  if (rules.length === 0) return t('alerts.rule_none');
  const shown = rules.slice(0, MAX_RULES).map((r) => citeRule(t, r));
  if (rules.length > MAX_RULES) shown.push(t('alerts.rule_more', { count: rules.length - MAX_RULES, caseNumber: f.view.caseNumber }));
  return shown.join('\n');
}

function deadlines(t: Render, f: AlertFacts): string {
  const out: string[] = [];
  if (f.alert.status === 'open' && f.alert.claimDeadline) out.push(t('alerts.deadline_claim', { claimBy: localTime(f.alert.claimDeadline, f.tz) }));
  if (f.alert.resolveDeadline) out.push(t('alerts.deadline_resolve', { resolveBy: localTime(f.alert.resolveDeadline, f.tz) }));
  return out.join(t('alerts.deadline_join'));
}

/** An alert's place in a digest: under a heading shared by the alerts alike (bureau, category, first clause). */
export interface DigestEntry {
  heading: string;
  item: string;
}

/** What the report says and where it comes from: the alert's first lines, and the reporter's preview. */
export type ReportFacts = Pick<AlertFacts, 'view' | 'category' | 'school'>;

/** The report's lines of an alert (templates alerts.report_block), the content cut at `max` graphemes. */
export function reportBlock(t: Render, f: ReportFacts, max = CONTENT_GRAPHEMES[0]!): string {
  const v = f.view;
  return t('alerts.report_block', {
    category: f.category,
    item: inline(v.itemName, SHORT_GRAPHEMES),
    unit: inline(v.organisingUnit, SHORT_GRAPHEMES),
    unitLabel: t(`alerts.unit_label_${v.kind}`),
    where: where(t, f),
    happenedOn: describeWhen(t, v),
    content: inline(v.content, max),
    reporterLabel: t(`cases.reporter_label_${v.kind}`),
    reporter: v.origin
      ? t('alerts.reporter_monitoring', { period: v.origin.period })
      : t(v.anonymous ? 'alerts.reporter_anonymous' : 'alerts.reporter_named'),
  });
}

/** The report's lines as a reporter reads them in a text chat before submitting: the alert's, without bold marks. */
export function previewText(t: Render, f: ReportFacts): string {
  return reportBlock(t, f).replace(/\*\*/g, '');
}

export function composeAlert(t: Render, f: AlertFacts): { reply: MarkdownReply; digest: DigestEntry } {
  const v = f.view;
  const category = f.category ?? t('alerts.category_unknown');
  const base = {
    caseNumber: v.caseNumber,
    escalation: f.escalation,
    rules: ruleLines(t, f),
    bureau: f.bureau,
    deadlines: deadlines(t, f),
  };
  let text = '';
  for (const max of CONTENT_GRAPHEMES) {
    text = t('alerts.markdown', { ...base, report: reportBlock(t, { ...f, category }, max) });
    if (byteLength(text) <= ALERT_MAX_BYTES) break;
  }
  if (byteLength(text) > ALERT_MAX_BYTES) text = clipBytes(text, ALERT_MAX_BYTES);
  const first = f.alert.rules[0];
  const digest: DigestEntry = {
    heading: t('alerts.digest_heading', { bureau: f.bureau, category, clause: first ? first.clause : t('alerts.digest_no_clause') }),
    item: t('alerts.digest_item', { caseNumber: v.caseNumber, level: f.alert.level > 0 ? f.alert.level : undefined }),
  };
  return { reply: { kind: 'markdown', title: t('alerts.markdown_title', { caseNumber: v.caseNumber }), text }, digest };
}

/** At most `max` UTF-8 bytes, cut at a grapheme boundary. */
export function clipBytes(s: string, max: number): string {
  let out = '';
  let n = 0;
  for (const { segment } of segmenter.segment(s)) {
    const b = byteLength(segment);
    if (n + b > max) break;
    out += segment;
    n += b;
  }
  return out;
}

/** The digest text of these entries: each heading once, its alerts' items on one line. */
function digestBody(t: Render, entries: readonly DigestEntry[]): string {
  const byHeading = new Map<string, string[]>();
  for (const e of entries) byHeading.set(e.heading, [...(byHeading.get(e.heading) ?? []), e.item]);
  return [...byHeading].map(([heading, items]) => `${heading}\n${items.join(t('alerts.digest_separator'))}`).join('\n');
}

/** Splits entries, in order, into groups whose digest body stays under DIGEST_PART_BYTES. */
export function digestGroups<T>(items: readonly T[], entryOf: (item: T) => DigestEntry, render: Render): T[][] {
  const separator = byteLength(render('alerts.digest_separator'));
  const groups: T[][] = [];
  let current: T[] = [];
  let headings = new Set<string>();
  let size = 0;
  for (const item of items) {
    const e = entryOf(item);
    // An item costs its bytes and a separator, plus its heading and a line break the first time it appears.
    const cost = byteLength(e.item) + separator + (headings.has(e.heading) ? 0 : byteLength(e.heading) + 2);
    if (current.length > 0 && size + cost > DIGEST_PART_BYTES) {
      groups.push(current);
      current = [];
      headings = new Set();
      size = 0;
      size += byteLength(e.item) + separator + byteLength(e.heading) + 2;
    } else {
      size += cost;
    }
    current.push(item);
    headings.add(e.heading);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** One digest message for these entries (a group from digestGroups). */
export function composeDigest(t: Render, entries: readonly DigestEntry[]): MarkdownReply {
  const text = t('alerts.digest', { count: entries.length, body: digestBody(t, entries) });
  return { kind: 'markdown', title: t('alerts.digest_title', { count: entries.length }), text: clipBytes(text, ALERT_MAX_BYTES) };
}
