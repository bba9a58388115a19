import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/**
 * The team rule: no Chinese in src/ outside comments, except the input vocabulary in zh-vocabulary.ts.
 * Walks the TypeScript AST (comments are not part of it) and checks every literal and identifier.
 */
const ROOT = join(__dirname, '../../..');
const DIRS = ['src/core/parsers', 'src/domain/case-ids'];
const VOCABULARY = 'src/core/parsers/zh-vocabulary.ts';
const CJK = /[\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF]/u;

function codeTextsWithCjk(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateLiteralToken(node) ||
      ts.isRegularExpressionLiteral(node) ||
      ts.isIdentifier(node)
    ) {
      if (CJK.test(node.getText(source))) found.push(`${file}: ${node.getText(source)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('Chinese text stays in the vocabulary file', () => {
  const files = DIRS.flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `${dir}/${f}`),
  );

  it('finds the source files', () => {
    expect(files).toContain(VOCABULARY);
    expect(files.length).toBeGreaterThan(10);
  });

  it('has no Chinese in code outside zh-vocabulary.ts', () => {
    expect(files.filter((f) => f !== VOCABULARY).flatMap(codeTextsWithCjk)).toEqual([]);
  });

  it('the detector does see Chinese in the vocabulary (so the check above is not vacuous)', () => {
    expect(codeTextsWithCjk(VOCABULARY).length).toBeGreaterThan(100);
  });

  it('the vocabulary file says it is input vocabulary, not messages', () => {
    expect(readFileSync(join(ROOT, VOCABULARY), 'utf8')).toMatch(/INPUT VOCABULARY[\s\S]*None of it is a message shown to people/);
  });
});
