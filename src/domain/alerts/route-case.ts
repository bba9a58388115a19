/**
 * Which bureau a case goes to (jurisdiction), from the directory:
 *
 * 1. The place: the school of the report (`schoolId`); else the school the teacher typed (`schoolName`,
 *    matched in the directory: one match is that school; several are replaced by their lowest common
 *    ancestor, the smallest org whose bureau has jurisdiction over all of them).
 * 2. The bureau of the place (`bureauFor`): a county school's county bureau, a 市直属 school's city bureau.
 * 3. Up, never down, when the organising unit (a complaint's unit complained about) is a higher-level
 *    department, because a county bureau cannot act on the city's or the region's departments:
 *    - the unit names a bureau above (by its name, its bureau's name, or its place name without the suffix:
 *      "银川市卫健委", "银川团市委"): that bureau; naming the place's own bureau keeps it there;
 *    - otherwise a level word without a place ("市教育局", "自治区教育厅", "省卫健委", see
 *      templates/routing/unit-levels.yaml): the bureau of that level above the place.
 * 4. No place known: the region's top bureau (the active top org of the report's region code), or the
 *    bureau below it whose name the organising unit contains (the deepest such).
 * 5. Never to a bureau the case accuses (recused-bureaus.ts: the organising or accused unit is that bureau or
 *    one of its offices): past it to the nearest bureau above that the case does not accuse; when there is
 *    none (the top is accused), the highest bureau below it on the report's way up that it does not accuse.
 * Null when the directory has no bureau for the report at all (the case then stays 'submitted').
 */
import type { StoreEngine } from '../../store/collection';
import { orgModel, type OrgLevel, type OrgRow } from '../../store/org.model';
import type { ReportRow } from '../../store/report.model';
import type { DirectoryRepo } from '../directory/directory-repo';
import { normaliseName } from '../rules/normalise';
import { bureauAbove } from './bureau-above';
import type { EducationOffices } from './education-offices';
import { recusedBureaus } from './recused-bureaus';
import { unitLevel, type UnitLevelWords } from './unit-levels';

/** 'recused': it went past the bureau it would have gone to, because the case accuses that bureau. */
export type RouteBasis = 'school' | 'school_name' | 'organising_unit' | 'region' | 'recused';

export interface CaseRoute {
  bureau: OrgRow;
  basis: RouteBasis;
  /** The bureaus the case accuses (ids, sorted): they never receive it, see it or hear of it. */
  recused: string[];
  /** With basis 'recused': the accused bureau the case would have gone to; noneAbove: it went below it. */
  passedOver?: { bureau: OrgRow; noneAbove: boolean };
}

export type RoutableReport = Pick<ReportRow, 'schoolId' | 'schoolName' | 'organisingUnit' | 'region'>;

export interface CaseRouter {
  route(report: RoutableReport): Promise<CaseRoute | null>;
  /** The bureaus the case accuses (as route() finds them), for a case not routed yet. */
  recused(report: RoutableReport): Promise<string[]>;
}

export interface CaseRouterDeps {
  directory: DirectoryRepo;
  store: StoreEngine;
  unitLevels: UnitLevelWords;
  offices: EducationOffices;
}

const RANK: Record<OrgLevel, number> = { province: 0, city: 1, county: 2, school: 3 };

/** The forms of an org's name a unit may contain: its name, its bureau's, and its place name less the suffix. */
function nameForms(org: OrgRow): string[] {
  const name = normaliseName(org.name);
  const chars = [...name];
  const stem = chars.length >= 3 ? chars.slice(0, -1).join('') : '';
  return [name, normaliseName(org.bureauName), stem].filter((f) => [...f].length >= 2);
}

const names = (unit: string, org: OrgRow): boolean => nameForms(org).some((f) => unit.includes(f));

/** The deepest id on every path. */
function commonAncestor(paths: string[][]): string | undefined {
  const [first, ...rest] = paths;
  let common: string | undefined;
  for (let i = 0; first && i < first.length; i++) {
    if (!rest.every((p) => p[i] === first[i])) break;
    common = first[i];
  }
  return common;
}

export function createCaseRouter(deps: CaseRouterDeps): CaseRouter {
  const { directory } = deps;
  const orgs = deps.store.collection(orgModel);

  async function placeOf(report: RoutableReport): Promise<{ org: OrgRow; basis: RouteBasis } | null> {
    if (report.schoolId) {
      const org = await directory.getOrg(report.schoolId);
      if (org) return { org, basis: 'school' };
    }
    if (report.schoolName) {
      const found = await directory.schoolsByName(report.schoolName, { limit: 3 });
      const id = found.length === 1 ? found[0]!._id : commonAncestor(found.map((o) => o.path));
      const org = id ? await directory.getOrg(id) : null;
      if (org) return { org, basis: 'school_name' };
    }
    return null;
  }

  /** The bureau above `base` that the unit calls for, or null to stay at `base`. */
  async function above(base: OrgRow, unit: string | undefined): Promise<OrgRow | null> {
    const n = normaliseName(unit ?? '');
    if (!n) return null;
    const chain = [...(await directory.ancestors(base._id)), base].filter((o) => o.active && o.bureauName);
    for (let i = chain.length - 1; i >= 0; i--) {
      if (names(n, chain[i]!)) return chain[i]!._id === base._id ? null : chain[i]!;
    }
    const level = unitLevel(unit, deps.unitLevels);
    const target = level ? chain.find((o) => o.level === level) : undefined;
    return target && RANK[target.level] < RANK[base.level] ? target : null;
  }

  async function regionTop(region: string): Promise<OrgRow | null> {
    const tops = await orgs.find({ parentId: null, region, active: true }, { sort: { _id: 1 } });
    return tops.find((o) => o.bureauName) ?? null;
  }

  /** Where the case goes before recusal, and the bureaus on its way up (top first). */
  async function target(report: RoutableReport): Promise<{ bureau: OrgRow; basis: RouteBasis; way: OrgRow[] } | null> {
    const place = await placeOf(report);
    const base = place ? await directory.bureauFor(place.org._id) : null;
    if (place && base) {
      const way = [...(await directory.ancestors(base._id)), base].filter((o) => o.active && o.bureauName);
      const up = await above(base, report.organisingUnit);
      return up ? { bureau: up, basis: 'organising_unit', way } : { bureau: base, basis: place.basis, way };
    }
    const top = await regionTop(report.region);
    if (!top) return null;
    const n = normaliseName(report.organisingUnit ?? '');
    if (n) {
      const named = (await directory.orgsWithin(top._id))
        .filter((o) => o.bureauName && names(n, o))
        .sort((a, b) => b.path.length - a.path.length)[0];
      if (named && named._id !== top._id) return { bureau: named, basis: 'organising_unit', way: [top] };
    }
    return { bureau: top, basis: 'region', way: [top] };
  }

  async function recusedOn(report: RoutableReport, way: readonly OrgRow[]): Promise<string[]> {
    if (!normaliseName(report.organisingUnit ?? '')) return [];
    const bureaus = (await orgs.find({ region: report.region, active: true, level: { $ne: 'school' } })).filter((o) => o.bureauName);
    return recusedBureaus(report.organisingUnit, { bureaus, way }, deps.offices);
  }

  return {
    async route(report) {
      const t = await target(report);
      if (!t) return null;
      const recused = await recusedOn(report, t.way);
      if (!recused.includes(t.bureau._id)) return { bureau: t.bureau, basis: t.basis, recused };
      const up = await bureauAbove(directory, t.bureau._id, recused);
      const below = t.way.find((o) => RANK[o.level] > RANK[t.bureau.level] && !recused.includes(o._id));
      const bureau = up ?? below;
      return bureau ? { bureau, basis: 'recused', recused, passedOver: { bureau: t.bureau, noneAbove: !up } } : null;
    },
    async recused(report) {
      const t = await target(report);
      return t ? recusedOn(report, t.way) : [];
    },
  };
}
