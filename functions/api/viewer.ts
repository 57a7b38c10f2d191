import type { Context } from 'hono';
import type { Organisation } from '../../shared/organisation';
import type { AppEnv } from './env';
import { forbidden } from './problems';

const cache = new WeakMap<Request, Promise<Organisation | null>>();

/** The auth middleware read the organisation with the member already (functions/api/member-access.ts). */
export function rememberViewerOrganisation(request: Request, organisation: Organisation): void {
  cache.set(request, Promise.resolve(organisation));
}

/**
 * The viewer's own organisation profile, read once per request: permissions such as
 * "Commission org_admin" depend on the organisation's kind, which the token does not carry.
 */
export async function viewerOrganisation(c: Context<AppEnv>): Promise<Organisation> {
  let pending = cache.get(c.req.raw);
  if (!pending) {
    pending = c.get('deps').directory.getOrganisation(c.get('viewer').organisationId);
    cache.set(c.req.raw, pending);
  }
  return stillAMember(await pending);
}

/** The viewer's organisation as a read found it; none means it left the alliance (403). */
export function stillAMember<O>(organisation: O | null | undefined): O {
  if (!organisation) throw forbidden('Your organisation is not (or no longer) a member of the alliance.');
  return organisation;
}
