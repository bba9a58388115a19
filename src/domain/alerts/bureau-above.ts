/**
 * The nearest bureau above an org that the case does not accuse: where a case goes up (routing past an
 * accused bureau, escalation, a reopened case). Null when there is none.
 */
import type { OrgRow } from '../../store/org.model';
import type { DirectoryRepo } from '../directory/directory-repo';

export async function bureauAbove(directory: Pick<DirectoryRepo, 'parentBureau'>, orgId: string, recused: readonly string[]): Promise<OrgRow | null> {
  for (let b = await directory.parentBureau(orgId); b; b = await directory.parentBureau(b._id)) {
    if (!recused.includes(b._id)) return b;
  }
  return null;
}
