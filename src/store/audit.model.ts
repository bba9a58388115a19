import { Schema } from 'mongoose';
import { defineModel } from './collection';

/**
 * Who looked at what on the dashboard, and when: every login, view and export (GET /admin/audit reads it).
 * Officials are named (their work is accountable); a row never holds a reporter's identity, only the page
 * or table and its parameters (org code, period).
 */
export const AUDIT_ACTIONS = ['login', 'logout', 'view', 'export'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRow {
  /** Time-ordered: `<ISO time>:<random>`. */
  _id: string;
  at: Date;
  action: AuditAction;
  /** Person key of the official. */
  userKey: string;
  name: string;
  /** The scope the session is bound to. */
  orgId: string;
  /** The page or table ("overview", "cases.xlsx") and its parameters as asked. */
  target: string;
  params?: Record<string, string>;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    action: { type: String, required: true, enum: AUDIT_ACTIONS },
    userKey: { type: String, required: true },
    name: { type: String, required: true, maxlength: 200 },
    orgId: { type: String, required: true },
    target: { type: String, required: true, maxlength: 200 },
    params: { type: Schema.Types.Mixed },
  },
  { versionKey: false },
);
schema.index({ at: -1 });

export const auditModel = defineModel<AuditRow>('audit_log', schema);
