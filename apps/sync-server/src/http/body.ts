import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiException, invalidBody } from './errors.ts';

/** Parses the JSON body against a schema; a malformed body is a 400 that names the field. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<{ data: z.infer<S>; raw: string }> {
  const raw = await c.req.text();
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ApiException(400, 'invalid_json', 'the body is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw invalidBody(parsed.error);
  return { data: parsed.data, raw };
}
