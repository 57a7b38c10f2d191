import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * OASIS's STIX 2.1 JSON schemas (test/fixtures/stix2-json-schemas: a copy of
 * oasis-open/cti-stix2-json-schemas with its LICENSE and the commit in COMMIT), compiled once.
 */
const root = join(import.meta.dirname, '..', 'fixtures', 'stix2-json-schemas', 'schemas');
const base = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas';

function load() {
  // Their patterns are written for non-unicode regular expressions (`\-`).
  const ajv = new Ajv2020({ strict: false, unicodeRegExp: false });
  addFormats(ajv);
  for (const dir of readdirSync(root)) {
    for (const file of readdirSync(join(root, dir))) {
      if (file.endsWith('.json')) ajv.addSchema(JSON.parse(readFileSync(join(root, dir, file), 'utf8')));
    }
  }
  return ajv;
}

let ajv: ReturnType<typeof load> | undefined;

/**
 * The object types bundle.json lists. It leaves out some SDOs (location, grouping, note, …), which
 * then fall to its custom-object branch and fail it (they match both of its core schemas at once),
 * so the envelope is checked with the listed types and every object against its own type's schema.
 */
const bundleTypes = new Set(
  [
    ...readFileSync(join(root, 'common', 'bundle.json'), 'utf8').matchAll(
      /"\$ref": "\.\.\/\w+\/([a-z0-9-]+)\.json"/g,
    ),
  ].map((m) => m[1]!),
);

/** The schema errors of a bundle and of each object against its own type's schema; none when valid. */
export function stixErrors(bundle: { objects?: { type: string }[] }): string[] {
  ajv ??= load();
  const errors: string[] = [];
  const check = (id: string, value: unknown, what: string) => {
    const validate = ajv!.getSchema(id);
    if (!validate) throw new Error(`no schema ${id}`);
    if (!validate(value)) errors.push(`${what}: ${ajv!.errorsText(validate.errors)}`);
  };
  const listed = (bundle.objects ?? []).filter((o) => bundleTypes.has(o.type));
  check(
    `${base}/common/bundle.json`,
    { ...bundle, ...(bundle.objects ? { objects: listed } : {}) },
    'bundle',
  );
  for (const o of bundle.objects ?? []) {
    const dir = o.type === 'marking-definition' ? 'common' : 'sdos';
    check(`${base}/${dir}/${o.type}.json`, o, `${o.type} ${(o as { id?: string }).id}`);
  }
  return errors;
}
