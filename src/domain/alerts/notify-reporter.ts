import type { ChangeStatusResult } from '../reports';
import type { AlertContext } from './alert-context';

/**
 * Tells the reporter about a change through the outbox (ChangeStatusResult.notify, decrypted by the report
 * service for anonymous reports too). One message per history entry: the id is the case and the history's
 * length, so a repeated call queues nothing new. The text names offices only, never the official.
 */
export async function notifyReporter(ctx: AlertContext, result: ChangeStatusResult, text: string): Promise<void> {
  if (!result.notify) return;
  const { caseNumber, history } = result.report;
  await ctx.outbox.enqueue([{ id: `case:${caseNumber}:h${history.length}`, destination: result.notify, reply: { kind: 'text', text } }], ctx.now());
}
