/**
 * Command words people type ("帮助", "取消", ...) are data in templates/commands.yaml, so a bureau can add
 * the words its teachers use. Matching ignores case, width (full-width letters) and surrounding spaces.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { AppError } from './errors';

export interface Commands {
  /** The command id whose word the whole text is, or undefined. */
  match(text: string): string | undefined;
  /**
   * A command word followed by an argument ("改 3", "查询 NX-2026-000123"): the longest word that starts the
   * text, and the rest, trimmed. Only ids in `among` are considered.
   */
  matchWithArgument(text: string, among: readonly string[]): { id: string; arg: string } | undefined;
  words(id: string): readonly string[];
}

export function normalizeCommandText(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u200b-\u200d\ufeff]+/g, '').replace(/[。.!！?？~～]+$/u, '').toLowerCase();
}

export function commandsFromMap(map: Record<string, string[]>): Commands {
  const byWord = new Map<string, string>();
  for (const [id, words] of Object.entries(map)) {
    for (const w of words) {
      const key = normalizeCommandText(w);
      const other = byWord.get(key);
      if (other !== undefined && other !== id) {
        throw new AppError('config_invalid', `commands: "${w}" is a word of both ${other} and ${id}`);
      }
      byWord.set(key, id);
    }
  }
  return {
    match: (text) => byWord.get(normalizeCommandText(text)),
    matchWithArgument(text, among) {
      const t = text.normalize('NFKC').trim();
      const lower = t.toLowerCase();
      let best: { id: string; arg: string; len: number } | undefined;
      for (const id of among) {
        for (const w of map[id] ?? []) {
          const word = w.normalize('NFKC').toLowerCase();
          if (lower.startsWith(word) && (!best || word.length > best.len)) {
            best = { id, arg: t.slice(word.length).trim(), len: word.length };
          }
        }
      }
      return best && { id: best.id, arg: best.arg };
    },
    words: (id) => map[id] ?? [],
  };
}

export function loadCommands(file: string): Commands {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('config_invalid', `${file}: ${(e as Error).message}`);
  }
  const map: Record<string, string[]> = {};
  if (doc === null || typeof doc !== 'object') throw new AppError('config_invalid', `${file}: expected a map`);
  for (const [id, words] of Object.entries(doc as Record<string, unknown>)) {
    if (!Array.isArray(words) || !words.every((w) => typeof w === 'string' && w.trim() !== '')) {
      throw new AppError('config_invalid', `${file}: "${id}" must be a list of words`);
    }
    map[id] = words as string[];
  }
  return commandsFromMap(map);
}
