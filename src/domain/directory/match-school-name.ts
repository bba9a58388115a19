/**
 * Finds schools by a part of their name, for a teacher who is not in the directory and types their school.
 * Both directions count: "月牙湖" finds 月牙湖乡中心小学, and "银川市永宁县第一小学" finds a school stored as
 * 第一小学 (or 永宁县第一小学) under 永宁县; the county's name in the text ranks it above other counties' 第一小学.
 */
import type { OrgRow } from '../../store/org.model';
// NFKC, lower case, without spaces and punctuation: "银川 市（二中）" -> "银川市二中"; the rule matcher's form.
import { normaliseName } from '../rules/normalise';

/**
 * A place name without its one-character administrative suffix (市, 县, 区, 旗...), so that "永宁" in the text
 * matches 永宁县. Names of two characters or fewer are kept whole.
 */
function placeStem(name: string): string {
  const chars = [...normaliseName(name)];
  return (chars.length >= 3 ? chars.slice(0, -1) : chars).join('');
}

/**
 * The name, and the name without the place names it starts with ("中宁县石空镇中心小学" -> "石空镇中心小学"),
 * so that a text naming the place differently ("中宁的石空镇中心小学") still contains it.
 */
function withoutPlaces(name: string, places: readonly string[]): string[] {
  const prefixes = places.flatMap((p) => [normaliseName(p), placeStem(p)]).filter((p) => p.length > 0);
  const out = [name];
  let rest = name;
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const prefix of prefixes) {
      if (rest.startsWith(prefix) && [...rest].length - [...prefix].length >= 2) {
        rest = rest.slice(prefix.length);
        out.push(rest);
        stripped = true;
      }
    }
  }
  return out;
}

export interface SchoolMatchOptions {
  limit?: number;
}

/**
 * Ranks `schools` against `text`: exact name, then names containing the text, then names the text contains
 * (with or without the place names they start with);
 * each place name of the school's ancestors found in the text moves a school up. `orgNames` maps the ids on the
 * schools' paths to names. Fewer than 2 characters of text match nothing.
 */
export function rankSchoolsByName(
  text: string,
  schools: readonly OrgRow[],
  orgNames: ReadonlyMap<string, string>,
  opts: SchoolMatchOptions = {},
): OrgRow[] {
  const q = normaliseName(text);
  if ([...q].length < 2) return [];
  const scored: { school: OrgRow; score: number }[] = [];
  for (const school of schools) {
    const n = normaliseName(school.name);
    if (!n) continue;
    const places = school.path.slice(0, -1).map((id) => orgNames.get(id)).filter((p): p is string => !!p);
    let score: number;
    if (n === q) score = 0;
    else if (n.includes(q)) score = 1;
    else if (withoutPlaces(n, places).some((core) => q.includes(core))) score = 2;
    else continue;
    if (score > 0) score -= 0.2 * places.filter((p) => q.includes(placeStem(p))).length;
    scored.push({ school, score });
  }
  scored.sort(
    (a, b) => a.score - b.score || a.school.name.length - b.school.name.length || a.school._id.localeCompare(b.school._id),
  );
  return scored.slice(0, opts.limit ?? 10).map((s) => s.school);
}
