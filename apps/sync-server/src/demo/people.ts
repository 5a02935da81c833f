import { randomInt } from 'node:crypto';
import type { AssociateRole } from '@aisle/domain/protocol';
import { createAssociate, issueAdminKey } from '../auth/associates.ts';
import type { Db } from '../storage/db.ts';

export interface DemoPerson {
  name: string;
  role: AssociateRole;
  locationId: string | null;
  badge: string;
  pin: string;
}

const PEOPLE: readonly Omit<DemoPerson, 'badge' | 'pin'>[] = [
  { name: 'Priya Shah', role: 'manager', locationId: null },
  { name: 'Tom Reed', role: 'associate', locationId: 'store-north' },
  { name: 'Ravi Patel', role: 'returns', locationId: 'store-north' },
  { name: 'North Counter', role: 'counter_kiosk', locationId: 'store-north' },
  { name: 'Lena Park', role: 'associate', locationId: 'store-south' },
  { name: 'Sam Okafor', role: 'picker', locationId: 'wh-central' },
];

/**
 * The demo tenant's admin key and staff. Their badges and PINs exist in
 * plaintext only in `demo-credentials.json` (the database holds hashes), so
 * they are created once, with the tenant, and read back from the file after.
 */
export async function ensureDemoPeople(
  db: Db,
  tenantId: string,
  saved: { adminKey?: string; people?: DemoPerson[] } | null,
  fresh: boolean,
  now: Date,
): Promise<{ adminKey: string; people: DemoPerson[] }> {
  const adminKey = !fresh && saved?.adminKey ? saved.adminKey : await issueAdminKey(db, tenantId);
  if (!fresh && saved?.people) return { adminKey, people: saved.people };
  const people: DemoPerson[] = [];
  await db.transaction(async (tx) => {
    for (const p of PEOPLE) {
      const [first = p.name, ...rest] = p.name.split(' ');
      const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const { badge } = await createAssociate(tx, { tenantId, firstName: first, lastName: rest.join(' '), role: p.role, locationId: p.locationId, pin }, now);
      people.push({ ...p, badge, pin });
    }
  });
  return { adminKey, people };
}
