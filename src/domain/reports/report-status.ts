import type { ActorKind, ReportStatus } from '../../store/report.model';

/**
 * The life of a case. Officials (and the system, e.g. automatic routing) move it; the reporter can only
 * reopen a closed case. `routed` and `claimed` may repeat (re-routing to another bureau, another official
 * taking the case over).
 *
 *   submitted ─► routed ─► claimed ─► resolved ─► reopened ─► (routed | claimed | resolved | rejected)
 *        └──────────┴─────────┴─────► rejected ─┘
 */
export const STATUS_TRANSITIONS: Readonly<Record<ReportStatus, readonly ReportStatus[]>> = {
  submitted: ['routed', 'claimed', 'resolved', 'rejected'],
  routed: ['routed', 'claimed', 'resolved', 'rejected'],
  claimed: ['routed', 'claimed', 'resolved', 'rejected'],
  resolved: ['reopened'],
  rejected: ['reopened'],
  reopened: ['routed', 'claimed', 'resolved', 'rejected'],
};

/** null when `actor` may move a case from `from` to `to`, else the reason (for AppError('conflict')). */
export function canChangeStatus(from: ReportStatus, to: ReportStatus, actor: ActorKind): string | null {
  if (!STATUS_TRANSITIONS[from]?.includes(to)) return `cannot go from ${from} to ${to}`;
  if (actor === 'reporter' && to !== 'reopened') return 'a reporter can only reopen a case';
  return null;
}
