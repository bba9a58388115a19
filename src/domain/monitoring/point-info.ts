/**
 * An observation point as the monitoring needs it: its school, county and city (the city bureau is who is
 * told about missing answers, per 宁教办函〔2023〕95号: each city chose its two points), and its liaison or
 * why it has none. A point without a reachable liaison is described, never dropped.
 */
import type { PersonRow } from '../../store/person.model';
import type { PointRow } from '../../store/point.model';
import type { DirectoryRepo, MissingLiaisonReason } from '../directory/directory-repo';

export interface PointInfo {
  point: PointRow;
  schoolName: string;
  kind: string;
  countyName?: string;
  /** The nearest city above the school; for a school directly under the province, the province. */
  city: { id: string; name: string };
  liaison: PersonRow | null;
  /** Set exactly when `liaison` is null. */
  missingReason?: MissingLiaisonReason;
}

export async function describePoints(directory: DirectoryRepo, points: readonly PointRow[]): Promise<PointInfo[]> {
  const without = new Map((await directory.pointsWithoutLiaison()).map((w) => [w.point._id, w.reason] as const));
  const out: PointInfo[] = [];
  for (const point of points) {
    const school = await directory.getOrg(point.schoolId);
    const above = await directory.ancestors(point.schoolId);
    const county = [...above].reverse().find((o) => o.level === 'county');
    const city = [...above].reverse().find((o) => o.level === 'city') ?? above[0] ?? school;
    const liaison = await directory.liaisonOf(point._id);
    out.push({
      point,
      schoolName: school?.name ?? point.schoolId,
      kind: point.kind,
      ...(county ? { countyName: county.name } : {}),
      city: city ? { id: city._id, name: city.name } : { id: point.schoolId, name: point.schoolId },
      liaison,
      ...(liaison ? {} : { missingReason: without.get(point._id) ?? (point.liaisonUserKey ? 'unknown_person' : 'none') }),
    });
  }
  return out;
}

/** Points grouped by city, cities in the order first met (points come sorted by id). */
export function byCity(infos: readonly PointInfo[]): Array<{ city: PointInfo['city']; points: PointInfo[] }> {
  const groups = new Map<string, { city: PointInfo['city']; points: PointInfo[] }>();
  for (const info of infos) {
    const g = groups.get(info.city.id) ?? { city: info.city, points: [] };
    g.points.push(info);
    groups.set(info.city.id, g);
  }
  return [...groups.values()];
}
