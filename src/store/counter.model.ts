import { Schema } from 'mongoose';
import { defineModel } from './collection';

/**
 * A named sequence (`_id` = its name, e.g. `case:NX:2026`), advanced with
 * `findOneAndUpdate({ _id }, { $inc: { value: 1 } }, { upsert: true })`, which returns the new value:
 * - MongoDB: a single-document update is atomic, and two upserts racing to create the same `_id` cannot both
 *   insert (the `_id` index is unique; since 4.2 the server retries such an upsert as an update, and the caller
 *   retries once on duplicate_key for older servers);
 * - embedded engine: every operation of a collection runs under one mutex (read, $inc, write), so 50 concurrent
 *   calls get 1..50 (tested in test/domain/reports/counter.test.ts).
 */
export interface CounterRow {
  _id: string;
  value: number;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    value: { type: Number, required: true, min: 0 },
  },
  { versionKey: false },
);

export const counterModel = defineModel<CounterRow>('counters', schema);
