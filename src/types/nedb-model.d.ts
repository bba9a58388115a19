/** The part of nedb's document model the embedded engine uses: MongoDB-like matching, ordering and JSON. */
declare module '@seald-io/nedb/lib/model' {
  /** JSON with Dates as { $$date: ms }; throws for a key that starts with $ or holds a dot. */
  export function serialize(doc: unknown): string;
  export function deserialize(json: string): unknown;
  export function match(doc: unknown, query: unknown): boolean;
  export function compareThings(a: unknown, b: unknown): number;
  export function getDotValue(doc: unknown, path: string): unknown;
}
