/**
 * What the bearer check uses of jose, for auth.ts to load on its first token. `await import('jose')`
 * itself would keep all of jose in the bundle (a module namespace cannot be tree-shaken).
 */
export { errors, jwtVerify } from 'jose';
