import { AppError } from '../../core/errors';

export type DraftProblem = 'required' | 'too_long' | 'invalid' | 'out_of_range' | 'unknown_media';

/**
 * AppError('validation_failed') for a report draft, naming the field and what is wrong with it, so a handler
 * can ask for that answer again. `limit` is the maximum (graphemes, items) for 'too_long'.
 */
export class DraftInvalidError extends AppError {
  constructor(
    readonly field: string,
    readonly problem: DraftProblem,
    readonly limit?: number,
  ) {
    super('validation_failed', `report draft: ${field} ${problem.replace(/_/g, ' ')}${limit !== undefined ? ` (limit ${limit})` : ''}`);
    this.name = 'DraftInvalidError';
  }
}
