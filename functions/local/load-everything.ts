import { apiDocument, areas } from '../api/areas';
import { problemMessages } from '../api/problems';

/**
 * Under tsx (`npm start`) a module is transpiled the first time it is imported, by an esbuild
 * service that runs in the portal's process group: the terminal's Ctrl-C stops that service too,
 * so a module first needed by a request that is still draining could not load and the request
 * would end in a 500. The API loads its areas and rarer parts on first use (functions/api/areas.ts,
 * a Lambda cold start's concern); the local portal loads all of them before it listens.
 */
export async function loadEverythingNow(): Promise<void> {
  await Promise.all([
    ...areas.map((area) => area.routes()),
    ...areas.flatMap((area) => (area.serve ? [area.serve()] : [])),
    import('../api/middleware/jose'),
    import('../api/on-demand/idempotency'),
    problemMessages(),
    apiDocument(),
  ]);
}
