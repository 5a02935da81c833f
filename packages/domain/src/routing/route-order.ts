/**
 * Distributed order routing (RT rules in spec-drafts/routing.md).
 *
 *   order ──┬─ pickup lines ─▶ pickup filters ─▶ pinned to the chosen store ─▶ issues + alternatives
 *           └─ ship lines ───▶ ship filters ───▶ cost model + search ─▶ shipments
 *                                                         └─ shortfall ─▶ backorder (inbound) | unfillable
 *
 * Pickup goes first and takes its units from the store's stock, because the
 * customer chose that store: a ship line may not empty the shelf under them.
 * The ship search (search.ts) evaluates single locations, a greedy cover by
 * marginal cost per unit, and a drop/add/swap local search; a plan is judged by
 * units left unfilled first and cost second, so routing never trades a sale for
 * a cheaper parcel. Everything is integers in minor units, locations are
 * sorted by id on the way in and every tie is broken by a fixed order of
 * locations, so the PWA's optimistic run and the server's authoritative run
 * give the same answer for the same input, however it was listed.
 */
import type { LocationId, Sku } from '../ids.ts';
import { costBreakdown, shipmentTerms, type ShipmentTerms } from './cost.ts';
import type {
  Backorder,
  CandidateScore,
  FilterStep,
  PickupAlternatives,
  PickupIssue,
  PlannedLine,
  PlannedPickup,
  PlannedShipment,
  RoutingDecision,
  ShortfallReason,
  UnfillableLine,
} from './decision.ts';
import { runFilters, type FilterEnv, type FilterRun } from './filters.ts';
import { haversineKm, resolveGeo, type ResolvedGeo } from './geo.ts';
import type { RouteOrderInput, RoutingLocation, RoutingOrderLine } from './input.ts';
import { searchAssignment, type SearchResult } from './search.ts';

interface ShipPlan {
  readonly shipments: PlannedShipment[];
  /** Units placed per line id. */
  readonly placed: Map<string, number>;
  readonly search: SearchResult;
  readonly candidates: CandidateScore[];
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function routeOrder(input: RouteOrderInput): RoutingDecision {
  const { order, policy, context } = input;
  const nowEpochMs = Date.parse(context.now);
  if (Number.isNaN(nowEpochMs)) throw new Error(`routeOrder: context.now is not an ISO instant: ${context.now}`);
  const locations = [...input.locations].sort(byId);
  const locationById = new Map<LocationId, RoutingLocation>();
  const locIndex = new Map<LocationId, number>();
  locations.forEach((l, i) => {
    if (locIndex.has(l.id)) throw new Error(`routeOrder: location ${l.id} listed twice`);
    locIndex.set(l.id, i);
    locationById.set(l.id, l);
  });

  // --- stock: what this decision may still take, never beyond ATP (RT15) ---
  // Dense arrays over (location × the order's SKUs): the search reads them thousands of times.
  const skuIdx = new Map<Sku, number>();
  for (const line of order.lines) if (!skuIdx.has(line.sku)) skuIdx.set(line.sku, skuIdx.size);
  const K = skuIdx.size;
  const atp = new Int32Array(locations.length * K);
  const inbound = new Int32Array(locations.length * K);
  const taken = new Int32Array(locations.length * K);
  const inboundTaken = new Int32Array(locations.length * K);
  const listed = new Uint8Array(locations.length * K);
  for (const a of input.availability) {
    const li = locIndex.get(a.locationId);
    const k = skuIdx.get(a.sku);
    if (li === undefined || k === undefined) continue;
    const at = li * K + k;
    if (listed[at]) throw new Error(`routeOrder: availability listed twice for ${a.locationId} / ${a.sku}`);
    listed[at] = 1;
    atp[at] = a.atp;
    inbound[at] = a.inboundWithinHorizon;
  }
  const safety = policy.filters.brokeringSafetyStock.enabled ? policy.filters.brokeringSafetyStock.units : 0;
  const cell = (locationId: LocationId, sku: Sku): number => locIndex.get(locationId)! * K + skuIdx.get(sku)!;
  const usableAt = (at: number): number => Math.max(0, atp[at]! - safety - taken[at]!);
  const usable = (locationId: LocationId, sku: Sku): number =>
    locIndex.has(locationId) ? usableAt(cell(locationId, sku)) : 0;
  const inboundLeft = (locationId: LocationId, sku: Sku): number => {
    const at = cell(locationId, sku);
    return Math.max(0, inbound[at]! - inboundTaken[at]!);
  };
  const take = (locationId: LocationId, sku: Sku, quantity: number): void => {
    taken[cell(locationId, sku)]! += quantity;
  };

  // --- geo (RT11) ---
  const shipToGeo: ResolvedGeo = order.shipTo ? resolveGeo(order.shipTo, policy.geoFallback) : { point: null, source: 'none' };
  const locationGeo = new Array<ResolvedGeo | undefined>(locations.length);
  const geoOf = (location: RoutingLocation): ResolvedGeo => {
    const li = locIndex.get(location.id)!;
    return (locationGeo[li] ??= resolveGeo(location.address, policy.geoFallback));
  };
  const distanceCache = new Array<number | null | undefined>(locations.length);
  const distanceKm = (location: RoutingLocation): number | null => {
    const li = locIndex.get(location.id)!;
    let d = distanceCache[li];
    if (d === undefined) {
      const here = geoOf(location).point;
      d = distanceCache[li] = here && shipToGeo.point ? haversineKm(here, shipToGeo.point) : null;
    }
    return d;
  };

  const excluded = new Set(context.excludedLocationIds);
  const rejecting = new Set(context.rejectingLocationIds);
  const pickupLines: RoutingOrderLine[] = [];
  const shipLines: RoutingOrderLine[] = [];
  for (const line of order.lines) (line.deliveryMethod === 'pickup' ? pickupLines : shipLines).push(line);
  let pickupStoreTakesOrder: LocationId | null = null;
  const envFor = (method: FilterEnv['method'], lines: readonly RoutingOrderLine[]): FilterEnv => ({
    method,
    order,
    lines,
    policy,
    excluded,
    rejecting,
    shipToLocated: shipToGeo.point !== null,
    distanceKm,
    usable,
    ordersAlreadyTaken: (id) => (id === pickupStoreTakesOrder ? 1 : 0),
    nowEpochMs,
  });

  // --- pickup: pinned to the chosen store (RT20) ---
  let pickup: PlannedPickup | null = null;
  const pickupIssues: PickupIssue[] = [];
  let pickupRun: FilterRun | null = null;
  if (pickupLines.length > 0) {
    pickupRun = runFilters(locations, envFor('pickup', pickupLines));
    const storeId = order.pickupLocationId;
    const issue = (line: RoutingOrderLine, reason: PickupIssue['reason'], detail: string): void => {
      pickupIssues.push({ lineId: line.lineId, sku: line.sku, quantity: line.quantity, reason, detail });
    };
    const store = storeId === undefined ? undefined : pickupRun.survivors.find((l) => l.id === storeId);
    if (storeId === undefined) {
      for (const line of pickupLines) issue(line, 'no_pickup_location', 'the order names no pickup store');
    } else if (!store) {
      const removal = pickupRun.steps.flatMap((s) => s.removed).find((r) => r.locationId === storeId);
      for (const line of pickupLines) {
        if (!removal) issue(line, 'pickup_location_unavailable', `${storeId} is not a known location`);
        else if (removal.reason === 'no_usable_stock') {
          issue(line, 'insufficient_stock_at_store', `${storeId} has ${usable(storeId, line.sku)} usable, ${line.quantity} needed`);
        } else issue(line, 'pickup_location_unavailable', `${storeId}: ${removal.reason} (${removal.detail})`);
      }
    } else {
      const lines: PlannedLine[] = [];
      for (const line of pickupLines) {
        const have = usable(store.id, line.sku);
        if (have >= line.quantity) {
          take(store.id, line.sku, line.quantity);
          lines.push({ lineId: line.lineId, sku: line.sku, quantity: line.quantity });
        } else issue(line, 'insufficient_stock_at_store', `${store.id} has ${have} usable, ${line.quantity} needed`);
      }
      if (lines.length > 0) {
        const units = lines.reduce((s, l) => s + l.quantity, 0);
        pickup = { locationId: store.id, lines, handlingMinor: store.handlingCostPerOrder + units * store.handlingCostPerUnit };
        pickupStoreTakesOrder = store.id;
      }
    }
  }

  // --- ship: filters, cost model, search (RT3–RT19) ---
  const termsFor = (location: RoutingLocation, penalised: ReadonlySet<LocationId>): ShipmentTerms =>
    shipmentTerms(location, distanceKm(location), policy, {
      pastCutoffPenalised: penalised.has(location.id),
      ordersAlreadyTakenByThisOrder: location.id === pickupStoreTakesOrder ? 1 : 0,
    });

  function planShipments(lines: readonly RoutingOrderLine[], run: FilterRun, commit: boolean): ShipPlan {
    const skus: Sku[] = [];
    const skuIndex = new Map<Sku, number>();
    for (const line of lines) {
      if (!skuIndex.has(line.sku)) {
        skuIndex.set(line.sku, skus.length);
        skus.push(line.sku);
      }
    }
    const width = skus.length;
    const candidates = run.survivors;
    const terms = candidates.map((c) => termsFor(c, run.penalised));
    const stock = new Array<number>(candidates.length * width);
    const globalSku = skus.map((sku) => skuIdx.get(sku)!);
    candidates.forEach((c, ci) => {
      const base = locIndex.get(c.id)! * K;
      for (let k = 0; k < skus.length; k++) stock[ci * width + k] = usableAt(base + globalSku[k]!);
    });
    const search = searchAssignment({
      skuCount: width,
      lines: lines.map((l) => ({ sku: skuIndex.get(l.sku)!, quantity: l.quantity })),
      fixed: terms.map((t) => t.fixedMinor),
      unit: terms.map((t) => t.perUnitMinor),
      stock,
      splitPenalty: policy.cost.splitPenaltyMinor,
      maxLocations: policy.options.shipComplete ? 1 : policy.options.maxSplits + 1,
      splitLines: policy.options.splitLines,
      singleOnly: policy.options.shipComplete,
    });

    const placed = new Map<string, number>();
    const linesAt = new Map<number, PlannedLine[]>();
    for (const a of search.allocations) {
      const line = lines[a.line]!;
      placed.set(line.lineId, (placed.get(line.lineId) ?? 0) + a.quantity);
      let list = linesAt.get(a.candidate);
      if (!list) linesAt.set(a.candidate, (list = []));
      list.push({ lineId: line.lineId, sku: line.sku, quantity: a.quantity });
    }
    // Built by push, not `map`: see "Known gotchas" on V8 deoptimisation loops.
    const shipments: PlannedShipment[] = [];
    for (const ci of search.used) {
      const location = candidates[ci]!;
      const planned = linesAt.get(ci) ?? [];
      let units = 0;
      for (const l of planned) units += l.quantity;
      shipments.push({ locationId: location.id, distanceKm: distanceKm(location), lines: planned, cost: costBreakdown(terms[ci]!, units) });
    }
    if (commit) for (const s of shipments) for (const l of s.lines) take(s.locationId, l.sku, l.quantity);

    const demand = skus.map((sku) => lines.reduce((s, l) => s + (l.sku === sku ? l.quantity : 0), 0));
    const byQuantity = [...lines].sort((a, b) => b.quantity - a.quantity);
    const chosen = new Set(search.used);
    const scores: CandidateScore[] = candidates.map((c, ci) => {
      let coverable = 0;
      if (policy.options.splitLines) {
        for (let k = 0; k < width; k++) coverable += Math.min(demand[k]!, stock[ci * width + k]!);
      } else {
        const left = stock.slice(ci * width, ci * width + width);
        for (const line of byQuantity) {
          const k = skuIndex.get(line.sku)!;
          if (left[k]! >= line.quantity) {
            left[k]! -= line.quantity;
            coverable += line.quantity;
          }
        }
      }
      return {
        locationId: c.id,
        distanceKm: distanceKm(c),
        coverableUnits: coverable,
        cost: costBreakdown(terms[ci]!, coverable),
        chosen: chosen.has(ci),
      };
    });
    return { shipments, placed, search, candidates: scores };
  }

  const shipments: PlannedShipment[] = [];
  let shipSteps: FilterStep[] = [];
  let candidates: CandidateScore[] = [];
  let searchStats: RoutingDecision['explanation']['search'] = { foundBy: 'none', evaluations: 0 };
  const backorders: Backorder[] = [];
  const unfillable: UnfillableLine[] = [];

  if (shipLines.length > 0 && !order.shipTo) {
    for (const line of shipLines) {
      unfillable.push({ lineId: line.lineId, sku: line.sku, quantity: line.quantity, reason: 'no_ship_to_address', detail: 'a ship line needs a ship-to address' });
    }
  } else if (shipLines.length > 0) {
    const shipRun = runFilters(locations, envFor('ship', shipLines));
    shipSteps = shipRun.steps;
    const plan = planShipments(shipLines, shipRun, true);
    shipments.push(...plan.shipments);
    candidates = plan.candidates;
    searchStats = { foundBy: plan.search.foundBy, evaluations: plan.search.evaluations };
    placeShortfall(shipLines, plan.placed, shipRun);
  }

  /** RT19, RT22: what the plan could not ship now waits for inbound stock, or joins the unfillable queue. */
  function placeShortfall(lines: readonly RoutingOrderLine[], placed: ReadonlyMap<string, number>, run: FilterRun): void {
    const open = lines
      .map((line) => ({ line, remaining: line.quantity - (placed.get(line.lineId) ?? 0) }))
      .filter((o) => o.remaining > 0);
    if (open.length === 0) return;
    const staticIds = new Set(run.staticSurvivors.map((l) => l.id));
    const noneEligible = run.staticSurvivors.length === 0;
    const backorderCost = (location: RoutingLocation, units: number): number => {
      const t = termsFor(location, run.penalised);
      return t.fixedMinor + units * t.perUnitMinor;
    };
    const claim = (location: RoutingLocation, sku: Sku, quantity: number): number => {
      const fromStock = Math.min(quantity, usable(location.id, sku));
      take(location.id, sku, fromStock);
      const fromInbound = quantity - fromStock;
      inboundTaken[cell(location.id, sku)]! += fromInbound;
      return fromInbound;
    };
    const unfill = (line: RoutingOrderLine, quantity: number, reason: ShortfallReason, detail: string): void => {
      unfillable.push({ lineId: line.lineId, sku: line.sku, quantity, reason, detail });
    };

    if (policy.options.shipComplete) {
      // Everything waits together, at one location that will be able to send it all.
      const demand = new Map<Sku, number>();
      for (const line of lines) demand.set(line.sku, (demand.get(line.sku) ?? 0) + line.quantity);
      const totalUnits = lines.reduce((s, l) => s + l.quantity, 0);
      let best: { location: RoutingLocation; cost: number } | null = null;
      for (const location of run.staticSurvivors) {
        let needsInbound = false;
        let covers = true;
        for (const [sku, units] of demand) {
          const free = usable(location.id, sku);
          if (free + inboundLeft(location.id, sku) < units) covers = false;
          if (free < units) needsInbound = true;
        }
        if (!covers || !needsInbound) continue;
        const cost = backorderCost(location, totalUnits);
        if (best === null || cost < best.cost) best = { location, cost };
      }
      for (const line of lines) {
        if (noneEligible) unfill(line, line.quantity, 'no_eligible_location', 'no location passed capability, channel, exclusion and distance');
        else if (best) {
          const inboundUnits = claim(best.location, line.sku, line.quantity);
          backorders.push({ lineId: line.lineId, sku: line.sku, quantity: line.quantity, locationId: best.location.id, inboundUnits, reason: 'ship_complete', detail: `ships complete from ${best.location.id} once inbound supply lands` });
        } else unfill(line, line.quantity, 'ship_complete', 'no single location can send every ship line, now or with inbound supply');
      }
      return;
    }

    const todayIds = new Set(run.survivors.map((l) => l.id));
    for (const { line, remaining } of open) {
      let reason: ShortfallReason;
      const wholeLine = !policy.options.splitLines;
      const coverable = (ids: Iterable<LocationId>): boolean => {
        let total = 0;
        for (const id of ids) {
          const free = usable(id, line.sku);
          if (wholeLine ? free >= remaining : (total += free) >= remaining) return true;
        }
        return false;
      };
      if (noneEligible) reason = 'no_eligible_location';
      else if (coverable(todayIds)) reason = 'split_limit';
      else if (coverable([...staticIds].filter((id) => !todayIds.has(id)))) reason = 'unavailable_today';
      else reason = 'insufficient_stock';

      let best: { location: RoutingLocation; cost: number } | null = null;
      for (const location of run.staticSurvivors) {
        const free = usable(location.id, line.sku);
        if (free >= remaining || free + inboundLeft(location.id, line.sku) < remaining) continue;
        const cost = backorderCost(location, remaining);
        if (best === null || cost < best.cost) best = { location, cost };
      }
      if (best) {
        const inboundUnits = claim(best.location, line.sku, remaining);
        backorders.push({ lineId: line.lineId, sku: line.sku, quantity: remaining, locationId: best.location.id, inboundUnits, reason, detail: `${inboundUnits} unit(s) inbound at ${best.location.id}` });
      } else {
        unfill(line, remaining, reason, SHORTFALL_DETAIL[reason]);
      }
    }
  }

  // --- pickup alternatives (RT21), offered, never applied ---
  let pickupAlternatives: PickupAlternatives | null = null;
  if (pickupIssues.length > 0 && pickupRun) {
    const issueLines = pickupIssues.map((i) => pickupLines.find((l) => l.lineId === i.lineId)!);
    const chosen = order.pickupLocationId === undefined ? undefined : locationById.get(order.pickupLocationId);
    const origin = chosen ? geoOf(chosen).point : shipToGeo.point;
    const stores = pickupRun.survivors
      .filter((s) => s.id !== chosen?.id)
      .map((s) => {
        const left = new Map<Sku, number>();
        const lineIds = issueLines
          .filter((line) => {
            const have = left.get(line.sku) ?? usable(s.id, line.sku);
            if (have < line.quantity) return false;
            left.set(line.sku, have - line.quantity);
            return true;
          })
          .map((l) => l.lineId);
        const here = geoOf(s).point;
        return { locationId: s.id, distanceKm: origin && here ? haversineKm(origin, here) : null, lineIds };
      })
      .filter((s) => s.lineIds.length > 0)
      .sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) || (a.locationId < b.locationId ? -1 : 1))
      .slice(0, policy.options.pickupAlternatives);

    let waitForInbound: PickupAlternatives['waitForInbound'] = null;
    if (chosen) {
      const waitIds = issueLines
        .filter((l) => usable(chosen.id, l.sku) < l.quantity && usable(chosen.id, l.sku) + inboundLeft(chosen.id, l.sku) >= l.quantity)
        .map((l) => l.lineId);
      if (waitIds.length > 0) waitForInbound = { locationId: chosen.id, lineIds: waitIds };
    }

    let shipToHome: PickupAlternatives['shipToHome'] = null;
    if (order.shipTo) {
      const asShip = issueLines.map((l) => ({ ...l, deliveryMethod: 'ship' as const }));
      const quote = planShipments(asShip, runFilters(locations, envFor('ship', asShip)), false);
      const lineIds = asShip.filter((l) => quote.placed.get(l.lineId) === l.quantity).map((l) => l.lineId);
      if (quote.shipments.length > 0) {
        shipToHome = { lineIds, shipments: quote.shipments, totalMinor: quote.search.cost };
      }
    }
    pickupAlternatives = { stores, shipToHome, waitForInbound };
  }

  // --- totals and outcome ---
  // Plain loops, not `reduce`/`filter`: see "Known gotchas" on V8 deoptimisation loops.
  let shipmentsMinor = 0;
  let placedUnits = 0;
  for (const s of shipments) {
    shipmentsMinor += s.cost.totalMinor;
    for (const l of s.lines) placedUnits += l.quantity;
  }
  if (pickup) for (const l of pickup.lines) placedUnits += l.quantity;
  let orderedUnits = 0;
  for (const l of order.lines) orderedUnits += l.quantity;
  const splitPenaltyMinor = shipments.length > 1 ? policy.cost.splitPenaltyMinor * (shipments.length - 1) : 0;
  const pickupHandlingMinor = pickup?.handlingMinor ?? 0;

  const locationsOnFallback: LocationId[] = [];
  locations.forEach((l, li) => {
    if (locationGeo[li] !== undefined && locationGeo[li].source !== 'address') locationsOnFallback.push(l.id);
  });

  return {
    orderId: order.id,
    policy: { id: policy.id, version: policy.version },
    decidedAt: context.now,
    outcome: placedUnits === orderedUnits ? 'fully_routed' : placedUnits === 0 ? 'not_routed' : 'partially_routed',
    shipments,
    pickup,
    pickupIssues,
    pickupAlternatives,
    backorders,
    unfillable,
    totals: {
      shipmentsMinor,
      splitPenaltyMinor,
      pickupHandlingMinor,
      totalMinor: shipmentsMinor + splitPenaltyMinor + pickupHandlingMinor,
    },
    explanation: {
      geo: {
        source: shipToGeo.source,
        point: shipToGeo.point,
        fallbackUsed: shipToGeo.source === 'postal_prefix' || shipToGeo.source === 'region',
        locationsOnFallback,
      },
      filters: { ship: shipSteps, pickup: pickupRun?.steps ?? [] },
      candidates,
      search: searchStats,
    },
  };
}

const SHORTFALL_DETAIL: Record<ShortfallReason, string> = {
  no_ship_to_address: 'a ship line needs a ship-to address',
  no_eligible_location: 'no location passed capability, channel, exclusion and distance',
  insufficient_stock: 'not enough usable stock at eligible locations, and no inbound supply covers it',
  split_limit: 'stock exists but the policy allows no further split',
  unavailable_today: 'stock exists only at locations at capacity or past cut-off today',
  ship_complete: 'no single location can send every ship line',
};
