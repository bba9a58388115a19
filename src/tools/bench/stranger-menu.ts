import { join } from 'node:path';
import { loadTemplates } from '../../core/templates';
import { projectRoot } from '../../project-root';

/** The menu a person the directory does not know gets for 帮助: the full app's answer to the bench's messages. */
export function strangerMenu(): string {
  return loadTemplates(join(projectRoot(), 'templates', 'messages')).render('help.menu', { liaison: false, official: false, channels: null });
}
