/**
 * Which education bureaus a case names as its accused or organising unit (牵头实施单位), themselves or through
 * one of their offices. Those bureaus never receive the case, never see it and are never told of it: a
 * complaint never goes to the bureau it accuses (route-case.ts, official-scope.ts, escalate-alert.ts).
 * Pure: the caller gives the region's bureaus and the bureaus on the report's way up.
 *
 * A unit names bureau B when
 * - it contains B's bureau name ("银川市教育局督导室" contains "银川市教育局"); or
 * - an office word ("教育局", "教体局", "教育厅"...) follows one of B's place names: its name, or its name
 *   without the administrative suffix ("银川教体局", "宁夏教育厅"); the longest place found wins; or
 * - the office word follows a level word alone ("县教育局", "本市教育局", "县委和县教育局"): the bureau of that
 *   level on the way up; a province-only word ("区教育厅") names the way's province; nothing before it at
 *   all ("教育局") names the report's own bureau; or
 * - the whole unit is a short form of a level ("县局", "市局").
 * The words are data (templates/routing/education-offices.yaml).
 */
import type { OrgRow } from '../../store/org.model';
import { normaliseName, normaliseText } from '../rules/normalise';
import type { BureauLevel, EducationOffices } from './education-offices';

export interface RecusalScope {
  /** The region's active bureaus. */
  bureaus: readonly OrgRow[];
  /** The bureaus from the top down to the report's own bureau; just the top when the place is not known. */
  way: readonly OrgRow[];
}

/** Punctuation and symbols become this mark, so that a list of units keeps its boundaries. */
const SEP = '|';
const PUNCT = /[\p{P}\p{S}]+/gu;

/** The place names of a bureau's org: "银川市" and "银川"; "宁夏回族自治区" and "宁夏". */
function placeForms(org: OrgRow, words: EducationOffices): string[] {
  const name = normaliseName(org.name);
  const suffix = words.placeSuffixes.find((s) => name.endsWith(s) && [...name].length - [...s].length >= 2);
  return [name, suffix ? name.slice(0, -suffix.length) : ''].filter((f) => [...f].length >= 2);
}

/** Where each office word occurs, left to right, the longest word at a position. */
function officeHits(text: string, words: EducationOffices): Array<{ at: number; word: string }> {
  const hits: Array<{ at: number; word: string }> = [];
  for (let i = 0; i < text.length; ) {
    const word = words.officeWords.find((w) => text.startsWith(w, i));
    if (word) {
      hits.push({ at: i, word });
      i += word.length;
    } else i += 1;
  }
  return hits;
}

/** Nothing of a name before this point: the start, a separator, a conjunction, or only an own word after one. */
function bare(before: string, words: EducationOffices): boolean {
  let rest = before;
  const cut = (s: string): boolean => {
    for (const c of [SEP, ...words.conjunctions]) if (s.endsWith(c)) return true;
    return s === '';
  };
  if (cut(rest)) return true;
  const own = words.ownWords.find((w) => rest.endsWith(w));
  if (!own) return false;
  rest = rest.slice(0, -own.length);
  return cut(rest);
}

function levelOf(owner: string, words: EducationOffices): BureauLevel | undefined {
  return words.levels.find((l) => owner.endsWith(l.word) && bare(owner.slice(0, -l.word.length), words))?.level;
}

/** The bureaus whose place name the owner ends with, the longest name only. */
function namedBy(owner: string, bureaus: readonly OrgRow[], words: EducationOffices): OrgRow[] {
  let best = 0;
  let found: OrgRow[] = [];
  for (const b of bureaus) {
    const len = Math.max(0, ...placeForms(b, words).filter((f) => owner.endsWith(f)).map((f) => f.length));
    if (len === 0 || len < best) continue;
    if (len > best) found = [];
    best = len;
    found.push(b);
  }
  return found;
}

export function recusedBureaus(unit: string | undefined, scope: RecusalScope, words: EducationOffices): string[] {
  const flat = normaliseName(unit ?? '');
  if (!flat) return [];
  const out = new Set<string>();
  const onWay = (level: BureauLevel) => scope.way.find((o) => o.level === level);
  const add = (org: OrgRow | undefined) => org && out.add(org._id);

  for (const b of scope.bureaus) {
    const name = normaliseName(b.bureauName);
    if ([...name].length >= 3 && flat.includes(name)) out.add(b._id);
  }
  const short = words.shortForms.get(flat);
  if (short) add(onWay(short));

  const text = normaliseText(unit ?? '').replace(PUNCT, SEP);
  let from = 0;
  for (const hit of officeHits(text, words)) {
    const owner = text.slice(from, hit.at);
    from = hit.at + hit.word.length;
    const named = namedBy(owner, scope.bureaus, words);
    if (named.length > 0) {
      named.forEach(add);
      continue;
    }
    // Another place's bureau not in the directory ("甘肃省教育厅") names none of ours.
    const level = levelOf(owner, words);
    if (level === undefined && !bare(owner, words)) continue;
    if (words.provinceWords.includes(hit.word)) add(onWay('province'));
    else add(level ? onWay(level) : scope.way.at(-1));
  }
  return [...out].sort();
}
