/**
 * The imported lists: one document per (kind, region, year) replaced whole by an import, read by the rule
 * matcher as WhitelistEntry / PlanEntry of that year.
 */
import type { StoreEngine } from '../../store/collection';
import { activityListModel, listId, type ActivityListRow, type ListEntry, type ListKind } from '../../store/activity-list.model';
import { DEFAULT_TZ, ymdInZone } from '../calendar/time-zone';
import type { ListSource, WhitelistEntry } from '../rules/rule';

export interface ListSummary {
  kind: ListKind;
  region: string;
  year: number;
  count: number;
  version: number;
  importedAt: Date;
  source?: string;
}

export interface ListRepo {
  /** Replaces the list in one write; returns its new version. */
  replace(kind: ListKind, region: string, year: number, entries: readonly ListEntry[], at: Date, source?: string): Promise<ListSummary>;
  get(kind: ListKind, region: string, year: number): Promise<ActivityListRow | null>;
  /** The list's entries as the matcher takes them (empty when none was imported). */
  entries(kind: ListKind, region: string, year: number): Promise<WhitelistEntry[]>;
  list(): Promise<ListSummary[]>;
  /** The whitelist and the plan of the calendar year of `at` (in `tz`), for matchRules' context. */
  source(tz?: string): ListSource;
}

const summary = (r: ActivityListRow): ListSummary => ({
  kind: r.kind,
  region: r.region,
  year: r.year,
  count: r.count,
  version: r.version,
  importedAt: r.importedAt,
  ...(r.source ? { source: r.source } : {}),
});

export function createListRepo(store: StoreEngine): ListRepo {
  const lists = store.collection(activityListModel);
  const get = (kind: ListKind, region: string, year: number) => lists.findOne({ _id: listId(kind, region, year) });
  const entries = async (kind: ListKind, region: string, year: number): Promise<WhitelistEntry[]> =>
    ((await get(kind, region, year))?.entries ?? []).map((e) => ({ name: e.name, ...(e.unit ? { unit: e.unit } : {}), year }));

  return {
    async replace(kind, region, year, rows, at, source) {
      const _id = listId(kind, region, year);
      const $set = { kind, region, year, entries: [...rows], count: rows.length, importedAt: at, ...(source ? { source } : {}) };
      await lists.updateOne({ _id }, { $set, $inc: { version: 1 }, ...(source ? {} : { $unset: { source: true } }) }, { upsert: true });
      return summary((await lists.findOne({ _id }))!);
    },
    get,
    entries,
    async list() {
      return (await lists.find({}, { sort: { region: 1, year: -1, kind: 1 } })).map(summary);
    },
    source(tz = DEFAULT_TZ) {
      return async (region, at) => {
        const year = Number(ymdInZone(at, tz).slice(0, 4));
        const [whitelist, inspectionPlan] = await Promise.all([entries('whitelist', region, year), entries('plan', region, year)]);
        return { whitelist, inspectionPlan };
      };
    },
  };
}
