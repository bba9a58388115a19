/**
 * Survey participation per city and county within the viewer's jurisdiction, for the latest round of each
 * survey: teachers in the directory, teachers who answered, the rate, and whether it is below the floor
 * (listed for 通报 in the monthly note). Counts of people per region, never per school.
 */
import type { DataTable } from '../../core/data-table';
import type { OrgRow } from '../../store/org.model';
import type { SurveyService } from '../surveys/survey-service';

export function createParticipationTables(deps: { surveys: SurveyService; t: (id: string, vars?: Record<string, unknown>) => string }) {
  const t = deps.t;
  const pct = (r: number | null) => (r === null ? t('participation.no_teachers') : `${Math.round(r * 1000) / 10}%`);
  return {
    async tables(scope: OrgRow, now: Date): Promise<DataTable[]> {
      const out: DataTable[] = [];
      for (const s of deps.surveys.surveys) {
        if (!s.regions.includes(scope.region)) continue;
        const round = deps.surveys.latestRound(s, now);
        if (!round) continue;
        const rows = await deps.surveys.participation(round, scope);
        const state = now < round.closesAt ? t('participation.open') : t('participation.closed');
        out.push({
          id: `participation-${s.id}`,
          title: t('participation.title', { title: s.title, year: round.year, state }),
          note: t('participation.note', { document: s.document, floor: s.floor_percent }),
          columns: ['region', 'teachers', 'participants', 'rate', 'below'].map((c) => t(`participation.col_${c}`)),
          rows: rows.map((r) => [r.org.name, r.teachers, r.participants, pct(r.rate), r.below ? t('participation.below', { floor: s.floor_percent }) : '']),
          chart: rows.map((r) => ({ label: r.org.name, value: Math.round((r.rate ?? 0) * 100), max: 100, text: pct(r.rate) })),
        });
      }
      return out;
    },
  };
}
