/**
 * The month's monitoring (宁教办函〔2023〕95号 附件2) per city, within the viewer's jurisdiction: the points
 * that answer the period, how many answered on time, late, or not at all. Points are schools named by the
 * bureaus, and their answers are not anonymous: no masking here.
 */
import type { DataTable } from '../../core/data-table';
import type { OrgRow } from '../../store/org.model';
import type { DirectoryRepo } from '../directory/directory-repo';
import type { MonitoringService } from '../monitoring/monitoring-service';
import { summarise } from '../monitoring/monthly-summary';

export interface MonitoringTableDeps {
  monitoring: Pick<MonitoringService, 'calendar' | 'questionnaire' | 'pointsFor' | 'answersOf'>;
  directory: Pick<DirectoryRepo, 'orgsWithin'>;
  t: (id: string, vars?: Record<string, unknown>) => string;
}

export function createMonitoringTable(deps: MonitoringTableDeps) {
  return {
    async table(scope: OrgRow, period: string): Promise<DataTable> {
      const inScope = new Set((await deps.directory.orgsWithin(scope._id)).map((o) => o._id));
      const [points, answers] = await Promise.all([deps.monitoring.pointsFor(period), deps.monitoring.answersOf(period)]);
      const mine = points.filter((p) => inScope.has(p.point.schoolId));
      const ids = new Set(mine.map((p) => p.point._id));
      const s = summarise({
        period,
        deadline: deps.monitoring.calendar.deadlineYmd(period),
        questionnaire: deps.monitoring.questionnaire,
        points: mine,
        answers: answers.filter((a) => ids.has(a.pointId)),
      });
      const t = deps.t;
      return {
        id: 'monitoring',
        title: t('dashboard.monitoring_title', { period, deadline: s.deadline }),
        note: t('dashboard.monitoring_note'),
        columns: ['city', 'points', 'submitted', 'late', 'missing'].map((c) => t(`dashboard.col_${c}`)),
        rows: [
          ...s.cities.map((c) => [c.cityName, c.points, c.submitted, c.late, c.missing]),
          ...(s.cities.length > 0 ? [[t('dashboard.row_all'), s.overall.points, s.overall.submitted, s.overall.late, s.overall.missing]] : []),
        ],
        chart: s.cities.map((c) => ({ label: c.cityName, value: c.submitted, max: c.points, text: t('dashboard.submitted_of', { submitted: c.submitted, points: c.points }) })),
      };
    },
  };
}
