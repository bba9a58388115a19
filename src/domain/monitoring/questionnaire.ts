/**
 * The monitoring questionnaire as versioned data (templates/questionnaires/<id>-v<version>.yaml): which
 * sections are asked in which order, each item's fields, and the template ids of every label and prompt.
 *
 * The data decides order, wording and limits; the SHAPE (section keys, field keys and their types) is fixed
 * by the stored answer (monthly-answer.model.ts), and checked here at load, so that a questionnaire edited
 * by hand cannot produce answers the store would refuse at the end of a long chat.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from '../../core/errors';

export const LIST_KEYS = ['inspections', 'activities', 'forms', 'secondments'] as const;
export type ListKey = (typeof LIST_KEYS)[number];
export const SCALAR_KEYS = ['flexibleHours', 'other'] as const;
export type ScalarKey = (typeof SCALAR_KEYS)[number];

export type ItemFieldType = 'text' | 'date' | 'yes_no';

/** The stored answer's shape: every list's fields with their types, every scalar with its kind. */
export const ANSWER_SHAPE: { lists: Record<ListKey, Record<string, ItemFieldType>>; scalars: Record<ScalarKey, 'yes_no' | 'text'> } = {
  lists: {
    inspections: { name: 'text', unit: 'text', date: 'date', onPlan: 'yes_no' },
    activities: { name: 'text', unit: 'text', date: 'date', onWhitelist: 'yes_no' },
    forms: { name: 'text', unit: 'text' },
    secondments: { to: 'text', since: 'date' },
  },
  scalars: { flexibleHours: 'yes_no', other: 'text' },
};

const templateId = z.string().regex(/^[a-z_]+\.[a-z0-9_]+$/, 'must be a template id "<file>.<key>"');

const fieldSchema = z
  .object({
    key: z.string().min(1),
    type: z.enum(['text', 'date', 'yes_no']),
    max_chars: z.number().int().min(1).max(2000).optional(),
    allow_unknown: z.boolean().optional(),
    label: templateId,
    prompt: templateId,
    help: templateId.optional(),
  })
  .strict();

const sectionSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('list'),
      key: z.enum(LIST_KEYS),
      label: templateId,
      ask_count: templateId,
      shown_count: templateId,
      item: templateId,
      help: templateId.optional(),
      fields: z.array(fieldSchema).min(1),
    })
    .strict(),
  z.object({ kind: z.literal('yes_no'), key: z.enum(SCALAR_KEYS), label: templateId, prompt: templateId, help: templateId.optional() }).strict(),
  z
    .object({
      kind: z.literal('text'),
      key: z.enum(SCALAR_KEYS),
      label: templateId,
      prompt: templateId,
      help: templateId.optional(),
      optional: z.boolean().optional(),
      max_chars: z.number().int().min(1).max(2000).optional(),
    })
    .strict(),
]);

const questionnaireSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    version: z.number().int().min(1),
    document: z.string().min(1),
    title: z.string().min(1),
    sections: z.array(sectionSchema).min(1),
  })
  .strict();

export interface ItemField {
  key: string;
  type: ItemFieldType;
  maxChars: number;
  allowUnknown: boolean;
  label: string;
  prompt: string;
  help?: string;
}

export interface ListSection {
  kind: 'list';
  key: ListKey;
  label: string;
  askCount: string;
  /** Template of the count in the summary ("{{n}} 次"). */
  shownCount: string;
  /** Template naming item n ("第{{n}}次督查检查"). */
  item: string;
  help?: string;
  fields: ItemField[];
}

export interface ScalarSection {
  kind: 'yes_no' | 'text';
  key: ScalarKey;
  label: string;
  prompt: string;
  help?: string;
  optional: boolean;
  maxChars: number;
}

export type Section = ListSection | ScalarSection;

export interface Questionnaire {
  id: string;
  version: number;
  document: string;
  title: string;
  sections: Section[];
}

const DEFAULT_MAX_CHARS = 100;

export function parseQuestionnaire(yamlText: string, source: string): Questionnaire {
  const fail = (msg: string): never => {
    throw new AppError('config_invalid', `questionnaire ${source}: ${msg}`);
  };
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (e) {
    return fail(`invalid YAML: ${(e as Error).message}`);
  }
  const parsed = questionnaireSchema.safeParse(raw);
  if (!parsed.success) return fail(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  const q = parsed.data;
  const sections: Section[] = q.sections.map((s) => {
    if (s.kind === 'list') {
      const shape = ANSWER_SHAPE.lists[s.key];
      const keys = s.fields.map((f) => f.key);
      if (keys.length !== Object.keys(shape).length || Object.keys(shape).some((k) => !keys.includes(k))) {
        fail(`sections.${s.key}: fields must be exactly ${Object.keys(shape).join(', ')} (the stored answer's shape)`);
      }
      for (const f of s.fields) if (shape[f.key] !== f.type) fail(`sections.${s.key}.${f.key}: type must be ${shape[f.key]}`);
      const fields = s.fields.map((f) => ({
        key: f.key,
        type: f.type,
        maxChars: f.max_chars ?? DEFAULT_MAX_CHARS,
        allowUnknown: f.allow_unknown === true,
        label: f.label,
        prompt: f.prompt,
        ...(f.help ? { help: f.help } : {}),
      }));
      return { kind: 'list', key: s.key, label: s.label, askCount: s.ask_count, shownCount: s.shown_count, item: s.item, ...(s.help ? { help: s.help } : {}), fields };
    }
    if (ANSWER_SHAPE.scalars[s.key] !== s.kind) fail(`sections.${s.key}: kind must be ${ANSWER_SHAPE.scalars[s.key]}`);
    const optional = s.kind === 'text' && s.optional === true;
    const maxChars = s.kind === 'text' ? (s.max_chars ?? 500) : DEFAULT_MAX_CHARS;
    return { kind: s.kind, key: s.key, label: s.label, prompt: s.prompt, ...(s.help ? { help: s.help } : {}), optional, maxChars };
  });
  const keys = sections.map((s) => s.key);
  const expected = [...LIST_KEYS, ...SCALAR_KEYS];
  if (new Set(keys).size !== keys.length || keys.length !== expected.length) fail(`sections must be ${expected.join(', ')}, each once`);
  return { id: q.id, version: q.version, document: q.document, title: q.title, sections };
}

export function loadQuestionnaire(file: string): Questionnaire {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new AppError('config_invalid', `questionnaire ${file}: ${(e as Error).message}`);
  }
  return parseQuestionnaire(text, file);
}

/** Every template id the questionnaire names (a test checks they all exist). */
export function questionnaireTemplateIds(q: Questionnaire): string[] {
  return q.sections.flatMap((s) =>
    s.kind === 'list'
      ? [s.label, s.askCount, s.shownCount, s.item, ...(s.help ? [s.help] : []), ...s.fields.flatMap((f) => [f.label, f.prompt, ...(f.help ? [f.help] : [])])]
      : [s.label, s.prompt, ...(s.help ? [s.help] : [])],
  );
}
