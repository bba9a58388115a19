import { Schema } from 'mongoose';
import { defineModel } from './collection';

/**
 * One observation point's answer to the monitoring questionnaire (中小学教师减负监测统计表, 宁教办函〔2023〕95号
 * 附件2) for one period: `_id` = `<pointId>:<period>`, so a point has at most one answer per period in both
 * engines. The four lists are the four things the document names; a count is the length of its list (the
 * chat asks the count, then each item, and settles any disagreement before submitting).
 *
 * Liaisons answer for their school, not for themselves: `submittedBy` is their person key, kept in the clear.
 */

export const LISTED_ANSWERS = ['yes', 'no', 'unknown'] as const;
/** Whether the item was on the approved plan / the whitelist, as the liaison knows it. */
export type ListedAnswer = (typeof LISTED_ANSWERS)[number];

/** 督查检查评比考核. */
export interface InspectionAnswer {
  name: string;
  unit: string;
  /** 'YYYY-MM-DD'. */
  date: string;
  onPlan: ListedAnswer;
}

/** 社会事务进校园. */
export interface ActivityAnswer {
  name: string;
  unit: string;
  date: string;
  onWhitelist: ListedAnswer;
}

/** 报表填写、统计调研: `unit` is the unit that asked for it. */
export interface FormAnswer {
  name: string;
  unit: string;
}

/** 抽调借用: one seconded teacher, where to and since when ('YYYY-MM-DD'). No name: the table counts people. */
export interface SecondmentAnswer {
  to: string;
  since: string;
}

export interface MonthlyAnswers {
  inspections: InspectionAnswer[];
  activities: ActivityAnswer[];
  forms: FormAnswer[];
  secondments: SecondmentAnswer[];
  flexibleHours: 'yes' | 'no';
  /** Anything else the liaison wants to say; absent when nothing. */
  other?: string;
}

export interface Amendment {
  at: Date;
  /** Person key of who amended. */
  by: string;
  /** The chat draft that made it (a retried submit of the same draft is not a second amendment). */
  draftId: string;
}

export interface MonthlyAnswerRow {
  /** `<pointId>:<period>`. */
  _id: string;
  pointId: string;
  schoolId: string;
  /** 'YYYY-MM' for monthly regions; 'YYYY' where the schedule is yearly (安顺). */
  period: string;
  questionnaire: { id: string; version: number };
  answers: MonthlyAnswers;
  /** Person key (channel:userId) of the liaison who first submitted. */
  submittedBy: string;
  submittedAt: Date;
  /** The first submission came after the deadline. Amendments never change it. */
  late: boolean;
  draftId: string;
  amendments: Amendment[];
  createdAt: Date;
  updatedAt: Date;
}

/** Backstop lengths in UTF-16 units; the chat enforces the limits people see. */
const SHORT = 1000;
const LONG = 8000;
const YMD = /^\d{4}-\d{2}-\d{2}$/;
const str = { type: String, required: true, maxlength: SHORT };
const day = { type: String, required: true, match: YMD };
const listed = { type: String, required: true, enum: LISTED_ANSWERS };
const sub = (def: Record<string, unknown>) => new Schema(def, { _id: false, versionKey: false });

const answersSchema = sub({
  inspections: { type: [sub({ name: str, unit: str, date: day, onPlan: listed })], default: [] },
  activities: { type: [sub({ name: str, unit: str, date: day, onWhitelist: listed })], default: [] },
  forms: { type: [sub({ name: str, unit: str })], default: [] },
  secondments: { type: [sub({ to: str, since: day })], default: [] },
  flexibleHours: { type: String, required: true, enum: ['yes', 'no'] },
  other: { type: String, maxlength: LONG },
});

const schema = new Schema(
  {
    _id: { type: String, required: true },
    pointId: { type: String, required: true },
    schoolId: { type: String, required: true },
    period: { type: String, required: true, match: /^\d{4}(-(0[1-9]|1[0-2]))?$/ },
    questionnaire: { type: sub({ id: { type: String, required: true }, version: { type: Number, required: true, min: 1 } }), required: true },
    answers: { type: answersSchema, required: true },
    submittedBy: { type: String, required: true },
    submittedAt: { type: Date, required: true },
    late: { type: Boolean, required: true },
    draftId: { type: String, required: true },
    amendments: {
      type: [sub({ at: { type: Date, required: true }, by: { type: String, required: true }, draftId: { type: String, required: true } })],
      default: [],
    },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// The period's answers (summary, missing list, export).
schema.index({ period: 1, pointId: 1 });

export const monthlyAnswerModel = defineModel<MonthlyAnswerRow>('monthly_answers', schema);

export function monthlyAnswerId(pointId: string, period: string): string {
  return `${pointId}:${period}`;
}
