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
  /** The command a menu number typed on its own stands for ("1" → report), when nothing is under way. */
  menuChoice(text: string): string | undefined;
}

export function normalizeCommandText(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u200b-\u200d\ufeff]+/g, '').replace(/[。.!！?？~～]+$/u, '').toLowerCase();
}

export function commandsFromMap(map: Record<string, string[]>, menu: readonly string[] = []): Commands {
  for (const id of menu) if (!map[id]) throw new AppError('config_invalid', `menu: "${id}" is not a command`);
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
    menuChoice(text) {
      const n = /^\d{1,2}$/.exec(normalizeCommandText(text)) ? Number(normalizeCommandText(text)) : NaN;
      return menu[n - 1];
    },
  };
}

function readYaml(file: string): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('config_invalid', `${file}: ${(e as Error).message}`);
  }
}

/** `menuFile`: the command ids of the menu's numbered items, in order (templates/menu.yaml). */
export function loadCommands(file: string, menuFile?: string): Commands {
  const doc = readYaml(file);
  const map: Record<string, string[]> = {};
  if (doc === null || typeof doc !== 'object') throw new AppError('config_invalid', `${file}: expected a map`);
  for (const [id, words] of Object.entries(doc as Record<string, unknown>)) {
    if (!Array.isArray(words) || !words.every((w) => typeof w === 'string' && w.trim() !== '')) {
      throw new AppError('config_invalid', `${file}: "${id}" must be a list of words`);
    }
    map[id] = words as string[];
  }
  const menu = menuFile ? readYaml(menuFile) : [];
  if (!Array.isArray(menu) || !menu.every((id) => typeof id === 'string')) {
    throw new AppError('config_invalid', `${menuFile}: expected a list of command ids`);
  }
  return commandsFromMap(map, menu as string[]);
}
