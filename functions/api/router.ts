import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env';
import { badRequest, fieldErrors } from './problems';

/** Every area's router validates with zod and answers bad input with a problem naming the fields. */
export const newRouter = () =>
  new OpenAPIHono<AppEnv>({
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

/** Responses every protected route may give, for the OpenAPI document. */
export const problemResponses = {
  400: { description: 'Bad input (problem+json naming the fields)' },
  401: { description: 'Missing or invalid bearer token' },
  403: { description: 'Not allowed for this member' },
  404: { description: 'Not found, or not visible to this member' },
} as const;

export const bearerSecurity = [{ bearer: [] }];
