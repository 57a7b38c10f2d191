import { describe, expect, it } from 'vitest';
import { isPublicPath } from '../../functions/settings/public-paths';

describe('public paths', () => {
  it('match as API Gateway matches their routes: exactly, or `{proxy+}` for one or more segments', () => {
    for (const path of [
      '/api/v1/health',
      '/api/v1/openapi.json',
      '/api/v1/public/bulletins',
      '/api/v1/public/a/b',
    ]) {
      expect(isPublicPath(path), path).toBe(true);
    }
  });

  it('leave every other path to the token check', () => {
    for (const path of [
      '/api/v1/me',
      '/api/v1/healthz',
      '/api/v1/health/',
      '/api/v1/openapi.json/x',
      '/api/v1/openapiXjson',
      '/api/v1/public',
      '/api/v1/public/',
      '/api/v1/publications',
      '/api/v2/health',
      '/x/api/v1/health',
    ]) {
      expect(isPublicPath(path), path).toBe(false);
    }
  });
});
