import { Schema } from 'mongoose';
import { defineModel } from './collection';

/**
 * The dashboard's passwordless login (an official sends 后台 in chat). Both kinds of row are keyed by the
 * SHA-256 of their secret (`_id`), so a copy of the store opens nothing:
 * - 'link': a one-time link, valid 10 minutes; `usedAt` is set by the one atomic update that redeems it.
 * - 'session': what the HttpOnly cookie names, valid 8 hours; bound to the official and their org (the scope).
 * Rows go at `expiresAt` (TTL); every read also compares `expiresAt` with the injected clock.
 */
export const LOGIN_KINDS = ['link', 'session'] as const;
export type LoginKind = (typeof LOGIN_KINDS)[number];

export interface DashboardLoginRow {
  /** Hex SHA-256 of the secret in the link or the cookie. */
  _id: string;
  kind: LoginKind;
  /** Person key (channel:userId) of the official. */
  userKey: string;
  /** The official's org when the row was made: the scope of everything the session shows. */
  orgId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt?: Date;
}

const schema = new Schema(
  {
    _id: { type: String, required: true, match: /^[0-9a-f]{64}$/ },
    kind: { type: String, required: true, enum: LOGIN_KINDS },
    userKey: { type: String, required: true },
    orgId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date },
  },
  { versionKey: false },
);
schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const dashboardLoginModel = defineModel<DashboardLoginRow>('dashboard_logins', schema);
