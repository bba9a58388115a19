/**
 * How many teacher-hours one burden took: teachers involved × hours each, read from what the report says
 * (实施范围, 活动主要内容, 开展形式: "30名教师", "全校", "半天", "2小时") or else the defaults of its category
 * (templates/ledger/estimates.yaml). Pure; every figure comes with the sentence saying how it was made.
 */
import { parseNumeral } from '../../core/parsers/parse-chinese-number';
import { alternation, charClass } from '../../core/parsers/vocabulary-pattern';
import { ZH_DIGITS, ZH_HALF, ZH_INEXACT_MARKERS, ZH_SMALL_UNITS, ZH_ZERO_CHARS } from '../../core/parsers/zh-vocabulary';
import type { LedgerDefault, LedgerRules } from './ledger-rules';

export interface Estimate {
  teachers: number;
  hours: number;
  teacherHours: number;
  /** Template ids and their variables (rendered by the caller). */
  teachersBasis: { id: string; vars: Record<string, unknown> };
  hoursBasis: { id: string; vars: Record<string, unknown> };
}

/** A count as written: digits, Chinese numerals ("三十", "两"), a half, maybe inexact ("十几" counts as 10). */
const NUMERALS = charClass([...Object.keys(ZH_DIGITS), ...ZH_ZERO_CHARS, ...Object.keys(ZH_SMALL_UNITS)]);
const NUMBER = `(\\d+(?:\\.\\d+)?|${NUMERALS}+|${ZH_HALF})${alternation(ZH_INEXACT_MARKERS)}?`;

function numberOf(text: string): number | null {
  if (text === ZH_HALF) return 0.5;
  if (/^\d/.test(text)) return Number(text);
  return parseNumeral(text);
}

export function createEstimator(rules: LedgerRules) {
  const durationRe = new RegExp(`${NUMBER}\\s*(${alternation(Object.keys(rules.duration_units))})`, 'u');
  const durationWordRe = new RegExp(alternation(Object.keys(rules.duration_words)), 'u');
  const peopleRe = new RegExp(`${NUMBER}\\s*(${alternation(rules.people_units)})`, 'u');
  const schoolRe = new RegExp(alternation(rules.whole_school), 'u');

  function teachers(text: string, dflt: LedgerDefault, schoolTeachers: number): Pick<Estimate, 'teachers' | 'teachersBasis'> {
    const m = peopleRe.exec(text);
    const n = m ? numberOf(m[1]!) : null;
    if (m && n !== null && n >= 1) return { teachers: Math.round(n), teachersBasis: { id: 'ledger.basis_people_text', vars: { found: m[0], n: Math.round(n) } } };
    const school = schoolRe.exec(text);
    if (school || dflt.scope === 'school') {
      const size = schoolTeachers > 0 ? schoolTeachers : rules.school_size_default;
      const id = schoolTeachers > 0 ? 'ledger.basis_people_school' : 'ledger.basis_people_school_default';
      return { teachers: size, teachersBasis: { id, vars: { found: school?.[0] ?? '', n: size, byDefault: !school } } };
    }
    return { teachers: dflt.scope, teachersBasis: { id: 'ledger.basis_people_default', vars: { n: dflt.scope } } };
  }

  function hours(text: string, dflt: LedgerDefault): Pick<Estimate, 'hours' | 'hoursBasis'> {
    const m = durationRe.exec(text);
    const n = m ? numberOf(m[1]!) : null;
    if (m && n !== null && n > 0) {
      const h = Math.round(n * rules.duration_units[m[2]!]! * 10) / 10;
      return { hours: h, hoursBasis: { id: 'ledger.basis_hours_text', vars: { found: m[0], h } } };
    }
    const w = durationWordRe.exec(text);
    if (w) return { hours: rules.duration_words[w[0]]!, hoursBasis: { id: 'ledger.basis_hours_text', vars: { found: w[0], h: rules.duration_words[w[0]]! } } };
    return { hours: dflt.hours, hoursBasis: { id: 'ledger.basis_hours_default', vars: { h: dflt.hours } } };
  }

  return {
    /** `texts`: what the report says, in the order to read it (scope first: it names the people). */
    estimate(texts: readonly (string | undefined)[], dflt: LedgerDefault, schoolTeachers: number): Estimate {
      const text = texts.filter((s): s is string => Boolean(s)).join('；').normalize('NFKC');
      const p = teachers(text, dflt, schoolTeachers);
      const h = hours(text, dflt);
      return { ...p, ...h, teacherHours: Math.round(p.teachers * h.hours * 10) / 10 };
    },
  };
}

export type Estimator = ReturnType<typeof createEstimator>;
