import { Schema } from 'mongoose';
import { defineModel } from './collection';

/**
 * One teacher's answer to one round of a survey (宁教办函〔2023〕95号 二、开展问卷调查): `_id` =
 * `<surveyId>:<round>:<respondentHash>`, so a teacher counts once per round in both engines.
 *
 * PRIVACY. No account id: `respondentHash` is an HMAC under the report secret with a label of its own (it
 * never equals a report's reporterHash, so a response cannot be tied to a case). The school and its path are
 * kept for counting participation per region; answers are choice codes. Nothing here is shown per school.
 */
export interface SurveyResponseRow {
  _id: string;
  surveyId: string;
  /** The year of the round. */
  round: number;
  respondentHash: string;
  /** The teacher's org (a school) and its path, top first, when they answered. */
  orgId: string;
  path: string[];
  /** Question id -> the chosen choice's index (0-based). */
  answers: Record<string, number>;
  submittedAt: Date;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    surveyId: { type: String, required: true },
    round: { type: Number, required: true, min: 2000, max: 2100 },
    respondentHash: { type: String, required: true, match: /^[0-9a-f]{64}$/ },
    orgId: { type: String, required: true },
    path: { type: [String], required: true },
    answers: { type: Schema.Types.Mixed, required: true },
    submittedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
schema.index({ surveyId: 1, round: 1 });

export const surveyResponseModel = defineModel<SurveyResponseRow>('survey_responses', schema);
