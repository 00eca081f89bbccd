import { queryOptions } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { api } from '../../../lib/api-client';

const operationSchema = z.object({
  summary: z.string(),
  tags: z.array(z.string()),
  security: z.array(z.record(z.string(), z.array(z.string()))),
  'x-caller': z.optional(z.string()),
  parameters: z.array(
    z.object({ name: z.string(), in: z.string(), required: z.boolean(), schema: z.unknown() }),
  ),
  requestBody: z.optional(
    z.object({
      description: z.optional(z.string()),
      content: z.record(z.string(), z.object({ schema: z.optional(z.unknown()) })),
    }),
  ),
  responses: z.record(
    z.string(),
    z.object({
      description: z.string(),
      content: z.optional(z.record(z.string(), z.object({ schema: z.optional(z.unknown()) }))),
    }),
  ),
});
export type Operation = z.infer<typeof operationSchema>;

/** The parts of the OpenAPI document the reference page shows. */
export const openApiSchema = z.object({
  info: z.object({ title: z.string(), description: z.optional(z.string()) }),
  paths: z.record(z.string(), z.record(z.string(), operationSchema)),
});
export type OpenApi = z.infer<typeof openApiSchema>;

export const openApiOptions = () =>
  queryOptions({
    queryKey: ['openapi'],
    queryFn: ({ signal }) => api.get('/openapi.json', openApiSchema, signal),
    staleTime: Infinity,
  });
