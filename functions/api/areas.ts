/**
 * The API's areas. Each area's routes live in routes/<area>.ts and load on the first request to
 * one of its paths (`await import()`: esbuild puts each in a chunk of its own), so a Lambda cold
 * start builds the middleware and the routes of its first request only, not every area's zod
 * schemas (docs/architecture.md). Locally and in tests it is the same code path.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import type { AppEnv } from './env';
import { healthPaths, healthServer } from './health';

export type AreaRouter = OpenAPIHono<AppEnv>;

export interface Area {
  /** Its routes are in routes/<name>.ts. */
  name: string;
  /**
   * Hono patterns covering every path of the area's routes, so the api app can forward to it
   * before loading it (test/unit/areas.test.ts checks each route against them).
   */
  paths: string[];
  routes: () => Promise<AreaRouter>;
  /**
   * What answers the area's requests when that is not `routes`: a router without zod, for an area
   * none of whose routes validates input (test/integration/areas.test.ts holds it to `routes`).
   */
  serve?: () => Promise<Hono<AppEnv>>;
  /**
   * Neither seals nor opens a cursor or a signed link, so its requests wait for no key
   * (`Deps.keysInUse`): the health checks answer without reading a secret.
   */
  keyless?: true;
}

/** In the order the OpenAPI document lists them. */
export const areas: Area[] = [
  {
    name: 'health',
    paths: [healthPaths.liveness, healthPaths.readiness],
    routes: async () => (await import('./routes/health')).healthRoutes,
    serve: async () => healthServer,
    keyless: true,
  },
  {
    name: 'me',
    paths: ['/api/v1/me'],
    routes: async () => (await import('./routes/me')).meRoutes,
  },
  {
    name: 'notifications',
    paths: [
      '/api/v1/me/notifications',
      '/api/v1/me/notifications/read',
      '/api/v1/me/preferences',
      '/api/v1/unsubscribe/:token',
    ],
    routes: async () => (await import('./routes/notifications')).notificationRoutes,
  },
  {
    name: 'organisations',
    paths: ['/api/v1/organisations', '/api/v1/organisations/:id'],
    routes: async () => (await import('./routes/organisations')).organisationRoutes,
  },
  {
    name: 'members',
    paths: ['/api/v1/organisations/:id/members', '/api/v1/organisations/:id/members/:memberId'],
    routes: async () => (await import('./routes/members')).memberRoutes,
  },
  {
    name: 'tokens',
    paths: ['/api/v1/organisations/:id/tokens', '/api/v1/organisations/:id/tokens/:tokenId'],
    routes: async () => (await import('./routes/tokens')).tokenRoutes,
  },
  {
    name: 'webhooks',
    paths: [
      '/api/v1/organisations/:id/webhooks',
      '/api/v1/organisations/:id/webhooks/:webhookId',
      '/api/v1/organisations/:id/webhooks/:webhookId/deliveries',
    ],
    routes: async () => (await import('./routes/webhooks')).webhookRoutes,
  },
  {
    name: 'access-review',
    paths: [
      '/api/v1/organisations/:id/access-review',
      '/api/v1/organisations/:id/access-review/*',
      '/api/v1/access-reviews/*',
    ],
    routes: async () => (await import('./routes/access-review')).accessReviewRoutes,
  },
  {
    name: 'audit',
    paths: ['/api/v1/audit'],
    routes: async () => (await import('./routes/audit')).auditRoutes,
  },
  {
    name: 'checklists',
    paths: ['/api/v1/checklists', '/api/v1/checklists/*', '/api/v1/me/todo'],
    routes: async () => (await import('./routes/checklists')).checklistRoutes,
  },
  {
    name: 'progress',
    paths: ['/api/v1/progress', '/api/v1/progress/*'],
    routes: async () => (await import('./routes/progress')).progressRoutes,
  },
  {
    name: 'bulletins',
    paths: ['/api/v1/bulletins', '/api/v1/bulletins/*'],
    routes: async () => (await import('./routes/bulletins')).bulletinRoutes,
  },
  {
    // Before public-bulletins, whose pattern covers every public path.
    name: 'public-documents',
    paths: ['/api/v1/public/documents', '/api/v1/public/documents/*', '/api/v1/public/organisations'],
    routes: async () => (await import('./routes/public-documents')).publicDocumentRoutes,
  },
  {
    name: 'public-bulletins',
    paths: ['/api/v1/public/*'],
    routes: async () => (await import('./routes/public-bulletins')).publicBulletinRoutes,
  },
  {
    name: 'documents',
    paths: ['/api/v1/documents', '/api/v1/documents/*'],
    routes: async () => (await import('./routes/documents')).documentRoutes,
  },
  {
    name: 'indicators',
    paths: ['/api/v1/organisations/:id/indicators', '/api/v1/organisations/:id/indicators/:quarter'],
    routes: async () => (await import('./routes/indicators')).indicatorRoutes,
  },
  {
    name: 'waterbed',
    paths: ['/api/v1/waterbed'],
    routes: async () => (await import('./routes/waterbed')).waterbedRoutes,
  },
  {
    name: 'port-sightings',
    paths: ['/api/v1/ports/:locode/sightings'],
    routes: async () => (await import('./routes/port-sightings')).portSightingRoutes,
  },
  {
    // Not under /api/v1: TAXII clients are configured with the discovery URL (docs/interoperability.md).
    name: 'taxii',
    paths: ['/taxii2', '/taxii2/*'],
    routes: async () => (await import('./routes/taxii')).taxiiRoutes,
  },
  {
    name: 'recipients',
    paths: ['/api/v1/recipients/*'],
    routes: async () => (await import('./routes/recipients')).recipientRoutes,
  },
];

/** The OpenAPI 3.1 document of every area, as `/api/v1/openapi.json` serves it. */
export async function apiDocument() {
  // Loaded here, with the routes: a cold start does not load the OpenAPI generator.
  const [routers, { OpenAPIHono }] = await Promise.all([
    Promise.all(areas.map((area) => area.routes())),
    import('@hono/zod-openapi'),
  ]);
  const api = new OpenAPIHono<AppEnv>();
  for (const router of routers) api.route('/', router);
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  const document = api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Alliance portal API',
      version: '1',
      description:
        'Incident bulletins, best practices and harmonized checklists of the European ports alliance.',
    },
    // Relative: the same document serves every deployment (docs/interoperability.md).
    servers: [{ url: '/', description: 'This portal' }],
  });
  return withOperationIds(document);
}

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * Every operation gets an `operationId` from its method and path (`get /api/v1/bulletins/{id}/stix`
 * → `getBulletinsByIdStix`), and the public paths `security: []`. The TAXII server's paths are left
 * out: OASIS's TAXII 2.1 specifies them (with the trailing slashes an OpenAPI linter refuses), and
 * docs/interoperability.md describes them.
 */
export function withOperationIds<D extends { paths?: object }>(document: D): D {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, object>)) {
    if (path === '/taxii2' || path.startsWith('/taxii2/')) continue;
    const words = path
      .replace(/^\/api\/v1\/?/, '')
      .split(/[/.-]/)
      .filter(Boolean)
      .map((w) => (w.startsWith('{') ? `By${w.slice(1, -1)}` : w))
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
    const operations: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(item)) {
      if (!methods.includes(key as (typeof methods)[number])) {
        operations[key] = value;
        continue;
      }
      const operation = value as Record<string, unknown>;
      operations[key] = {
        operationId: `${key}${words.join('')}`,
        ...operation,
        ...(operation.security ? {} : { security: [] }),
      };
    }
    paths[path] = operations;
  }
  return { ...document, paths };
}
