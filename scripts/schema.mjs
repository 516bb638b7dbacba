// npm run schema: the schema tables of the built-in Kubernetes kinds (server/src/engine/schema/kubernetes-*.json),
// generated from pinned registry packages and committed. Field names, required fields and enums come from
// kubernetes-models' .d.ts files (read with the TypeScript compiler API); integer against number from its
// precompiled validators, which also cross-check the required fields and enums. Nothing is fetched.
//
//   node scripts/schema.mjs            writes the tables
//   node scripts/schema.mjs --check    exits 1 when a committed table is not what the pinned packages give
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'server/src/engine/schema');

/** One table per pinned package: the Kubernetes release its models were generated from (its changelog). */
export const SOURCES = [
  { package: 'kubernetes-models', version: '5.1.0', kubernetes: '1.36' },
  { package: 'kubernetes-models-1.33', version: '4.5.1', kubernetes: '1.33' },
];

/** Named types that are a value of their own, not an object to walk. */
const SPECIAL = {
  IoK8sApimachineryPkgUtilIntstrIntOrString: 'is',
  IoK8sApimachineryPkgApiResourceQuantity: 'q',
  IoK8sApimachineryPkgApisMetaV1Time: 't',
  IoK8sApimachineryPkgApisMetaV1MicroTime: 't',
  // An embedded object of any kind, any JSON value, managed fields: not checked.
  IoK8sApimachineryPkgRuntimeRawExtension: 'a',
  IoK8sApiextensionsApiserverPkgApisApiextensionsV1JSON: 'a',
  IoK8sApiextensionsApiserverPkgApisApiextensionsV1beta1JSON: 'a',
  IoK8sApimachineryPkgApisMetaV1FieldsV1: 'a',
};

function* declarationFiles(directory) {
  for (const name of readdirSync(directory).sort()) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) {
      if (name !== '_schemas' && name !== 'node_modules') yield* declarationFiles(path);
    } else if (name.endsWith('.d.ts') && name !== 'index.d.ts') yield path;
  }
}

function packageRoot(name, from) {
  return dirname(createRequire(join(from, 'package.json')).resolve(`${name}/package.json`));
}

/** The table of one pinned package, as the text committed. */
export async function generate(source) {
  const models = packageRoot(source.package, ROOT);
  const machinery = packageRoot('@kubernetes-models/apimachinery', models);
  const versionOf = (root) => JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  if (versionOf(models) !== source.version)
    throw new Error(
      `${source.package} is ${versionOf(models)}, the table is pinned to ${source.version}: npm ci`,
    );
  const definitions = new Map();
  const aliases = new Map();
  let inlineCount = 0;
  const problems = [];

  function typeOf(node, file, resolve, owner) {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { code: 's' };
      case ts.SyntaxKind.NumberKeyword:
        return { code: 'n' };
      case ts.SyntaxKind.BooleanKeyword:
        return { code: 'b' };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
      case ts.SyntaxKind.ObjectKeyword:
        return { code: 'a' };
      case ts.SyntaxKind.LiteralType:
        if (ts.isStringLiteral(node.literal)) return { code: 's', constant: node.literal.text };
        break;
      case ts.SyntaxKind.UnionType: {
        const literals = node.types.map((type) =>
          ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal) ? type.literal.text : null,
        );
        if (literals.every((literal) => literal !== null)) return { code: 's', enum: literals };
        break;
      }
      case ts.SyntaxKind.TypeReference: {
        const name = node.typeName.getText(file);
        if (name === 'Array' && node.typeArguments?.length === 1)
          return { list: typeOf(node.typeArguments[0], file, resolve, owner) };
        const definition = resolve(name);
        if (definition) return { ref: definition };
        break;
      }
      case ts.SyntaxKind.ArrayType:
        return { list: typeOf(node.elementType, file, resolve, owner) };
      case ts.SyntaxKind.TypeLiteral: {
        const index = node.members.find(ts.isIndexSignatureDeclaration);
        if (index) return { map: typeOf(index.type, file, resolve, owner) };
        if (node.members.length === 0) return { code: 'a' };
        // An inline object type (kubernetes-models writes StatefulSetSpec.volumeClaimTemplates so).
        const id = `Inline${String(++inlineCount).padStart(3, '0')}`;
        definitions.set(id, {
          name: owner,
          fields: fieldsOf(node.members, file, resolve, owner),
          validatorFile: null,
        });
        return { ref: id };
      }
    }
    return { code: 'a', unparsed: node.getText(file) };
  }

  function fieldsOf(members, file, resolve, owner) {
    const fields = new Map();
    for (const member of members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const name = ts.isStringLiteral(member.name) ? member.name.text : member.name.getText(file);
      fields.set(name, {
        type: typeOf(member.type, file, resolve, `${owner}.${name}`),
        optional: Boolean(member.questionToken),
      });
    }
    return fields;
  }

  for (const [root, schemas] of [
    [models, join(models, '_schemas')],
    [machinery, join(machinery, '_schemas')],
  ]) {
    for (const path of declarationFiles(root)) {
      const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
      const localToId = new Map();
      const imports = new Map();
      for (const statement of file.statements) {
        if (
          ts.isExportDeclaration(statement) &&
          statement.exportClause &&
          ts.isNamedExports(statement.exportClause)
        )
          for (const element of statement.exportClause.elements)
            if (element.name.text.startsWith('IIoK8s'))
              localToId.set((element.propertyName ?? element.name).text, element.name.text.slice(1));
        const bindings = ts.isImportDeclaration(statement)
          ? statement.importClause?.namedBindings
          : undefined;
        if (bindings && ts.isNamedImports(bindings))
          for (const element of bindings.elements)
            if (element.name.text.startsWith('IIoK8s'))
              imports.set(element.name.text, element.name.text.slice(1));
      }
      const resolve = (name) =>
        imports.get(name) ?? localToId.get(name) ?? (name.startsWith('IIoK8s') ? name.slice(1) : undefined);
      for (const statement of file.statements) {
        if (ts.isTypeAliasDeclaration(statement) && localToId.has(statement.name.text))
          aliases.set(localToId.get(statement.name.text), statement.type.getText(file));
        if (!ts.isInterfaceDeclaration(statement) || !localToId.has(statement.name.text)) continue;
        const id = localToId.get(statement.name.text);
        const name = readableName(id);
        const fields = fieldsOf(statement.members, file, resolve, name);
        const apiVersion = fields.get('apiVersion')?.type.constant;
        const kind = fields.get('kind')?.type.constant;
        definitions.set(id, {
          name,
          fields,
          kind: apiVersion && kind ? `${apiVersion}/${kind}` : undefined,
          validatorFile: join(schemas, `${id}.js`),
        });
      }
    }
  }

  // The validators: integer or number, and the required fields and enums cross-checked.
  for (const [id, definition] of definitions) {
    if (!definition.validatorFile) continue;
    let validate;
    try {
      const module = await import(pathToFileURL(definition.validatorFile).href);
      validate = module.validate ?? module.default?.validate;
    } catch {
      // reported below
    }
    if (!validate) {
      problems.push(`no validator for ${id}`);
      continue;
    }
    validate({});
    const requiredByValidator = new Set(
      (validate.errors ?? []).filter((e) => e.keyword === 'required').map((e) => e.params.missingProperty),
    );
    for (const [name, field] of definition.fields) {
      if (!field.optional !== requiredByValidator.has(name))
        problems.push(`${id}.${name}: required differs between the .d.ts and the validator`);
      const leaf = field.type.list ?? field.type.map ?? field.type;
      const wrap = (value) => (field.type.list ? [value] : field.type.map ? { key: value } : value);
      if (leaf.code === 'n') {
        validate({ [name]: wrap(0.5) });
        const errors = (validate.errors ?? []).filter((e) => e.instancePath.startsWith(`/${name}`));
        if (errors.some((e) => e.keyword === 'type' && e.params.type === 'integer')) leaf.code = 'i';
      }
      if (leaf.enum) {
        validate({ [name]: wrap('\u0000') });
        const error = (validate.errors ?? []).find(
          (e) => e.instancePath.startsWith(`/${name}`) && e.keyword === 'enum',
        );
        const allowed = error?.params.allowedValues;
        if (!allowed || [...allowed].sort().join() !== [...leaf.enum].sort().join())
          problems.push(`${id}.${name}: the enum differs between the .d.ts and the validator`);
      }
      if (leaf.unparsed) problems.push(`${id}.${name}: type not understood: ${leaf.unparsed}`);
    }
  }

  // A definition with no fields (JSONSchemaPropsOrBool, Patch...) accepts any value.
  const special = { ...SPECIAL };
  for (const [id, definition] of definitions)
    if (definition.fields.size === 0 && !(id in special)) special[id] = 'a';
  const order = [...definitions.keys()].filter((id) => !(id in special)).sort();
  const indexOf = new Map(order.map((id, index) => [id, index]));
  const enums = [];
  const enumIndex = new Map();
  const code = (type) => {
    if (type.list) return `[${code(type.list)}`;
    if (type.map) return `{${code(type.map)}`;
    if (type.ref) {
      if (type.ref in special) return special[type.ref];
      if (indexOf.has(type.ref)) return `#${indexOf.get(type.ref)}`;
      if (aliases.get(type.ref) === 'string') return 's';
      problems.push(`a reference to ${type.ref}, which is not defined`);
      return 'a';
    }
    if (type.enum) {
      const key = JSON.stringify([...type.enum].sort());
      if (!enumIndex.has(key)) {
        enumIndex.set(key, enums.length);
        enums.push(JSON.parse(key));
      }
      return `e${enumIndex.get(key)}`;
    }
    return type.code;
  };
  if (problems.length > 0)
    throw new Error(`${source.package}: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);

  const kinds = {};
  const rows = order.map((id) => {
    const definition = definitions.get(id);
    const fields = {};
    const required = [];
    for (const [name, field] of definition.fields) {
      fields[name] =
        (name === 'apiVersion' || name === 'kind') && field.type.constant ? 's' : code(field.type);
      // A kind's own apiVersion and kind say what it is (the reader knows them); a reference's kind is data.
      if (!field.optional && !((name === 'apiVersion' || name === 'kind') && field.type.constant))
        required.push(name);
    }
    if (definition.kind) kinds[definition.kind] = indexOf.get(id);
    return required.length > 0 ? [definition.name, fields, required] : [definition.name, fields];
  });
  const sortedKinds = Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => (a < b ? -1 : 1)));
  // One definition per line, so that a regeneration's diff reads.
  return [
    '{',
    `"kubernetes": ${JSON.stringify(source.kubernetes)},`,
    `"source": ${JSON.stringify(`kubernetes-models@${source.version}, @kubernetes-models/apimachinery@${versionOf(machinery)}`)},`,
    `"kinds": ${JSON.stringify(sortedKinds)},`,
    `"enums": ${JSON.stringify(enums)},`,
    '"definitions": [',
    rows.map((row) => JSON.stringify(row)).join(',\n'),
    ']',
    '}',
    '',
  ].join('\n');
}

/** IoK8sApiCoreV1Container → Container; IoK8sApimachineryPkgApisMetaV1ObjectMeta → ObjectMeta. */
function readableName(id) {
  const match = /V\d+(?:(?:alpha|beta)\d+)?([A-Z].*)$/.exec(id);
  return match ? match[1] : id;
}

export function tablePath(source) {
  return join(OUT, `kubernetes-${source.kubernetes}.json`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const source of SOURCES) {
    const text = await generate(source);
    const path = tablePath(source);
    if (check) {
      let current;
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        current = undefined;
      }
      if (current !== text) {
        stale++;
        process.stderr.write(
          `${path} is not what ${source.package}@${source.version} gives: run npm run schema\n`,
        );
      }
    } else {
      writeFileSync(path, text);
      process.stdout.write(`${path}: Kubernetes ${source.kubernetes}, ${text.length} bytes\n`);
    }
  }
  if (check && stale === 0) process.stdout.write('the schema tables are current\n');
  process.exitCode = stale > 0 ? 1 : 0;
}
