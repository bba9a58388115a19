import { createHash } from 'node:crypto';
import { destinationKey, type RobotDestination } from '../../core/message';

/**
 * A name for a robot that is safe to log and to put in outbox ids (the relay logs ids): a hash of its
 * destination key, since the robot key itself is a secret.
 */
export function robotId(d: RobotDestination): string {
  return createHash('sha256').update(destinationKey(d)).digest('hex').slice(0, 24);
}
