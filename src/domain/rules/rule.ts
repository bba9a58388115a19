/**
 * Rule catalogs: the published burden-reduction rules, transcribed as data in `templates/rules/*.yaml`
 * (see load-catalogs.ts), and the channel-neutral view of a report that the matcher checks them against.
 */

/** The 8 problem categories of 新教领秘〔2024〕2号 (附件2/3), in document order. Names live in categories.yaml. */
// One list for the whole product: the store's report schema validates against it.
export { REPORT_CATEGORY_CODES as CATEGORY_CODES } from '../../store/report.model';
import { REPORT_CATEGORY_CODES } from '../../store/report.model';
export type CategoryCode = (typeof REPORT_CATEGORY_CODES)[number];

export interface Category {
  code: CategoryCode;
  /** Chinese numeral as the document numbers it (一..八). */
  numeral: string;
  order: number;
  /** zh-CN name exactly as the document writes it. */
  name: string;
  aliases: string[];
}

/** The closed set of structured conditions a rule may test. */
export const CONDITION_NAMES = [
  'secondment_longer_than_months',
  'training_hours_per_year_over',
  'activity_not_on_whitelist',
  'inspection_not_on_plan',
  'monthly_report_missing',
] as const;
export type ConditionName = (typeof CONDITION_NAMES)[number];

export type Condition =
  | { name: 'secondment_longer_than_months'; months: number }
  | { name: 'training_hours_per_year_over'; hours: number }
  | { name: 'activity_not_on_whitelist' }
  | { name: 'inspection_not_on_plan' }
  | { name: 'monthly_report_missing' };

/** One alternative set: every group must have a (non-negated) hit. Words are normalised at load time. */
export interface KeywordSet {
  groups: string[][];
  /** Multiplies the confidence of this set (0..1]; 1 unless the data says otherwise. */
  weight: number;
}

export interface CompiledPattern {
  source: string;
  re: RegExp;
}

export type Detect =
  | { manual: true }
  | {
      manual: false;
      keywordSets: KeywordSet[];
      patterns: CompiledPattern[];
      /** Normalised words that cancel a match in the same sentence (and lower it elsewhere in the text). */
      exclude: string[];
      /** The rule forbids something "without approval": a subject with approved = 'yes' does not break it. */
      unlessApproved: boolean;
      /** Only a subject with approved = 'no' can break it. */
      onlyIfUnapproved: boolean;
      condition?: Condition;
    };

export interface Rule {
  /** `<catalog-id>#<item>`, e.g. nmg-2020-3#15. */
  id: string;
  /** The item number as the document numbers it ("15", "（一）", "三（二）"). */
  item: string;
  section: string;
  category: CategoryCode;
  /** One line in our own words (zh-CN). */
  summary: string;
  /** Short citation, starting with the document number: "厅发〔2020〕3号 第15条". */
  clause: string;
  detect: Detect;
}

export interface Catalog {
  id: string;
  version: number;
  /** Document number exactly as printed, e.g. 厅发〔2020〕3号. */
  document: string;
  issuer: string;
  /** YYYY-MM-DD */
  date: string;
  title: string;
  note?: string;
  /** File the catalog was read from (for error messages). */
  source: string;
  rules: Rule[];
  /** Matching vocabulary (negation words, stopwords, evidence templates) the catalog is matched with. */
  lexicon: Lexicon;
}

export interface Lexicon {
  negation: {
    window: number;
    cues: string[];
    compounds: string[];
    resetters: string[];
    conditionalAfter: string[];
    conditionalWindow: number;
    /** A hit after one of these in its sentence is hypothetical (如果…), unless a threat word is there too. */
    hypothetical: string[];
    threats: string[];
  };
  /** Ways people write a word the rules use: each form (a regex on normalised text) stands for `canonical`. */
  paraphrases: Paraphrase[];
  /** Tokens left out when measuring how much of a sentence a rule explains (的, 了, 我们…). */
  coverageIgnore: Set<string>;
  /** How numbers and durations are written (read-quantities.ts); absent: none are read from the text. */
  quantities?: QuantityLexicon;
  /** Named word groups, referenced from catalogs as "@name". */
  sets: Record<string, string[]>;
  /** zh-CN evidence templates per condition name (plus `closest`), with {placeholders}. */
  evidence: Record<string, string>;
  activity: ActivityLexicon;
}

export interface Paraphrase {
  canonical: string;
  forms: RegExp[];
}

export interface QuantityLexicon {
  digits: Record<string, number>;
  multipliers: Record<string, number>;
  more: string[];
  monthUnits: string[];
  yearUnits: string[];
  /** A year count is not one when followed by these (三年级). */
  notYearAfter: string[];
  /** Words that are a duration by themselves, in months (半年多: 7). Longest first. */
  spans: Array<[string, number]>;
  hourUnits: string[];
  notSpanBefore: string[];
  relativeYears: Record<string, number>;
  yearSuffix: string;
  monthSuffix: string[];
  trainingWords: string[];
}

export interface ActivityLexicon {
  /** alias → canonical, normalised. */
  synonyms: Record<string, string>;
  /** Normalised, longest first. */
  stopwords: string[];
  stripPatterns: RegExp[];
}

/** A whitelist entry (白名单, 新教领秘〔2024〕2号 附件7): activity name and implementing unit. */
export interface WhitelistEntry {
  id?: string;
  name: string;
  unit?: string;
  /** Calendar year the list is for; an entry for another year does not cover a dated activity. */
  year?: number;
  /** Optional validity window, YYYY-MM-DD inclusive. */
  from?: string;
  to?: string;
}

/** An entry of the approved annual inspection plan (督查检查评比考核年度计划). */
export type PlanEntry = WhitelistEntry;

/** A region's imported whitelist and inspection plan for the calendar year of `at` (absent or empty: none). */
export type ListSource = (region: string, at: Date) => Promise<{ whitelist?: WhitelistEntry[]; inspectionPlan?: PlanEntry[] }>;

export interface DatedItem {
  name: string;
  unit?: string;
  /** YYYY-MM-DD */
  date?: string;
  /**
   * What the school itself declared about the item being on the whitelist / approved plan (a liaison's answer
   * in the monthly table). Used only when the region has no list imported: an imported list decides.
   */
  declaredOnList?: 'yes' | 'no' | 'unknown';
}

/** Channel-neutral view of a report, a complaint or a monthly monitoring answer. */
export interface RuleSubject {
  kind: 'burden' | 'complaint' | 'monthly';
  category?: CategoryCode | string;
  itemName?: string;
  organisingUnit?: string;
  content?: string;
  form?: string;
  approved?: 'yes' | 'no' | 'unknown';
  activities?: DatedItem[];
  inspections?: DatedItem[];
  secondments?: Array<{ to: string; since: string }>;
  trainingHoursThisYear?: number;
  /** Monthly answers: the period 'YYYY-MM' and when it was submitted (absent = not submitted). */
  period?: string;
  submittedAt?: Date;
}

export interface RuleMatch {
  ruleId: string;
  catalogId: string;
  document: string;
  item: string;
  clause: string;
  summary: string;
  category: CategoryCode;
  /** 0..1, two decimals. */
  confidence: number;
  /** The matched words ("公众号+投票"), the matching pattern text, or the condition in words. */
  evidence: string;
  /** The sentence the words were found in (normalised, at most 80 characters). */
  excerpt?: string;
  /** For condition matches: which condition and its facts, for callers that render their own text. */
  condition?: { name: ConditionName; facts: Record<string, string | number> };
}
