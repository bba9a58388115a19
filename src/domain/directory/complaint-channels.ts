/**
 * The complaint hotline and mailbox a person is told about (帮助): those of the nearest bureau at or above their
 * org that publishes any (新教领秘〔2024〕2号: each county sets up a hotline and a mailbox; a school has none of
 * its own). Null when nobody above publishes one.
 */
import type { DirectoryRepo } from './directory-repo';

export interface ComplaintChannels {
  /** The bureau's name, as people read it. */
  bureau: string;
  hotline?: string;
  mailbox?: string;
}

export async function complaintChannels(directory: Pick<DirectoryRepo, 'getOrg' | 'ancestors'>, orgId: string): Promise<ComplaintChannels | null> {
  const org = await directory.getOrg(orgId);
  if (!org) return null;
  const chain = [org, ...[...(await directory.ancestors(orgId))].reverse()];
  const found = chain.find((o) => o.active && (o.contact?.hotline || o.contact?.mailbox));
  if (!found) return null;
  const { hotline, mailbox } = found.contact!;
  return { bureau: found.bureauName || found.name, ...(hotline ? { hotline } : {}), ...(mailbox ? { mailbox } : {}) };
}
