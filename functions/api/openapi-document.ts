/**
 * The body of `/api/v1/openapi.json`: the OpenAPI document of every area (areas.ts), as compact
 * JSON. The api Lambda bundle replaces this module with the same text computed when it is built
 * (`prebuiltModules` in infra/bundling.ts), so a Lambda neither ships nor runs the OpenAPI
 * generator and does not load every area to answer it; at home and in tests it is computed on
 * first request. test/integration/openapi-snapshot.test.ts and test/infra/bundle.test.ts hold
 * both to the same bytes.
 */
import { apiDocument } from './areas';

let text: Promise<string> | undefined;

export function apiDocumentJson(): Promise<string> {
  text ??= apiDocument().then(
    (document) => JSON.stringify(document),
    (error: unknown) => {
      text = undefined;
      throw error;
    },
  );
  return text;
}
