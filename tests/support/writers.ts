import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { ROOT } from "./paths";

// THE WRITER RULE, read off the source with the TypeScript compiler: an exported function of a
// domain `*.server.ts` module that takes `ctx` first and writes (opens `inTransaction(` or calls
// `.insert(` / `.update(` / `.delete(`) must begin with `requirePermission(ctx, "<name>")`.
// Helpers that take a `tx` join their caller's transaction and are checked through the caller.

export type Writer = {
  /** Path from the repository root, e.g. app/domain/sales/void-sale.server.ts */
  file: string;
  name: string;
  /** The name passed to requirePermission as the first statement, or null when it is not there. */
  permission: string | null;
  firstStatement: string;
  /** The names of the parameters after the context that have no default (what a caller must pass). */
  params: string[];
};

const WRITES = /\binTransaction\(|\.(insert|update|delete)\(/;

/**
 * The name of the first parameter when it is an organisation context: named `ctx`, or typed
 * `Ctx` / `PersonCtx` under another name (`storeCtx: Ctx`). A `UserCtx` is a person acting on
 * their own account, with no organisation: see `accountVerbsIn`.
 */
function contextParameter(fn: ts.SignatureDeclarationBase, sf: ts.SourceFile): string | null {
  const first = fn.parameters[0];
  if (!first || !ts.isIdentifier(first.name)) return null;
  const type = first.type?.getText(sf) ?? "";
  if (/\bUserCtx\b/.test(type)) return null;
  return first.name.text === "ctx" || /^(Person)?Ctx$/.test(type) ? first.name.text : null;
}

function takesUserCtx(fn: ts.SignatureDeclarationBase, sf: ts.SourceFile): boolean {
  const type = fn.parameters[0]?.type?.getText(sf) ?? "";
  return /^UserCtx\b/.test(type);
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** `requirePermission(<ctx>, "name")` as an expression statement, or null. */
function permissionOf(statement: ts.Statement | undefined, ctxName: string): string | null {
  if (!statement || !ts.isExpressionStatement(statement)) return null;
  const call = statement.expression;
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression)) return null;
  if (call.expression.text !== "requirePermission" || call.arguments.length !== 2) return null;
  const [ctx, name] = call.arguments;
  if (!ts.isIdentifier(ctx) || ctx.text !== ctxName) return null;
  return ts.isStringLiteral(name) ? name.text : null;
}

type Found = { name: string; fn: ts.FunctionLikeDeclaration };

function exportedFunctions(sf: ts.SourceFile): Found[] {
  const found: Found[] = [];
  for (const statement of sf.statements) {
    if (!isExported(statement)) continue;
    if (ts.isFunctionDeclaration(statement) && statement.name) found.push({ name: statement.name.text, fn: statement });
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        const init = d.initializer;
        if (ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
          found.push({ name: d.name.text, fn: init });
        }
      }
    }
  }
  return found;
}

const parse = (file: string, source: string) =>
  ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);

/** The exported writers of one module's source. */
export function writersIn(file: string, source: string): Writer[] {
  const sf = parse(file, source);
  return exportedFunctions(sf).flatMap(({ name, fn }) => {
    const ctxName = contextParameter(fn, sf);
    if (ctxName === null || !fn.body || !WRITES.test(fn.body.getText(sf))) return [];
    const first = ts.isBlock(fn.body) ? fn.body.statements[0] : undefined;
    const params = fn.parameters
      .slice(1)
      .filter((p) => !p.initializer && !p.questionToken)
      .map((p) => (ts.isIdentifier(p.name) ? p.name.text : "input"));
    const firstStatement = (first ?? fn.body).getText(sf).split("\n")[0];
    return [{ file, name, permission: permissionOf(first, ctxName), firstStatement, params }];
  });
}

/**
 * Exported functions that write with a `UserCtx`: a person acting on their own account (open a
 * store, switch organisation). No organisation, so no role and no permission to check.
 */
export function accountVerbsIn(file: string, source: string): string[] {
  const sf = parse(file, source);
  return exportedFunctions(sf)
    .filter(({ fn }) => takesUserCtx(fn, sf) && fn.body !== undefined && WRITES.test(fn.body.getText(sf)))
    .map(({ name }) => name);
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** Every domain module the rule applies to, as paths from the repository root. */
export function domainServerModules(): string[] {
  return walk(path.join(ROOT, "app/domain"))
    .filter((f) => f.endsWith(".server.ts"))
    .map((f) => path.relative(ROOT, f).split(path.sep).join("/"))
    .sort();
}

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** Every exported writer of app/domain, in file order. */
export function domainWriters(): Writer[] {
  return domainServerModules().flatMap((file) => writersIn(file, read(file)));
}

/** Every account-level writer of app/domain, as "file name". */
export function domainAccountVerbs(): string[] {
  return domainServerModules().flatMap((file) => accountVerbsIn(file, read(file)).map((name) => `${file} ${name}`));
}

/** What is wrong with each writer: no check first, or a name the table does not hold. */
export function writerProblems(writers: Writer[], registered: readonly string[]): string[] {
  const known = new Set(registered);
  return writers.flatMap((w) => {
    const where = `${w.file} ${w.name}`;
    if (w.permission === null)
      return [`${where}: does not start with requirePermission(ctx, "…"): ${w.firstStatement}`];
    if (!known.has(w.permission)) return [`${where}: "${w.permission}" is not in PERMISSIONS`];
    return [];
  });
}
