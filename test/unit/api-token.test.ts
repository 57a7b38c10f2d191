import { describe, expect, it } from 'vitest';
import {
  canManageTokens,
  expiryIssue,
  formatApiToken,
  parseApiToken,
  requiredScope,
} from '../../shared/api-token';

describe('API token rules', () => {
  it('parses what it formats, and nothing else', () => {
    const id = '0b6f1c2e-1111-4222-8333-444455556666';
    const secret = 'A'.repeat(43);
    expect(parseApiToken(formatApiToken('le-havre', id, secret))).toEqual({
      organisationId: 'le-havre',
      id,
      secret,
    });
    for (const bad of [
      'eyJhbGciOi.x.y',
      `alp.le-havre.${id}.${secret}x`,
      `alp.Le.${id}.${secret}`,
      `alp.x.${id}`,
    ]) {
      expect(parseApiToken(bad)).toBeNull();
    }
  });

  it.each([
    ['GET', '/api/v1/bulletins', 'bulletins:read'],
    ['GET', '/api/v1/bulletins/x/stix', 'bulletins:read'],
    ['GET', '/taxii2/', 'bulletins:read'],
    ['POST', '/api/v1/bulletins/x/acknowledgements', 'bulletins:acknowledge'],
    ['GET', '/api/v1/documents/x', 'documents:read'],
    ['GET', '/api/v1/progress', 'progress:read'],
    ['POST', '/api/v1/bulletins', null],
    ['POST', '/api/v1/bulletins/x/publish', null],
    ['PATCH', '/api/v1/bulletins/x', null],
    ['GET', '/api/v1/me', null],
    ['GET', '/api/v1/audit', null],
    ['GET', '/api/v1/organisations/antwerp/tokens', null],
    ['GET', '/api/v1/bulletinsx', null],
  ])('%s %s needs %s', (method, path, scope) => {
    expect(requiredScope(method, path)).toBe(scope);
  });

  it('takes an expiry in the future and at most a year ahead', () => {
    const now = new Date('2026-06-15T10:00:00Z');
    expect(expiryIssue('2026-06-15T10:00:00Z', now)).toMatch(/future/);
    expect(expiryIssue('2027-06-15T10:00:00Z', now)).toBeNull();
    expect(expiryIssue('2027-06-15T10:00:01Z', now)).toMatch(/365/);
  });

  it('lets only the organisation’s own org admins, never a token, manage tokens', () => {
    expect(canManageTokens({ organisationId: 'antwerp', role: 'org_admin' }, 'antwerp')).toBe(true);
    expect(canManageTokens({ organisationId: 'antwerp', role: 'contributor' }, 'antwerp')).toBe(false);
    expect(canManageTokens({ organisationId: 'commission', role: 'org_admin' }, 'antwerp')).toBe(false);
    expect(canManageTokens({ organisationId: 'antwerp', role: 'org_admin', token: {} }, 'antwerp')).toBe(
      false,
    );
  });
});
