import type { OpenApiResponses, OperationResponse } from '@lead/platform';
import type { SchemaObject } from '@nestjs/swagger';
import ts from 'typescript';

const ROUTE_DECORATORS: Record<string, string> = {
  Get: 'get',
  Post: 'post',
  Put: 'put',
  Patch: 'patch',
  Delete: 'delete',
};

export interface ResponseTypeSources {
  /** The files whose controllers answer for the service (each `*.controller.ts`, the platform's health controller). */
  controllerFiles: string[];
  /** Compiler options of the repository (`tsconfig.base.json`). */
  compilerOptions: ts.CompilerOptions;
  /** The operations the service serves (`<Controller>.<method>`): controllers of a library it does not mount are left out. */
  operations: ReadonlySet<string>;
}

/** Compiler options as `tsconfig` at `path` states them. */
export function compilerOptionsOf(path: string): ts.CompilerOptions {
  const { config, error } = ts.readConfigFile(path, (file) => ts.sys.readFile(file));
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(config, ts.sys, path.replace(/[^/]+$/, '')).options;
}

/**
 * What each route answers on success, read from its controller method's declared return type with the TypeScript
 * checker: the types are interfaces, so nothing of them exists at run time. This is what the Nest Swagger CLI plugin
 * does at compile time; it needs `@nestjs/cli`, which needs Node 22. Properties keep their JSDoc as descriptions.
 * The operation id is `<Controller>.<method>`, as the platform's document builder names operations.
 */
export function responseSchemasOf(sources: ResponseTypeSources): OpenApiResponses {
  const program = ts.createProgram(sources.controllerFiles, { ...sources.compilerOptions, noEmit: true });
  const checker = program.getTypeChecker();
  const result: OpenApiResponses = { schemas: {}, operations: {} };
  for (const file of sources.controllerFiles) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`${file} is not part of the program`);
    for (const statement of source.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.name || !hasDecorator(statement, 'Controller')) continue;
      const controller = statement.name.text;
      for (const member of statement.members) {
        if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
        const route = routeDecoratorOf(member);
        if (!route) continue;
        const signature = checker.getSignatureFromDeclaration(member);
        if (!signature) continue;
        const answered = checker.getAwaitedType(checker.getReturnTypeOfSignature(signature));
        if (!answered) continue;
        const method = member.name.text;
        if (!sources.operations.has(`${controller}.${method}`)) continue;
        const base = `${controller.replace(/Controller$/, '')}Response`;
        const fallback =
          base in result.schemas ? `${base.replace(/Response$/, '')}${capitalise(method)}Response` : base;
        const name = schemaNameOf(answered, fallback);
        result.schemas[name] = new SchemaWriter(checker).schemaOf(answered);
        const operation: OperationResponse = {
          status: httpCodeOf(member) ?? (route === 'post' ? 201 : 200),
          schema: { $ref: `#/components/schemas/${name}` },
        };
        result.operations[`${controller}.${method}`] = operation;
      }
    }
  }
  return result;
}

function decoratorsOf(node: ts.HasDecorators): ts.Decorator[] {
  return [...(ts.getDecorators(node) ?? [])];
}

function decoratorName(decorator: ts.Decorator): string | undefined {
  const expression = ts.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression;
  return ts.isIdentifier(expression) ? expression.text : undefined;
}

function hasDecorator(node: ts.HasDecorators, name: string): boolean {
  return decoratorsOf(node).some((decorator) => decoratorName(decorator) === name);
}

function routeDecoratorOf(method: ts.MethodDeclaration): string | undefined {
  for (const decorator of decoratorsOf(method)) {
    const name = decoratorName(decorator);
    if (name !== undefined && ROUTE_DECORATORS[name]) return ROUTE_DECORATORS[name];
  }
  return undefined;
}

function httpCodeOf(method: ts.MethodDeclaration): number | undefined {
  for (const decorator of decoratorsOf(method)) {
    if (decoratorName(decorator) !== 'HttpCode' || !ts.isCallExpression(decorator.expression)) continue;
    const [code] = decorator.expression.arguments;
    if (code && ts.isNumericLiteral(code)) return Number(code.text);
  }
  return undefined;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The type's own name where it has one (an interface or alias of ours), else `fallback` (`Omit<…>`, inline). */
function schemaNameOf(type: ts.Type, fallback: string): string {
  const alias = type.aliasSymbol?.name;
  if (alias && !['Omit', 'Pick', 'Partial', 'Required', 'Readonly'].includes(alias)) return alias;
  const symbol = type.getSymbol()?.name;
  if (symbol && !symbol.startsWith('__')) return symbol;
  return fallback;
}

/** TypeScript types to JSON Schema (OpenAPI 3.0: `nullable`), everything inline under the route's named schema. */
class SchemaWriter {
  private readonly open = new Set<ts.Type>();

  constructor(private readonly checker: ts.TypeChecker) {}

  schemaOf(type: ts.Type): SchemaObject {
    const flags = type.flags;
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (type.isUnion()) return this.unionOf(type.types);
    if (flags & ts.TypeFlags.StringLiteral) return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    if (flags & ts.TypeFlags.NumberLiteral) return { type: 'number', enum: [(type as ts.NumberLiteralType).value] };
    if (flags & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', enum: [type === this.checker.getTrueType()] };
    if (flags & ts.TypeFlags.String) return { type: 'string' };
    if (flags & ts.TypeFlags.Number) return { type: 'number' };
    if (flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (this.checker.isArrayType(type) || this.checker.isTupleType(type)) {
      const [element] = this.checker.getTypeArguments(type as ts.TypeReference);
      return { type: 'array', items: element ? this.schemaOf(element) : {} };
    }
    if (type.getSymbol()?.name === 'Date') return { type: 'string', format: 'date-time' };
    if (flags & ts.TypeFlags.Object || type.isIntersection()) return this.objectOf(type);
    return {};
  }

  private unionOf(members: ts.Type[]): SchemaObject {
    const nullable = members.some((member) => member.flags & ts.TypeFlags.Null);
    const rest = members.filter((member) => !(member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
    let schema: SchemaObject;
    if (rest.length > 0 && rest.every((member) => member.flags & ts.TypeFlags.BooleanLiteral)) {
      schema = rest.length === 2 ? { type: 'boolean' } : this.schemaOf(rest[0]!);
    } else if (rest.length > 0 && rest.every((member) => member.flags & ts.TypeFlags.StringLiteral)) {
      schema = { type: 'string', enum: rest.map((member) => (member as ts.StringLiteralType).value) };
    } else if (rest.length > 0 && rest.every((member) => member.flags & ts.TypeFlags.NumberLiteral)) {
      schema = { type: 'number', enum: rest.map((member) => (member as ts.NumberLiteralType).value) };
    } else if (rest.length === 1) {
      schema = this.schemaOf(rest[0]!);
    } else {
      schema = { anyOf: rest.map((member) => this.schemaOf(member)) };
    }
    return nullable ? { ...schema, nullable: true } : schema;
  }

  private objectOf(type: ts.Type): SchemaObject {
    if (this.open.has(type)) return { type: 'object' };
    this.open.add(type);
    try {
      const properties: Record<string, SchemaObject> = {};
      const required: string[] = [];
      for (const property of this.checker.getPropertiesOfType(type)) {
        // A symbol-keyed member (`[DISCLOSURE]`) never reaches the JSON body, and its compiler name
        // (`__@DISCLOSURE@<n>`) changes with every edit anywhere in the program.
        if (String(property.escapedName).startsWith('__@')) continue;
        const declaration = property.valueDeclaration ?? property.declarations?.[0];
        const propertyType = declaration
          ? this.checker.getTypeOfSymbolAtLocation(property, declaration)
          : this.checker.getTypeOfSymbol(property);
        const schema = this.schemaOf(propertyType);
        const description = ts.displayPartsToString(property.getDocumentationComment(this.checker)).trim();
        properties[property.name] = description ? { ...schema, description } : schema;
        if (!(property.flags & ts.SymbolFlags.Optional)) required.push(property.name);
      }
      const schema: SchemaObject = { type: 'object', properties };
      if (required.length > 0) schema.required = required;
      const index = this.checker.getIndexInfosOfType(type)[0];
      if (index) schema.additionalProperties = this.schemaOf(index.type);
      return schema;
    } finally {
      this.open.delete(type);
    }
  }
}
