import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

/** Relative modules `file` loads when it is imported: its imports and re-exports, less `import type`. */
function staticImportsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    const typeOnly =
      (ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly === true) ||
      (ts.isExportDeclaration(statement) && statement.isTypeOnly);
    const specifier =
      ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)
        ? statement.moduleSpecifier
        : undefined;
    if (!typeOnly && specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) {
      specifiers.push(resolve(dirname(file), specifier.text));
    }
  }
  return specifiers;
}

/** Every project file loaded, transitively, by a static import from `entry` (dynamic `import()` excluded). */
export function staticModuleGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const pending = [resolve(entry)];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    pending.push(...staticImportsOf(file));
  }
  return seen;
}
