import { createRoute, OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type * as z from 'zod';
import type { AppEnv } from './env';
import { asAreaRouter } from './forward';
import { badRequest, fieldErrors } from './problems';

/**
 * Every area's router validates with zod and answers bad input with a problem naming the fields.
 * It answers only what the api app forwards to it (`forwardTo`), with the api app's variables.
 */
export const newRouter = () => {
  const router = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = fieldErrors(result.error.issues);
        throw badRequest(
          `Invalid ${result.target}: ${errors.map((e) => `${e.field} (${e.message})`).join(', ')}`,
          errors,
        );
      }
    },
  });
  return asAreaRouter(router);
};

/** Responses every protected route may give, for the OpenAPI document. */
export const problemResponses = {
  400: { description: 'Bad input (problem+json naming the fields)' },
  401: { description: 'Missing or invalid bearer token' },
  403: { description: 'Not allowed for this member' },
  404: { description: 'Not found, or not visible to this member' },
} as const;

export const bearerSecurity = [{ bearer: [] }];

/**
 * `createRoute` for the protected routes of an area: tagged with the area, behind the bearer
 * token, and answering the problems every protected route may give besides its own responses.
 */
export const protectedRoute =
  (tag: string) =>
  <P extends string, R extends Omit<RouteConfig, 'path' | 'tags' | 'security'> & { path: P }>(route: R) =>
    createRoute({
      tags: [tag],
      ...route,
      security: bearerSecurity,
      responses: { ...route.responses, ...problemResponses },
    });

/** A JSON response of the OpenAPI document. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A required JSON request body, validated by the schema (unknown fields, wrong types: 400). */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});
