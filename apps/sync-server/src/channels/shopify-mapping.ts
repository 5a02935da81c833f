import { CaptureOrderRequest } from '@aisle/domain/protocol';
import type { ChannelView } from './channels.ts';
import { decimalToMinor } from './money.ts';
import type { ShopifyOrder } from './shopify-order.ts';

/**
 * Shopify `orders/create` → Aisle `CaptureOrderRequest`, as a pure function.
 *
 * - **externalId** is the Shopify order id as its exact decimal string.
 * - **Lines** are keyed by `sku`; line items sharing a SKU are summed (Aisle
 *   takes each SKU once per delivery method). A line item without a SKU is
 *   refused: Aisle fulfils by SKU.
 * - **Unit price** is what was paid per unit, in minor units: for each SKU,
 *   Σ(price × quantity − discounts) ÷ Σ quantity, in BigInt on the decimal
 *   strings. A line item's discounts are the sum of its `discount_allocations`
 *   (which include its share of order-level discount codes); `total_discount`
 *   is used only when a payload has no `discount_allocations`, because recent
 *   API versions report the same discount in both. When the total does not
 *   divide evenly the unit price is rounded DOWN, so refunding every unit
 *   never returns more than was paid (the shortfall is < 1 minor unit per
 *   unit). Prices keep the shop's tax basis (`taxes_included`).
 * - **Pickup vs shipping** (the orders/create payload has no pickup flag and
 *   no pickup location id; `delivery_category` has been empty since 2020 and
 *   was removed in API 2023-07): a shipping line is a local pickup when its
 *   `source` is `"shopify"` and its `code` equals (trimmed, case-insensitive)
 *   the `pickupCode` of one of the channel's mapped locations — Shopify's
 *   local pickup writes the pickup location's name there. The order is then a
 *   pickup order at that location's Aisle store. With no pickup line it is a
 *   shipping order and needs a `shipping_address`. Pickup at two locations, or
 *   pickup next to a shipping line (a split cart), is refused: the payload does
 *   not say which line items go where.
 * - **shipTo** comes from `shipping_address`, with `geo` when both latitude
 *   and longitude are present.
 */
export type ShopifyMappingResult =
  | { ok: true; request: CaptureOrderRequest; fieldOf: (aislePath: string) => string }
  | { ok: false; field: string; message: string };

type Locations = ChannelView['locations'];

const fail = (field: string, message: string): ShopifyMappingResult => ({ ok: false, field, message });

export function mapShopifyOrder(order: ShopifyOrder, locations: Locations): ShopifyMappingResult {
  const currency = order.currency;
  // Aisle path → the Shopify field it came from, so every error names what the sender can fix.
  const sources = new Map<string, string>([['externalId', 'id'], ['currency', 'currency']]);

  const bySku = new Map<string, { quantity: number; paidMinor: bigint; firstIndex: number }>();
  for (const [i, item] of order.line_items.entries()) {
    if (!item.sku) return fail(`line_items.${i}.sku`, `line item ${item.id}${item.title ? ` (${item.title})` : ''} has no SKU; Aisle fulfils by SKU`);
    const price = decimalToMinor(item.price, currency);
    if (!price.ok) return fail(`line_items.${i}.price`, price.reason);
    let discount = 0n;
    if (item.discount_allocations) {
      for (const [j, allocation] of item.discount_allocations.entries()) {
        const amount = decimalToMinor(allocation.amount, currency);
        if (!amount.ok) return fail(`line_items.${i}.discount_allocations.${j}.amount`, amount.reason);
        discount += amount.minor;
      }
    } else if (item.total_discount) {
      const amount = decimalToMinor(item.total_discount, currency);
      if (!amount.ok) return fail(`line_items.${i}.total_discount`, amount.reason);
      discount = amount.minor;
    }
    const paid = price.minor * BigInt(item.quantity) - discount;
    if (paid < 0n) return fail(`line_items.${i}.discount_allocations`, 'the discounts exceed the line item price');
    const group = bySku.get(item.sku);
    if (group) {
      group.quantity += item.quantity;
      group.paidMinor += paid;
    } else {
      bySku.set(item.sku, { quantity: item.quantity, paidMinor: paid, firstIndex: i });
    }
  }
  const lines = [...bySku].map(([sku, g], n) => {
    sources.set(`lines.${n}.sku`, `line_items.${g.firstIndex}.sku`);
    sources.set(`lines.${n}.quantity`, `line_items.${g.firstIndex}.quantity`);
    sources.set(`lines.${n}.unitPriceMinor`, `line_items.${g.firstIndex}.price`);
    sources.set(`lines.${n}`, `line_items.${g.firstIndex}`);
    // BigInt floor division: rounds down for non-negative amounts.
    return { sku, quantity: g.quantity, unitPriceMinor: Number(g.paidMinor / BigInt(g.quantity)) };
  });

  const pickupByCode = new Map(locations.filter((l) => l.pickupCode).map((l) => [normalizeCode(l.pickupCode ?? ''), l]));
  const pickups: { index: number; locationId: string }[] = [];
  const others: number[] = [];
  for (const [j, line] of order.shipping_lines.entries()) {
    const location = line.source === 'shopify' && line.code ? pickupByCode.get(normalizeCode(line.code)) : undefined;
    if (location) pickups.push({ index: j, locationId: location.locationId });
    else others.push(j);
  }

  const first = order.customer?.first_name ?? order.shipping_address?.first_name ?? order.billing_address?.first_name;
  const last = order.customer?.last_name ?? order.shipping_address?.last_name ?? order.billing_address?.last_name;
  if (!first) return fail('customer.first_name', 'the order has no customer first name (customer, shipping or billing address)');
  if (!last) return fail('customer.last_name', 'the order has no customer last name (customer, shipping or billing address)');
  sources.set('customer.firstName', order.customer?.first_name ? 'customer.first_name' : order.shipping_address?.first_name ? 'shipping_address.first_name' : 'billing_address.first_name');
  sources.set('customer.lastName', order.customer?.last_name ? 'customer.last_name' : order.shipping_address?.last_name ? 'shipping_address.last_name' : 'billing_address.last_name');
  const email = order.email ?? order.customer?.email;
  sources.set('customer.email', order.email ? 'email' : 'customer.email');
  const phone = order.customer?.phone ?? order.phone;
  sources.set('customer.phone', order.customer?.phone ? 'customer.phone' : 'phone');
  const customer = { firstName: first, lastName: last, ...(email ? { email } : {}), ...(phone ? { phone } : {}) };

  // Typed by the CaptureOrderRequest parse below, which also validates what is mapped here.
  let delivery: Record<string, unknown>;
  const pickup = pickups[0];
  if (pickup) {
    const elsewhere = pickups.find((p) => p.locationId !== pickup.locationId);
    if (elsewhere) return fail(`shipping_lines.${elsewhere.index}.code`, 'pickup at more than one location in one order');
    const shipped = others[0];
    if (shipped !== undefined) {
      return fail(`shipping_lines.${shipped}`, 'pickup and shipping in one order: the payload does not say which line items are picked up');
    }
    sources.set('pickupLocationId', `shipping_lines.${pickup.index}.code`);
    sources.set('deliveryMethod', 'shipping_lines');
    delivery = { deliveryMethod: 'pickup', pickupLocationId: pickup.locationId };
  } else {
    const a = order.shipping_address;
    if (!a) return fail('shipping_address', 'a shipping order needs a shipping_address (no shipping line is a mapped local pickup)');
    for (const [aisle, shopify] of [
      ['name', 'name'], ['line1', 'address1'], ['line2', 'address2'], ['city', 'city'], ['postalCode', 'zip'],
      ['region', 'province_code'], ['country', 'country_code'], ['geo.lat', 'latitude'], ['geo.lon', 'longitude'], ['geo', 'latitude'],
    ] as const) {
      sources.set(`shipTo.${aisle}`, `shipping_address.${shopify}`);
    }
    sources.set('shipTo', 'shipping_address');
    sources.set('deliveryMethod', 'shipping_lines');
    const name = a.name ?? [a.first_name, a.last_name].filter(Boolean).join(' ');
    const shipTo = {
      ...(name ? { name } : {}),
      line1: a.address1 ?? '',
      ...(a.address2 ? { line2: a.address2 } : {}),
      city: a.city ?? '',
      postalCode: a.zip ?? '',
      ...(a.province_code ? { region: a.province_code } : {}),
      country: (a.country_code ?? '').toUpperCase(),
      ...(a.latitude !== null && a.latitude !== undefined && a.longitude !== null && a.longitude !== undefined ? { geo: { lat: a.latitude, lon: a.longitude } } : {}),
    };
    delivery = { deliveryMethod: 'ship', shipTo };
  }

  const parsed = CaptureOrderRequest.safeParse({ externalId: order.id, customer, currency, lines, ...delivery });
  const fieldOf = (aislePath: string) => shopifyField(sources, aislePath);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).map(String).join('.');
    return fail(fieldOf(path), issue?.message ?? 'the order cannot be mapped');
  }
  return { ok: true, request: parsed.data, fieldOf };
}

function normalizeCode(code: string): string {
  return code.trim().toLowerCase();
}

/** The longest known prefix wins: `lines.1.quantity` → `line_items.3.quantity`. */
function shopifyField(sources: Map<string, string>, aislePath: string): string {
  const parts = aislePath.split('.');
  for (let n = parts.length; n > 0; n--) {
    const hit = sources.get(parts.slice(0, n).join('.'));
    if (hit) return [hit, ...parts.slice(n)].join('.');
  }
  return aislePath;
}
