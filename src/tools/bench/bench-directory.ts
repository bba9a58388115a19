/**
 * A fictitious directory at a region's scale for the bench: a province, `cities` cities of 10 counties, each
 * county with its share of `points` schools; every school a monitoring point with its own liaison. Written as
 * the YAML directory file the app loads at start.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

const COUNTIES_PER_CITY = 10;

export interface BenchDirectory {
  path: string;
  liaisons: string[];
  cities: string[];
}

export function writeBenchDirectory(dir: string, points: number, cities = 10): BenchDirectory {
  const perCounty = Math.ceil(points / (cities * COUNTIES_PER_CITY));
  const liaisons: string[] = [];
  const cityCodes: string[] = [];
  const pointRows: Array<{ school: string; level: string; liaison: string }> = [];
  const cityNodes = Array.from({ length: cities }, (_, c) => {
    const code = `B-C${c}`;
    cityCodes.push(code);
    return {
      code,
      name: `Bench City ${c}`,
      bureau_name: `Bench City ${c} Education Bureau`,
      people: [{ user_id: `bench-official-c${c}`, name: `City Official ${c}`, roles: ['official'] }],
      counties: Array.from({ length: COUNTIES_PER_CITY }, (_, k) => ({
        code: `${code}-K${k}`,
        name: `Bench County ${c}-${k}`,
        bureau_name: `Bench County ${c}-${k} Education Bureau`,
        schools: Array.from({ length: perCounty }, (_, s) => {
          const school = `${code}-K${k}-S${s}`;
          if (liaisons.length >= points) return undefined;
          const liaison = `bench-liaison-${liaisons.length}`;
          liaisons.push(liaison);
          pointRows.push({ school, level: 'region', liaison });
          return { code: school, name: `Bench School ${c}-${k}-${s}`, school_kind: 'town middle', people: [{ user_id: liaison, name: `Liaison ${liaisons.length}`, roles: ['liaison'] }] };
        }).filter((s) => s !== undefined),
      })),
    };
  });
  const file = {
    version: 1,
    school_year: '2026-2027',
    orgs: [{ code: 'B', name: 'Bench Province', bureau_name: 'Bench Province Education Department', region: 'BP', cities: cityNodes }],
    people: [{ user_id: 'bench-admin', name: 'Admin', roles: ['admin'], org: 'B' }],
    points: pointRows,
  };
  const path = join(dir, 'bench-directory.yaml');
  writeFileSync(path, stringify(file));
  return { path, liaisons, cities: cityCodes };
}
