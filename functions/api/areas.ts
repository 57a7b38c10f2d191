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
}

/** In the order the OpenAPI document lists them. */
export const areas: Area[] = [
  {
    name: 'health',
    paths: [healthPaths.liveness, healthPaths.readiness],
    routes: async () => (await import('./routes/health')).healthRoutes,
    serve: async () => healthServer,
  },
  {
    name: 'me',
    paths: ['/api/v1/me'],
    routes: async () => (await import('./routes/me')).meRoutes,
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
  return api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Alliance portal API',
      version: '1',
      description:
        'Incident bulletins, best practices and harmonized checklists of the European ports alliance.',
    },
  });
}
