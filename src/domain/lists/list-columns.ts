/** The header words of list imports (templates/lists/columns.yaml), validated at start. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { LIST_ENTRY_FIELDS, type ListEntryField, type ListKind } from '../../store/activity-list.model';

export type ListColumns = Record<ListKind, { name: string[] } & Partial<Record<Exclude<ListEntryField, 'name'> | 'ignore', string[]>>>;

const words = z.array(z.string().trim().min(1)).min(1);
const kindSchema = z
  .object({ name: words, ignore: words.optional(), ...Object.fromEntries(LIST_ENTRY_FIELDS.filter((f) => f !== 'name').map((f) => [f, words.optional()])) })
  .strict();
const fileSchema = z.object({ whitelist: kindSchema, plan: kindSchema }).strict();

/** Header words compared without spaces, asterisks and what is in brackets ("活动主要内容（100字以内）"). */
export function headerKey(text: string): string {
  return text.replace(/[（(【[][^）)】\]]*[）)】\]]/g, '').replace(/[\s*＊:：]/g, '');
}

export function parseListColumns(yamlText: string, source: string): ListColumns {
  const r = fileSchema.safeParse(parse(yamlText));
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new AppError('config_invalid', `${source}: ${i.path.join('.') || '(top)'}: ${i.message}`);
  }
  const columns = r.data as ListColumns;
  for (const [kind, fields] of Object.entries(columns)) {
    const owner = new Map<string, string>();
    for (const [field, list] of Object.entries(fields)) {
      for (const w of list as string[]) {
        const key = headerKey(w);
        const other = owner.get(key);
        if (other !== undefined && other !== field) throw new AppError('config_invalid', `${source}: ${kind}: "${w}" is a heading of both ${other} and ${field}`);
        owner.set(key, field);
      }
    }
  }
  return columns;
}

export function loadListColumns(file: string): ListColumns {
  return parseListColumns(readFileSync(file, 'utf8'), file);
}
