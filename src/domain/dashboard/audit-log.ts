/**
 * The dashboard's audit log: every login, view and export, with who, what and when (GET /admin/audit).
 * Ids sort by time; parameters are kept as asked, cut to a sane length.
 */
import { randomBytes } from 'node:crypto';
import type { StoreEngine } from '../../store/collection';
import { auditModel, type AuditAction, type AuditRow } from '../../store/audit.model';
import type { Viewer } from './dashboard-login';

export interface AuditLog {
  record(viewer: Viewer, action: AuditAction, target: string, params?: Record<string, string>): Promise<void>;
  /** Newest first, optionally from a time on. */
  list(opts: { since?: Date; limit: number }): Promise<AuditRow[]>;
}

const clip = (s: string) => s.slice(0, 100);

export function createAuditLog(deps: { store: StoreEngine; now: () => Date }): AuditLog {
  const rows = deps.store.collection(auditModel);
  return {
    async record(viewer, action, target, params) {
      const at = deps.now();
      const kept = params && Object.keys(params).length > 0 ? Object.fromEntries(Object.entries(params).slice(0, 10).map(([k, v]) => [clip(k), clip(v)])) : undefined;
      await rows.insertOne({
        _id: `${at.toISOString()}:${randomBytes(6).toString('hex')}`,
        at,
        action,
        userKey: viewer.userKey,
        name: viewer.name,
        orgId: viewer.org._id,
        target: clip(target),
        ...(kept ? { params: kept } : {}),
      });
    },
    list: ({ since, limit }) => rows.find(since ? { at: { $gte: since } } : {}, { sort: { _id: -1 }, limit }),
  };
}
