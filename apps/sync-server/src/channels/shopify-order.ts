import { isLosslessNumber, parse, type LosslessNumber } from 'lossless-json';
import { z } from 'zod';

/**
 * Parses JSON keeping every number as its source text. Shopify ids such as
 * 820982911946154508 exceed 2^53: `JSON.parse` would silently turn that into
 * 820982911946154500, and Node 20's `JSON.parse` reviver has no access to the
 * source text. Throws `SyntaxError` on malformed JSON (and on duplicate keys
 * with different values).
 */
export function parseLosslessJson(text: string): unknown {
  return parse(text);
}

const jsonNumber = z.custom<LosslessNumber>((v) => isLosslessNumber(v), 'expected a number');
const text = (v: string | LosslessNumber) => (typeof v === 'string' ? v.trim() : v.value);

/** An id as an exact decimal string, whether Shopify sent a number or a string. */
const shopifyId = z
  .union([z.string(), jsonNumber])
  .transform(text)
  .pipe(z.string().regex(/^[1-9]\d{0,19}$/, 'expected a Shopify id (a positive integer)'));

/** Shopify sends money as decimal strings ("199.00"); kept as text until converted to minor units. */
const money = z
  .union([z.string(), jsonNumber])
  .transform(text)
  .pipe(z.string().regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal amount such as "19.99"'));

const quantity = jsonNumber
  .transform((n) => n.value)
  .pipe(z.string().regex(/^[1-9]\d{0,5}$/, 'expected a positive whole number of units'))
  .transform(Number)
  .pipe(z.number().int().min(1).max(100_000));

const coordinate = z
  .union([z.string(), jsonNumber])
  .transform((v) => Number(text(v)))
  .pipe(z.number().finite());

/** Shopify writes `null` (or "") for blank fields. */
const blankable = z
  .string()
  .nullish()
  .transform((s) => (s?.trim() ? s.trim() : undefined));

const ShopifyAddress = z.object({
  first_name: blankable,
  last_name: blankable,
  name: blankable,
  address1: blankable,
  address2: blankable,
  city: blankable,
  zip: blankable,
  province_code: blankable,
  country_code: blankable,
  phone: blankable,
  latitude: coordinate.nullish(),
  longitude: coordinate.nullish(),
});

const ShopifyLineItem = z.object({
  id: shopifyId,
  sku: blankable,
  title: blankable,
  quantity,
  price: money,
  total_discount: money.nullish(),
  discount_allocations: z.array(z.object({ amount: money })).nullish(),
});

const ShopifyShippingLine = z.object({
  code: blankable,
  title: blankable,
  source: blankable,
  price: money.nullish(),
});

/** The part of an `orders/create` webhook payload Aisle reads; everything else is ignored. */
export const ShopifyOrder = z.object({
  id: shopifyId,
  name: blankable,
  email: blankable,
  phone: blankable,
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code'),
  customer: z.object({ first_name: blankable, last_name: blankable, email: blankable, phone: blankable }).nullish(),
  line_items: z.array(ShopifyLineItem).min(1).max(500),
  shipping_address: ShopifyAddress.nullish(),
  billing_address: ShopifyAddress.nullish(),
  shipping_lines: z.array(ShopifyShippingLine).nullish().transform((l) => l ?? []),
});
export type ShopifyOrder = z.infer<typeof ShopifyOrder>;
