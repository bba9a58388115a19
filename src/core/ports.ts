/**
 * What the dispatcher needs from the store and the coordination engine, stated in the core's own terms so
 * that the core imports nothing else of the repo. The store's repositories and the Coord engines satisfy them.
 */
import type { Destination, Inbound, Reply, SealedDestination, SealedUsersDestination, UserDestination, UsersDestination } from './message';
import type { JsonState } from './handler';

export type InboxClaim = 'claimed' | 'duplicate';

/**
 * The durable record of every delivery. A claimed message keeps its `Inbound` until it is done, under a
 * lease: when the lease runs out unfinished (the instance died, the store or Redis failed), the platform's
 * retry or the recovery sweep takes it over, so a message answered with a 200 is still never lost.
 */
export interface InboxPort {
  /** Records a delivery before it is handled. 'duplicate' when it is done or another copy holds its lease. */
  claim(key: string, inbound: Inbound, now: Date, leaseMs: number): Promise<InboxClaim>;
  /** Marks it done and forgets its contents. */
  complete(key: string, now: Date): Promise<void>;
  /** Ends the lease now, so that a retry or the recovery sweep handles it again. */
  abandon(key: string, now: Date): Promise<void>;
  /** Takes over one delivery whose lease ran out unfinished, or null. */
  takeExpired(now: Date, leaseMs: number): Promise<{ key: string; inbound: Inbound } | null>;
}

export interface StoredConversation {
  handlerId: string;
  handlerVersion: number;
  state: JsonState;
  rev: number;
  idleAt: Date;
  /** The person was told this idle draft expired (told once; "继续" resumes it until the row's TTL). */
  idleNoticeGiven?: boolean;
  /** A command for another conversation typed in the middle of this one: asked whether to leave for it. */
  interrupt?: { text: string };
  /** A draft set aside for another conversation; it comes back (paused, for "继续") when that one ends. */
  parked?: ParkedConversation;
}

export interface ParkedConversation {
  handlerId: string;
  handlerVersion: number;
  state: JsonState;
}

export interface ConversationPort {
  load(userKey: string): Promise<StoredConversation | null>;
  /** Compare-and-set on `rev` (null = no row expected). False when someone else saved in between. */
  save(userKey: string, expectedRev: number | null, next: Omit<StoredConversation, 'rev'>, now: Date): Promise<boolean>;
  /** Ends the conversation (compare-and-set on `rev`). */
  clear(userKey: string, expectedRev: number): Promise<boolean>;
}

export interface OutboundMessage {
  /** Chosen by the producer: enqueueing the same id twice queues one message. */
  id: string;
  destination: Destination;
  reply: Reply;
  /** Earliest send time (default now). */
  notBefore?: Date;
}

export interface OutboxPort {
  enqueue(messages: OutboundMessage[], now: Date): Promise<void>;
}

/**
 * Keeps people's addresses out of stored rows: the outbox seals every user destination before writing it,
 * and only the relay opens one, at the moment of sending. Keyed by REPORT_SECRET (domain/reports).
 */
export interface AddressSealer {
  /** `context` is bound to the cipher (associated data): the outbox row's id. */
  seal(d: UserDestination, context: string): SealedDestination;
  /** Throws when the cipher does not open (another secret, tampering): the row cannot be delivered. */
  open(d: SealedDestination): UserDestination;
  /** Several people sealed together (a batch row); `context` as for `seal`. */
  sealUsers(d: UsersDestination, context: string): SealedUsersDestination;
  openUsers(d: SealedUsersDestination): UsersDestination;
}

/**
 * Seals what is kept only while it is worked on (a delivery being handled, a draft) so that no stored row
 * names its person: `key` stands for a person's id in a stored key; `seal` and `open` a text bound to
 * `context` (the row's key). Keyed by REPORT_SECRET (domain/reports).
 */
export interface RecordSealer {
  key(id: string): string;
  seal(plain: string, context: string): string;
  /** Throws AppError('internal') when it does not open. */
  open(sealed: string, context: string): string;
}

export interface LockPort {
  acquireLock(key: string, ttlMs: number): Promise<string | null>;
  releaseLock(key: string, token: string): Promise<boolean>;
}

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Counters and timings, kept free of any metrics library. */
export interface Metrics {
  inc(name: string, labels?: Record<string, string>): void;
  observe(name: string, seconds: number, labels?: Record<string, string>): void;
}
