import { Schema } from 'mongoose';
import { defineModel } from './collection';

/**
 * The alert messages a group robot was given in the last minute (`_id` = robotId, see robot-id.ts): what
 * the alert poster counts against the robot's limit before it decides to send alerts alone or fold them.
 * The relay enforces the platform limit on its own (Coord.rateTake); this row is what lets the poster see
 * that limit coming, in the store, shared by every instance.
 */
export interface RobotWindowRow {
  _id: string;
  /** When each recent message was queued, oldest first; older than the window are dropped on write. */
  sends: Date[];
  updatedAt: Date;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    sends: { type: [Date], default: [] },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const robotWindowModel = defineModel<RobotWindowRow>('robot_windows', schema);
