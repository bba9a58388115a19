import { Schema } from 'mongoose';
import { defineModel } from './collection';

export const POINT_LEVELS = ['region', 'city', 'county'] as const;
/** Who set the point up: 'region' = 自治区级 (the provincial level), then city and county. */
export type PointLevel = (typeof POINT_LEVELS)[number];

/**
 * An observation point (观测点): a school that reports the monthly monitoring table through its liaison, for one
 * school year. `_id` is given by the directory file or derived as `<schoolId>:<schoolYear>:<level>` (URL-safe, like person keys).
 */
export interface PointRow {
  _id: string;
  /** An org of level 'school'. */
  schoolId: string;
  /** The kind of school as the designating document names it (市直属高中, 乡村小学...). */
  kind: string;
  /** channel + ":" + userId of a person with the liaison role; absent when none is named yet. */
  liaisonUserKey?: string;
  /** "2026-2027". */
  schoolYear: string;
  level: PointLevel;
  active: boolean;
  updatedAt: Date;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    schoolId: { type: String, required: true },
    kind: { type: String, required: true },
    liaisonUserKey: { type: String },
    schoolYear: { type: String, required: true, match: /^\d{4}-\d{4}$/ },
    level: { type: String, required: true, enum: POINT_LEVELS },
    active: { type: Boolean, required: true, default: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
schema.index({ schoolId: 1 });
schema.index({ liaisonUserKey: 1 });
schema.index({ active: 1, schoolYear: 1 });

export const pointModel = defineModel<PointRow>('points', schema);
