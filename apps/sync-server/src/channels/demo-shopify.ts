import type { Db } from '../storage/db.ts';
import { newSigningSecret, upsertChannel } from './channels.ts';

export const DEMO_SHOPIFY_SHOP_DOMAIN = 'aisle-demo.myshopify.com';

/** Shopify location ids of the demo shop, with the names its local pickup writes into shipping lines. */
const DEMO_SHOPIFY_LOCATIONS = [
  { externalLocationId: '72455651503', locationId: 'store-north', pickupCode: 'North Street Store' },
  { externalLocationId: '72455684271', locationId: 'store-south', pickupCode: 'South Mall Store' },
];

/**
 * The demo tenant's `shopify` channel. Its shared secret lives in
 * `demo-credentials.json` (and, as every HMAC secret, in the database as is):
 * a restart keeps the saved one, a missing one is replaced by a fresh secret.
 */
export async function ensureDemoShopifyChannel(
  db: Db,
  tenantId: string,
  savedSecret: string | undefined,
): Promise<{ shopifySecret: string; shopifyShopDomain: string }> {
  const { rows } = await db.query("SELECT 1 FROM channels WHERE tenant_id = $1 AND id = 'shopify'", [tenantId]);
  const shopifySecret = savedSecret ?? newSigningSecret('shpss');
  if (rows.length === 0 || savedSecret === undefined) {
    await db.transaction((tx) =>
      upsertChannel(tx, {
        tenantId,
        id: 'shopify',
        kind: 'shopify',
        shopify: { shopDomain: DEMO_SHOPIFY_SHOP_DOMAIN, secret: shopifySecret },
        locations: DEMO_SHOPIFY_LOCATIONS,
      }),
    );
  }
  return { shopifySecret, shopifyShopDomain: DEMO_SHOPIFY_SHOP_DOMAIN };
}
