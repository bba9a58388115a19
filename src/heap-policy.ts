/**
 * How far V8 lets the heap grow past what a full collection left alive before it collects again: 1.3 times,
 * not its default of up to 4 times. The server's live heap is small and steady (about 55 MB), so under load
 * the default lets garbage pile up to well over 100 MB before a full collection; at 1.3 times the peak stays
 * near the live size and the rate is the same (`npm run bench`, memory). Imported first by main.ts, so the
 * policy holds from the first full collection; it reads only a heap limit, nothing a running VM depends on.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 30;

setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
