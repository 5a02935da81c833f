import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiException, invalidBody } from './errors.ts';

/** Parses JSON text against a schema; a malformed body is a 400 that names the field. */
export function parseJson<S extends z.ZodType>(raw: string, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ApiException(400, 'invalid_json', 'the body is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw invalidBody(parsed.error);
  return parsed.data;
}

/** Reads and parses the request body; `raw` is kept for idempotency hashes and signatures. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<{ data: z.infer<S>; raw: string }> {
  const raw = await c.req.text();
  return { data: parseJson(raw, schema), raw };
}
