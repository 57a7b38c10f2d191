/**
 * The api app loads each area's routes on first use (functions/api/areas.ts): these tests prove
 * that this changes nothing a client sees.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { areas, withOperationIds } from '../../functions/api/areas';
import { createTestPortal, type TestPortal } from '../support/portal';

let portal: TestPortal;
beforeAll(async () => {
  portal = await createTestPortal();
});

const routesDir = join(import.meta.dirname, '..', '..', 'functions', 'api', 'routes');

/**
 * Every router that an area module under functions/api/routes exports, whether an area names it
 * or not. An area module is routes/<area>.ts, or routes/<area>/index.ts putting together the
 * sub-resources in its folder.
 */
async function everyRouteModule() {
  const routers: { area: string; router: OpenAPIHono }[] = [];
  const entries = readdirSync(routesDir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  for (const entry of entries) {
    const module = entry.isDirectory() ? join(entry.name, 'index.ts') : entry.name;
    const exports = await import(join(routesDir, module));
    for (const value of Object.values(exports)) {
      if (value instanceof OpenAPIHono)
        routers.push({ area: entry.name.replace(/\.ts$/, ''), router: value });
    }
  }
  return routers;
}

const routesOf = (router: OpenAPIHono) =>
  router.openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' ? [d.route] : []));

describe('areas loaded on first use', () => {
  it('names every router under functions/api/routes once, in a module of its own name', async () => {
    const modules = await everyRouteModule();
    const loaded = await Promise.all(areas.map((area) => area.routes()));
    expect(loaded).toHaveLength(modules.length);
    for (const [i, area] of areas.entries()) {
      expect(modules.find((m) => m.router === loaded[i])?.area).toBe(area.name);
    }
  });

  it('serves the OpenAPI document that mounting every router eagerly gives', async () => {
    const eager = new OpenAPIHono();
    for (const { router } of await everyRouteModule()) eager.route('/', router);
    eager.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    // The same naming of operations (and leaving out of TAXII) as the served document.
    const expected = withOperationIds(
      eager.getOpenAPI31Document({ openapi: '3.1.0', info: { title: '', version: '1' } }),
    );

    const served = await portal.request('/api/v1/openapi.json');
    expect(served.status).toBe(200);
    expect(served.json.paths).toEqual(expected.paths);
    expect(served.json.components).toEqual(expected.components);
    expect(Object.keys(served.json.paths).length).toBeGreaterThan(30);
  });

  it('forwards every documented route to its area: none gets the api app’s "no such route"', async () => {
    const routes = (await everyRouteModule()).flatMap(({ router }) => routesOf(router));
    expect(routes.length).toBeGreaterThan(40);
    for (const route of routes) {
      // A made-up id: the area answers (with 400, 404 or a page), and nothing exists to change.
      const path = route.path.replaceAll(/\{[^}]+\}/g, 'no-such-id');
      const res = await portal.request(path, {
        as: 'ben@antwerp.example',
        method: route.method.toUpperCase(),
      });
      expect(res.json?.detail, `${route.method} ${route.path}`).not.toBe('No such route.');
      expect(res.headers.get('x-request-id'), `${route.method} ${route.path}`).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('serves an area without zod on exactly the routes its documented router has', async () => {
    const served = areas.filter((area) => area.serve);
    expect(served.map((area) => area.name)).toContain('health');
    for (const area of served) {
      const router = await area.serve!();
      const answered = router.routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path}`)
        .sort();
      const documented = routesOf((await area.routes()) as unknown as OpenAPIHono)
        .map((r) => `${r.method.toUpperCase()} ${r.path.replaceAll(/\{([^}]+)\}/g, ':$1')}`)
        .sort();
      expect(answered, area.name).toEqual(documented);
    }
  });

  it('answers a path of an area without a route for it as the api app does', async () => {
    const inArea = await portal.request('/api/v1/bulletins/b-1/no-such-thing', { as: 'ben@antwerp.example' });
    const outside = await portal.request('/api/v1/no-such-area', { as: 'ben@antwerp.example' });
    const wrongMethod = await portal.request('/api/v1/me', { as: 'ben@antwerp.example', method: 'DELETE' });
    for (const res of [inArea, outside, wrongMethod]) {
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.json).toMatchObject({
        detail: 'No such route.',
        requestId: res.headers.get('x-request-id'),
      });
    }
    expect(inArea.json.instance).toBe('/api/v1/bulletins/b-1/no-such-thing');
  });

  it('hands an area’s unexpected error to the api app: a 500 problem with the request id, logged once', async () => {
    const logged: unknown[] = [];
    const failing = await createTestPortal({
      seed: false,
      overrides: {
        bulletins: new Proxy({} as never, {
          get: () => async () => {
            throw new Error('the table is on fire');
          },
        }),
      },
    });
    const logger = failing.deps.logger;
    logger.error = (message: string, ...rest: unknown[]) => {
      logged.push([message, ...rest]);
    };
    const res = await failing.request('/api/v1/public/bulletins');
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ status: 500, requestId: res.headers.get('x-request-id') });
    expect(res.text).not.toContain('on fire');
    expect(logged).toHaveLength(1);
  });
});
