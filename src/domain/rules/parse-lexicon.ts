/**
 * Reads templates/rules/lexicon.yaml: negation and hypothetical cues, the named word sets, paraphrases (each
 * form a regex standing for a word the rules use; {n} is any number, {n2} a number of two or more, in digits
 * or Chinese numerals), how numbers and durations are written, evidence templates, activity-name matching.
 * Words are normalised as the text is (normalise.ts); regexes are compiled once, here.
 */
import { CatalogError, check, lexiconSchema, readYaml } from './catalog-schemas';
import { normaliseName, normaliseText } from './normalise';
import { numberSource } from './read-quantities';
import { addWords } from './segment-words';
import type { Lexicon, Paraphrase, QuantityLexicon } from './rule';

function uniqueNormalised(words: string[]): string[] {
  return [...new Set(words.map(normaliseText).filter((w) => w.length > 0))];
}

function parseQuantities(raw: NonNullable<ReturnType<typeof readLexicon>['quantities']>): QuantityLexicon {
  return {
    digits: raw.digits,
    multipliers: raw.multipliers,
    more: uniqueNormalised(raw.more),
    monthUnits: uniqueNormalised(raw.month_units).sort((a, b) => b.length - a.length),
    yearUnits: uniqueNormalised(raw.year_units).sort((a, b) => b.length - a.length),
    notYearAfter: uniqueNormalised(raw.not_year_after),
    spans: Object.entries(raw.spans)
      .map(([w, m]) => [normaliseText(w), m] as [string, number])
      .sort((a, b) => b[0].length - a[0].length),
    hourUnits: uniqueNormalised(raw.hour_units).sort((a, b) => b.length - a.length),
    notSpanBefore: uniqueNormalised(raw.not_span_before),
    relativeYears: Object.fromEntries(Object.entries(raw.relative_years).map(([w, n]) => [normaliseText(w), n])),
    yearSuffix: normaliseText(raw.year_suffix),
    monthSuffix: uniqueNormalised(raw.month_suffix).sort((a, b) => b.length - a.length),
    trainingWords: uniqueNormalised(raw.training_words),
  };
}

const readLexicon = (yamlText: string, file: string) => check(lexiconSchema, readYaml(yamlText, file), file);

export function parseLexicon(yamlText: string, file = 'lexicon.yaml'): Lexicon {
  const raw = readLexicon(yamlText, file);
  const synonyms: Record<string, string> = {};
  for (const [alias, canonical] of Object.entries(raw.activity.synonyms)) {
    const a = normaliseName(alias);
    const c = normaliseName(canonical);
    if (!a || !c) throw new CatalogError(file, 'synonym is empty after normalisation', undefined, `activity.synonyms.${alias}`);
    synonyms[a] = c;
  }
  const regex = (p: string, flags: string, field: string) => {
    try {
      return new RegExp(p, flags);
    } catch (e) {
      throw new CatalogError(file, `bad regex: ${(e as Error).message}`, undefined, field);
    }
  };
  const stripPatterns = raw.activity.strip_patterns.map((p, i) => regex(p, 'gu', `activity.strip_patterns.${i}`));
  const sets: Record<string, string[]> = {};
  for (const [name, words] of Object.entries(raw.sets)) sets[name] = uniqueNormalised(words);
  for (const words of Object.values(sets)) addWords(words);
  const quantities = raw.quantities ? parseQuantities(raw.quantities) : undefined;
  const paraphrases: Paraphrase[] = Object.entries(raw.paraphrases).map(([canonical, forms]) => ({
    canonical: normaliseText(canonical),
    forms: forms.map((f, i) => {
      if (f !== f.normalize('NFKC') || /[A-Z\s]/.test(f.replace(/\\[A-Za-z]/g, ''))) {
        throw new CatalogError(file, 'paraphrases run on normalised text: half-width punctuation, lower case, no spaces', undefined, `paraphrases.${canonical}.${i}`);
      }
      const source = f.replace(/\{n2\}/g, numberSource(quantities, true)).replace(/\{n\}/g, numberSource(quantities));
      return regex(source, 'gu', `paraphrases.${canonical}.${i}`);
    }),
  }));
  return {
    negation: {
      window: raw.negation.window,
      cues: uniqueNormalised(raw.negation.cues),
      compounds: uniqueNormalised(raw.negation.compounds),
      resetters: uniqueNormalised(raw.negation.resetters),
      conditionalAfter: uniqueNormalised(raw.negation.conditional_after),
      conditionalWindow: raw.negation.conditional_window,
      hypothetical: uniqueNormalised(raw.negation.hypothetical),
      threats: uniqueNormalised(raw.negation.threats),
    },
    paraphrases,
    coverageIgnore: new Set(uniqueNormalised(raw.coverage_ignore)),
    ...(quantities ? { quantities } : {}),
    sets,
    evidence: raw.evidence,
    activity: {
      synonyms,
      stopwords: uniqueNormalised(raw.activity.stopwords).sort((a, b) => b.length - a.length),
      stripPatterns,
    },
  };
}
