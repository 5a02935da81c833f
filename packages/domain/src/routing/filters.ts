import type { DeliveryMethod } from '../fulfilment-order/fulfilment-order.ts';
import type { LocationId, Sku } from '../ids.ts';
import { ROUTING_FILTERS, type FilterStep, type RemovalReason, type RoutingFilter } from './decision.ts';
import { localMinuteOfDay } from './geo.ts';
import type { RoutingLocation, RoutingOrder, RoutingOrderLine } from './input.ts';
import type { RoutingPolicy } from './policy.ts';

/** What the filters need to know, supplied by `routeOrder` so each filter stays a small pure check. */
export interface FilterEnv {
  readonly method: DeliveryMethod;
  readonly order: RoutingOrder;
  /** The lines being placed by this run (ship lines, or pickup lines). */
  readonly lines: readonly RoutingOrderLine[];
  readonly policy: RoutingPolicy;
  readonly excluded: ReadonlySet<LocationId>;
  readonly rejecting: ReadonlySet<LocationId>;
  readonly shipToLocated: boolean;
  /** Null when the location's own coordinates are unknown (or the ship-to's). */
  readonly distanceKm: (location: RoutingLocation) => number | null;
  readonly usable: (locationId: LocationId, sku: Sku) => number;
  /** Fulfilment orders this same order already gives the location (its pickup). */
  readonly ordersAlreadyTaken: (locationId: LocationId) => number;
  readonly nowEpochMs: number;
}

type Verdict =
  | { readonly action: 'remove'; readonly reason: RemovalReason; readonly detail: string }
  | { readonly action: 'penalise'; readonly detail: string }
  | null;

interface FilterDefinition {
  readonly appliesTo: readonly DeliveryMethod[];
  /** Capability and exclusion are correctness, not preference: a policy cannot turn them off. */
  readonly enabled: (policy: RoutingPolicy) => boolean;
  /** Why an enabled filter cannot act for this order, if it cannot. */
  readonly note: (env: FilterEnv) => string | null;
  readonly check: (location: RoutingLocation, env: FilterEnv) => Verdict;
}

const remove = (reason: RemovalReason, detail: string): Verdict => ({ action: 'remove', reason, detail });
const always = (): boolean => true;
const noNote = (): null => null;

/**
 * RT4: a store ships only while `ship_from_store` is on, even if it also lists
 * `ship`, so switching ship-from-store off before a peak weekend really stops it.
 */
export function canShip(location: RoutingLocation): boolean {
  return location.capabilities.includes(location.kind === 'store' ? 'ship_from_store' : 'ship');
}

/** RT3: one definition per filter, keyed by the complete list so none can be forgotten. */
const FILTER_DEFINITIONS: Record<RoutingFilter, FilterDefinition> = {
  capability: {
    appliesTo: ['ship', 'pickup'],
    enabled: always,
    note: noNote,
    check: (location, env) => {
      if (env.method === 'ship') {
        return canShip(location)
          ? null
          : remove('lacks_capability', location.kind === 'store' ? 'store without ship_from_store' : `${location.kind} without ship`);
      }
      if (!location.capabilities.includes('pickup')) return remove('lacks_capability', 'no pickup');
      if (env.order.curbside === true && !location.capabilities.includes('curbside')) {
        return remove('lacks_capability', 'curbside requested, not offered');
      }
      return null;
    },
  },
  channel: {
    appliesTo: ['ship', 'pickup'],
    enabled: (policy) => policy.filters.channelEligibility.enabled,
    note: noNote,
    check: (location, env) =>
      location.eligibleChannels === undefined || location.eligibleChannels.includes(env.order.channel)
        ? null
        : remove('channel_not_eligible', `serves ${location.eligibleChannels.join(', ') || 'no channel'}, not ${env.order.channel}`),
  },
  exclusion: {
    appliesTo: ['ship', 'pickup'],
    enabled: always,
    note: noNote,
    check: (location, env) => {
      if (env.rejecting.has(location.id)) return remove('rejected_order', 'rejected this order before');
      if (env.excluded.has(location.id)) return remove('excluded', 'excluded for this routing run');
      return null;
    },
  },
  max_distance: {
    appliesTo: ['ship'],
    enabled: (policy) => policy.filters.maxDistance.enabled,
    note: (env) => (env.shipToLocated ? null : 'ship-to address could not be located: no distance limit applied'),
    check: (location, env) => {
      if (!env.shipToLocated) return null;
      const km = env.distanceKm(location);
      if (km === null) return remove('location_geo_unknown', 'location could not be located, so its distance is unknown');
      const max = env.policy.filters.maxDistance.maxKm;
      return km > max ? remove('too_far', `${km.toFixed(1)} km > ${max} km`) : null;
    },
  },
  safety_stock: {
    appliesTo: ['ship', 'pickup'],
    // The stock check itself always runs (a location with nothing to give is no candidate); the policy only sets the units held back.
    enabled: always,
    note: noNote,
    check: (location, env) => {
      const wholeLines = env.method === 'pickup' || !env.policy.options.splitLines;
      const covers = env.lines.some((line) => {
        const usable = env.usable(location.id, line.sku);
        return wholeLines ? usable >= line.quantity : usable > 0;
      });
      if (covers) return null;
      const held = env.policy.filters.brokeringSafetyStock.enabled ? env.policy.filters.brokeringSafetyStock.units : 0;
      return remove(
        'no_usable_stock',
        `${wholeLines ? 'covers no whole line' : 'no usable unit of any line'} after holding back ${held} unit(s) of safety stock`,
      );
    },
  },
  capacity: {
    appliesTo: ['ship', 'pickup'],
    enabled: (policy) => policy.filters.capacity.enabled,
    note: noNote,
    check: (location, env) => {
      const taken = location.usedCapacityToday + env.ordersAlreadyTaken(location.id);
      return taken + 1 > location.dailyCapacity
        ? remove('at_capacity', `${taken}/${location.dailyCapacity} orders taken today`)
        : null;
    },
  },
  cutoff: {
    appliesTo: ['ship'],
    enabled: (policy) => policy.filters.cutoff.enabled,
    note: noNote,
    check: (location, env) => {
      const cutoff = location.carrierCutoff;
      if (cutoff === null) return null;
      const local = localMinuteOfDay(env.nowEpochMs, cutoff.utcOffsetMinutes);
      if (local < cutoff.localMinutes) return null;
      const detail = `local time ${clock(local)} is at or past the ${clock(cutoff.localMinutes)} carrier cut-off`;
      return env.policy.filters.cutoff.mode === 'filter' ? remove('past_cutoff', detail) : { action: 'penalise', detail };
    },
  },
};

const clock = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export interface FilterRun {
  readonly steps: FilterStep[];
  readonly survivors: RoutingLocation[];
  /**
   * Survivors of the filters that do not change from day to day (capability,
   * channel, exclusion, distance): where a backorder may wait for inbound stock.
   */
  readonly staticSurvivors: RoutingLocation[];
  readonly penalised: ReadonlySet<LocationId>;
}

const STATIC_FILTERS: ReadonlySet<RoutingFilter> = new Set(['capability', 'channel', 'exclusion', 'max_distance']);

/** RT3: runs the filters that apply to `env.method`, in the fixed order, recording every removal. */
export function runFilters(locations: readonly RoutingLocation[], env: FilterEnv): FilterRun {
  const steps: FilterStep[] = [];
  const penalised = new Set<LocationId>();
  let survivors = [...locations];
  let staticSurvivors = survivors;
  for (const name of ROUTING_FILTERS) {
    const def = FILTER_DEFINITIONS[name];
    if (!def.appliesTo.includes(env.method)) continue;
    const enabled = def.enabled(env.policy);
    const step: FilterStep = { filter: name, enabled, note: enabled ? def.note(env) : null, removed: [], penalised: [] };
    steps.push(step);
    if (enabled) {
      const kept: RoutingLocation[] = [];
      for (const location of survivors) {
        const verdict = def.check(location, env);
        if (verdict === null) kept.push(location);
        else if (verdict.action === 'remove') step.removed.push({ locationId: location.id, reason: verdict.reason, detail: verdict.detail });
        else {
          penalised.add(location.id);
          step.penalised.push({ locationId: location.id, detail: verdict.detail });
          kept.push(location);
        }
      }
      survivors = kept;
    }
    if (STATIC_FILTERS.has(name)) staticSurvivors = survivors;
  }
  return { steps, survivors, staticSurvivors, penalised };
}
