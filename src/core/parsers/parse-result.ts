import type { HintKey } from './hint-key';

/**
 * The shape every answer parser returns: a value, or a hint key for a polite re-ask.
 * `Extra` lets a failure carry the numbers a template needs (for example `count` and `max` for 'too_long'),
 * typed per hint so callers do not have to guess which fields exist.
 */
export interface ParseOk<T> {
  readonly ok: true;
  readonly value: T;
}

export type ParseFailure<H extends HintKey = HintKey, Extra extends object = object> = {
  readonly ok: false;
  readonly hint: H;
} & Readonly<Extra>;

export type ParseResult<T, H extends HintKey = HintKey> = ParseOk<T> | ParseFailure<H>;

export function ok<T>(value: T): ParseOk<T> {
  return { ok: true, value };
}

export function fail<H extends HintKey>(hint: H): ParseFailure<H> {
  return { ok: false, hint };
}
