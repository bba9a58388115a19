/**
 * Which catalogs apply to an org: longest prefix of its GB/T 2260 division code among regions.yaml's
 * codes (e.g. 520402 → "5204" 安顺市 before "52" 贵州省), else the default set.
 */
import type { Region, RuleBook } from './load-catalogs';
import type { Catalog } from './rule';

export interface RegionCatalogs {
  region: Region;
  /** In the region's citation order: its binding documents first. */
  catalogs: Catalog[];
  /** Ids of catalogs that are the region's own documents (cite as 依据; the others as 参照). */
  binding: ReadonlySet<string>;
}

export function resolveRegion(book: Pick<RuleBook, 'regions'>, divisionCode: string | undefined): Region {
  const code = (divisionCode ?? '').trim();
  let best: Region | undefined;
  for (const r of book.regions.regions) {
    if (code.startsWith(r.code) && (!best || r.code.length > best.code.length)) best = r;
  }
  return best ?? book.regions.default;
}

/** A region by its abbreviation ("NX", "DEFAULT") or, for digits, by division code; undefined when unknown. */
export function findRegion(book: Pick<RuleBook, 'regions'>, abbrOrCode: string): Region | undefined {
  const key = abbrOrCode.trim();
  if (/^\d+$/.test(key)) return resolveRegion(book, key);
  return [book.regions.default, ...book.regions.regions].find((r) => r.abbr === key.toUpperCase());
}

export function catalogsForRegion(book: Pick<RuleBook, 'regions' | 'catalogs'>, divisionCode: string | undefined): RegionCatalogs {
  return catalogsOf(book, resolveRegion(book, divisionCode));
}

export function catalogsOf(book: Pick<RuleBook, 'catalogs'>, region: Region): RegionCatalogs {
  const byId = new Map(book.catalogs.map((c) => [c.id, c]));
  const refs = [...region.catalogs].sort((a, b) => (a.as === b.as ? 0 : a.as === 'binding' ? -1 : 1));
  const catalogs = refs.map((r) => byId.get(r.id)).filter((c): c is Catalog => c !== undefined);
  const binding = new Set(region.catalogs.filter((r) => r.as === 'binding').map((r) => r.id));
  return { region, catalogs, binding };
}
