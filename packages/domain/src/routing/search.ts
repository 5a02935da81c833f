/**
 * The assignment search behind `routeOrder` (RT14–RT18), on plain indices so
 * the hot loop allocates little.
 *
 * A plan is judged by (units left unfilled, cost, shipments), in that order,
 * and last by which locations it uses. For a fixed set S of open locations the
 * best assignment is easy: with split lines, each SKU's demand is filled from
 * the members of S with the lowest per-unit handling first (SKUs do not compete
 * for anything, so this is exact); without split lines, lines are placed largest
 * first at the cheapest member that still holds enough (a heuristic). So the
 * search is over sets, in phases:
 *   1. every single location;
 *   2. greedy cover: add the location with the lowest marginal cost per newly
 *      filled unit until everything is filled or the split limit is reached;
 *   3. best-improvement local search from the greedy set and from the best
 *      single: drop a location, add one, or swap one in for one out. Moves draw
 *      from a shortlist (the best locations by cost per unit they can fill
 *      alone, plus the best few for each SKU), which keeps 500-location
 *      networks fast and loses nothing on small ones;
 *   4. when lines may not split, a line-level polish of the winner: move a
 *      line, swap two lines, or take one out and re-insert the unplaced ones.
 * Ship-complete stops after phase 1, which is exact for it.
 *
 * Internally candidates are renumbered by (unit cost, fixed cost, caller's
 * index) — "rank" — so a set sorted by number is also in fill order, and the
 * final tie-break (lowest ranks) is the same on every engine.
 */

export interface SearchLine {
  readonly sku: number;
  readonly quantity: number;
}

export interface SearchProblem {
  readonly skuCount: number;
  readonly lines: readonly SearchLine[];
  /** Per candidate: cost of one shipment from it, before units and split penalty. */
  readonly fixed: readonly number[];
  /** Per candidate: handling cost per unit. */
  readonly unit: readonly number[];
  /** Usable units, row-major [candidate × skuCount + sku]. */
  readonly stock: readonly number[];
  readonly splitPenalty: number;
  readonly maxLocations: number;
  readonly splitLines: boolean;
  /** Ship-complete: only single locations that fill every line count. */
  readonly singleOnly: boolean;
}

export interface Allocation {
  readonly line: number;
  readonly candidate: number;
  readonly quantity: number;
}

export type SearchPhase = 'none' | 'single_location' | 'greedy' | 'local_search';

export interface SearchResult {
  /** Candidates (caller's indices) that ship something, ascending. */
  readonly used: readonly number[];
  readonly allocations: readonly Allocation[];
  readonly unfilled: number;
  /** Σ shipments + split penalty, minor units. */
  readonly cost: number;
  readonly foundBy: SearchPhase;
  readonly evaluations: number;
}

interface Score {
  readonly unfilled: number;
  readonly cost: number;
  /** Used candidates in rank space, ascending. */
  readonly used: readonly number[];
}

const MAX_LOCAL_SEARCH_ROUNDS = 32;
/** Locations the local search draws moves from, ranked by cost per unit they fill alone. */
const SHORTLIST_BY_RATIO = 16;
/** Plus the cheapest few for each SKU, so a location that is only good for one SKU is not lost. */
const SHORTLIST_PER_SKU = 3;

function better(a: Score, b: Score): boolean {
  if (a.unfilled !== b.unfilled) return a.unfilled < b.unfilled;
  if (a.cost !== b.cost) return a.cost < b.cost;
  if (a.used.length !== b.used.length) return a.used.length < b.used.length;
  for (let i = 0; i < a.used.length; i++) if (a.used[i] !== b.used[i]) return a.used[i]! < b.used[i]!;
  return false;
}

/** `set` (ascending) with `add` inserted and `drop` removed; -1 skips either. */
function edited(set: readonly number[], add: number, drop: number): number[] {
  const out: number[] = [];
  let inserted = add < 0;
  for (const c of set) {
    if (!inserted && add < c) {
      out.push(add);
      inserted = true;
    }
    if (c !== drop) out.push(c);
  }
  if (!inserted) out.push(add);
  return out;
}

export function searchAssignment(p: SearchProblem): SearchResult {
  const n = p.fixed.length;
  const K = p.skuCount;
  const demand = new Array<number>(K).fill(0);
  for (const line of p.lines) demand[line.sku]! += line.quantity;
  const totalDemand = demand.reduce((a, b) => a + b, 0);

  // Rank space: candidate r is the r-th cheapest by unit handling (then fixed cost, then caller's index).
  const original = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => p.unit[a]! - p.unit[b]! || p.fixed[a]! - p.fixed[b]! || a - b,
  );
  const fixed = original.map((c) => p.fixed[c]!);
  const unit = original.map((c) => p.unit[c]!);
  const stock = new Int32Array(n * K);
  original.forEach((c, r) => {
    for (let k = 0; k < K; k++) stock[r * K + k] = p.stock[c * K + k]!;
  });
  // Largest lines first leaves the small ones to fill the gaps.
  const lineOrder = p.lines.map((_, i) => i).sort((a, b) => p.lines[b]!.quantity - p.lines[a]!.quantity || a - b);

  const unitsAt = new Int32Array(n);
  const remaining = new Int32Array(n * K);
  let evaluations = 0;

  // The result of the last `evaluate`, kept in scratch space so the thousands of
  // neighbours a search looks at allocate nothing; `lastScore` copies it out.
  // Numbers live in a typed array: a `let` captured by these closures would box every non-small integer it holds.
  const last = new Float64Array(3);
  const UNFILLED = 0;
  const COST = 1;
  const USED_COUNT = 2;
  const lastUsed = new Int32Array(n);
  const setBuffer = new Int32Array(n + 1);

  /** Best assignment for the first `len` members of `set` (ascending rank); with `record`, the allocations too. */
  function evaluate(set: ArrayLike<number>, len: number, record: Allocation[] | null): void {
    evaluations++;
    for (let i = 0; i < len; i++) unitsAt[set[i]!] = 0;
    let unfilled = 0;
    if (p.splitLines) {
      for (let k = 0; k < K; k++) {
        let need = demand[k]!;
        for (let i = 0; i < len && need > 0; i++) {
          const c = set[i]!;
          const s = stock[c * K + k]!;
          if (s > 0) {
            const take = s < need ? s : need;
            unitsAt[c]! += take;
            need -= take;
          }
        }
        unfilled += need;
      }
      if (record) recordSplit(Array.from({ length: len }, (_, i) => set[i]!), record);
    } else {
      for (let i = 0; i < len; i++) {
        const c = set[i]!;
        for (let k = 0; k < K; k++) remaining[c * K + k] = stock[c * K + k]!;
      }
      for (const li of lineOrder) {
        const line = p.lines[li]!;
        let placed = false;
        for (let i = 0; i < len; i++) {
          const c = set[i]!;
          if (remaining[c * K + line.sku]! >= line.quantity) {
            remaining[c * K + line.sku]! -= line.quantity;
            unitsAt[c]! += line.quantity;
            record?.push({ line: li, candidate: c, quantity: line.quantity });
            placed = true;
            break;
          }
        }
        if (!placed) unfilled += line.quantity;
      }
    }
    let cost = 0;
    let usedCount = 0;
    for (let i = 0; i < len; i++) {
      const c = set[i]!;
      const u = unitsAt[c]!;
      if (u > 0) {
        cost += fixed[c]! + u * unit[c]!;
        lastUsed[usedCount++] = c;
      }
    }
    if (usedCount > 1) cost += p.splitPenalty * (usedCount - 1);
    last[UNFILLED] = unfilled;
    last[COST] = cost;
    last[USED_COUNT] = usedCount;
  }

  /** `better(last evaluated, b)` without materialising the last result. */
  function lastBeats(b: Score): boolean {
    if (last[UNFILLED] !== b.unfilled) return last[UNFILLED]! < b.unfilled;
    if (last[COST] !== b.cost) return last[COST]! < b.cost;
    const count = last[USED_COUNT]!;
    if (count !== b.used.length) return count < b.used.length;
    for (let i = 0; i < count; i++) if (lastUsed[i] !== b.used[i]) return lastUsed[i]! < b.used[i]!;
    return false;
  }

  function lastScore(): Score {
    const used: number[] = [];
    for (let i = 0; i < last[USED_COUNT]!; i++) used.push(lastUsed[i]!);
    return { unfilled: last[UNFILLED]!, cost: last[COST]!, used };
  }

  /** Writes `set` with `add` inserted and `drop` removed (-1 skips either) into the set buffer; returns its length. */
  function editInto(set: readonly number[], add: number, drop: number): number {
    let len = 0;
    let inserted = add < 0;
    for (const c of set) {
      if (!inserted && add < c) {
        setBuffer[len++] = add;
        inserted = true;
      }
      if (c !== drop) setBuffer[len++] = c;
    }
    if (!inserted) setBuffer[len++] = add;
    return len;
  }

  /** Hands each SKU's units, in rank order of location, to that SKU's lines in line order. */
  function recordSplit(set: readonly number[], out: Allocation[]): void {
    const left = new Array<number>(set.length);
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < set.length; i++) left[i] = stock[set[i]! * K + k]!;
      let i = 0;
      p.lines.forEach((line, li) => {
        if (line.sku !== k) return;
        let need = line.quantity;
        while (need > 0 && i < set.length) {
          const take = Math.min(need, left[i]!);
          if (take > 0) {
            out.push({ line: li, candidate: set[i]!, quantity: take });
            left[i]! -= take;
            need -= take;
          }
          if (left[i] === 0) i++;
        }
      });
    }
  }

  // Phase 1: every single location.
  const empty: Score = { unfilled: totalDemand, cost: 0, used: [] };
  const singleUnfilled = new Float64Array(n);
  const singleCost = new Float64Array(n);
  let bestSingle = empty;
  for (let c = 0; c < n; c++) {
    setBuffer[0] = c;
    evaluate(setBuffer, 1, null);
    singleUnfilled[c] = last[UNFILLED]!;
    singleCost[c] = last[COST]!;
    if (p.singleOnly && last[UNFILLED]! > 0) continue;
    if (lastBeats(bestSingle)) bestSingle = lastScore();
  }
  let best = bestSingle;
  let foundBy: SearchPhase = bestSingle === empty ? 'none' : 'single_location';

  const maxLoc = Math.min(p.maxLocations, n);
  if (!p.singleOnly && maxLoc > 1 && best.unfilled + best.cost > 0) {
    const greedy = greedyCover(maxLoc);
    if (better(greedy, best)) {
      best = greedy;
      foundBy = 'greedy';
    }
    const shortlist = buildShortlist();
    const starts = [greedy.used];
    if (!sameSet(bestSingle.used, greedy.used)) starts.push(bestSingle.used);
    for (const start of starts) {
      const local = localSearch(start, maxLoc, shortlist);
      if (better(local, best)) {
        best = local;
        foundBy = 'local_search';
      }
    }
  }

  let allocations: Allocation[] = [];
  evaluate(best.used, best.used.length, allocations);
  evaluations--; // the replay above is bookkeeping, not search
  if (!p.splitLines && !p.singleOnly && p.lines.length > 1) {
    // Whole lines make the per-set fill a heuristic, so polish the actual line placement too.
    const placement = new Array<number>(p.lines.length).fill(-1);
    for (const a of allocations) placement[a.line] = a.candidate;
    const polished = polishLines(placement, best, maxLoc);
    if (polished) {
      best = polished.score;
      foundBy = 'local_search';
      allocations = [];
      polished.placement.forEach((c, line) => {
        if (c >= 0) allocations.push({ line, candidate: c, quantity: p.lines[line]!.quantity });
      });
    }
  }
  return {
    used: best.used.map((r) => original[r]!).sort((a, b) => a - b),
    allocations: allocations
      .map((a) => ({ line: a.line, candidate: original[a.candidate]!, quantity: a.quantity }))
      .sort((a, b) => a.line - b.line || a.candidate - b.candidate),
    unfilled: best.unfilled,
    cost: best.cost,
    foundBy,
    evaluations,
  };

  // Phase 2.
  function greedyCover(maxLocations: number): Score {
    let set: number[] = [];
    let current = empty;
    while (set.length < maxLocations && current.unfilled > 0) {
      let pick = -1;
      let pickRatio = Infinity;
      let pickUnfilled = 0;
      let pickCost = 0;
      for (let c = 0; c < n; c++) {
        if (set.includes(c)) continue;
        let unfilled: number;
        let cost: number;
        if (set.length === 0) {
          // The first step is phase 1 again: reuse it.
          unfilled = singleUnfilled[c]!;
          cost = singleCost[c]!;
        } else {
          evaluate(setBuffer, editInto(set, c, -1), null);
          unfilled = last[UNFILLED]!;
          cost = last[COST]!;
        }
        const gained = current.unfilled - unfilled;
        if (gained <= 0) continue;
        const ratio = (cost - current.cost) / gained;
        const wins =
          pick < 0 ||
          ratio < pickRatio ||
          (ratio === pickRatio && (unfilled < pickUnfilled || (unfilled === pickUnfilled && cost < pickCost)));
        if (wins) {
          pick = c;
          pickRatio = ratio;
          pickUnfilled = unfilled;
          pickCost = cost;
        }
      }
      if (pick < 0) break;
      set = edited(set, pick, -1);
      evaluate(set, set.length, null);
      current = lastScore();
    }
    return current;
  }

  function buildShortlist(): number[] {
    const chosen = new Set<number>();
    const byRatio = new Bounded(SHORTLIST_BY_RATIO);
    for (let c = 0; c < n; c++) {
      const filled = totalDemand - singleUnfilled[c]!;
      if (filled > 0) byRatio.offer(c, singleCost[c]! / filled);
    }
    byRatio.members.forEach((c) => chosen.add(c));
    for (let k = 0; k < K; k++) {
      const perUnit = new Bounded(SHORTLIST_PER_SKU);
      for (let c = 0; c < n; c++) {
        const q = Math.min(demand[k]!, stock[c * K + k]!);
        if (q > 0) perUnit.offer(c, (fixed[c]! + q * unit[c]!) / q);
      }
      perUnit.members.forEach((c) => chosen.add(c));
    }
    return [...chosen].sort((a, b) => a - b);
  }

  // Phase 3.
  function localSearch(start: readonly number[], maxLocations: number, shortlist: readonly number[]): Score {
    evaluate(start, start.length, null);
    let current = lastScore();
    for (let round = 0; round < MAX_LOCAL_SEARCH_ROUNDS; round++) {
      // `used` drops members that ended up shipping nothing, so moves see the real plan.
      const set = current.used;
      let next: Score | null = null;
      const consider = (len: number): void => {
        evaluate(setBuffer, len, null);
        if (lastBeats(next ?? current)) next = lastScore();
      };
      for (const out of set) consider(editInto(set, -1, out));
      for (const c of shortlist) {
        if (set.includes(c)) continue;
        if (set.length < maxLocations) consider(editInto(set, c, -1));
        for (const out of set) consider(editInto(set, c, out));
      }
      if (next === null) break;
      current = next;
    }
    return current;
  }

  /** Scores whole-line placements (`-1` = not placed); null when a location would give more than it has. */
  function scorePlacement(placement: readonly number[], maxLocations: number): Score | null {
    evaluations++;
    const touched: number[] = [];
    const used: number[] = [];
    const units: number[] = [];
    let unfilled = 0;
    let feasible = true;
    placement.forEach((c, li) => {
      const line = p.lines[li]!;
      if (c < 0) {
        unfilled += line.quantity;
        return;
      }
      const k = c * K + line.sku;
      if (!touched.includes(k)) {
        touched.push(k);
        remaining[k] = stock[k]!;
      }
      remaining[k]! -= line.quantity;
      if (remaining[k]! < 0) feasible = false;
      const at = used.indexOf(c);
      if (at < 0) {
        used.push(c);
        units.push(line.quantity);
      } else units[at]! += line.quantity;
    });
    if (!feasible || used.length > maxLocations) return null;
    let cost = 0;
    used.forEach((c, i) => (cost += fixed[c]! + units[i]! * unit[c]!));
    if (used.length > 1) cost += p.splitPenalty * (used.length - 1);
    used.sort((a, b) => a - b);
    return { unfilled, cost, used };
  }

  /** Places unplaced lines, largest first, where each adds the least cost; the ejected line goes last. */
  function insertUnplaced(placement: number[], ejected: number, maxLocations: number): number[] {
    const left = new Map<number, number>();
    const stockLeft = (c: number, sku: number): number => left.get(c * K + sku) ?? stock[c * K + sku]!;
    const open = new Set<number>();
    placement.forEach((c, li) => {
      if (c < 0) return;
      const sku = p.lines[li]!.sku;
      left.set(c * K + sku, stockLeft(c, sku) - p.lines[li]!.quantity);
      open.add(c);
    });
    const unplaced = [...lineOrder.filter((li) => placement[li] === -1 && li !== ejected), ejected];
    for (const li of unplaced) {
      const line = p.lines[li]!;
      let pick = -1;
      let pickCost = Infinity;
      for (let c = 0; c < n; c++) {
        if (stockLeft(c, line.sku) < line.quantity) continue;
        const isOpen = open.has(c);
        if (!isOpen && open.size >= maxLocations) continue;
        const added = line.quantity * unit[c]! + (isOpen ? 0 : fixed[c]! + (open.size > 0 ? p.splitPenalty : 0));
        if (added < pickCost) {
          pick = c;
          pickCost = added;
        }
      }
      if (pick < 0) continue;
      placement[li] = pick;
      left.set(pick * K + line.sku, stockLeft(pick, line.sku) - line.quantity);
      open.add(pick);
    }
    return placement;
  }

  /** Phase 4: line-level local search; null when the set-level plan cannot be improved. */
  function polishLines(start: number[], startScore: Score, maxLocations: number): { placement: number[]; score: Score } | null {
    let placement = start;
    let current = startScore;
    let improved = false;
    for (let round = 0; round < MAX_LOCAL_SEARCH_ROUNDS; round++) {
      let next: { placement: number[]; score: Score } | null = null;
      const consider = (candidate: number[]): void => {
        const score = scorePlacement(candidate, maxLocations);
        if (score && better(score, next?.score ?? current)) next = { placement: candidate, score };
      };
      for (let li = 0; li < placement.length; li++) {
        const sku = p.lines[li]!.sku;
        for (let c = 0; c < n; c++) {
          if (c === placement[li] || stock[c * K + sku]! < p.lines[li]!.quantity) continue;
          const moved = [...placement];
          moved[li] = c;
          consider(moved);
        }
        if (placement[li]! >= 0) {
          // Take a line out and re-insert every unplaced line: trades one big line for smaller ones that fill more.
          const ejected = [...placement];
          ejected[li] = -1;
          consider(insertUnplaced(ejected, li, maxLocations));
        }
        for (let lj = li + 1; lj < placement.length; lj++) {
          if (placement[li] === placement[lj] || placement[li]! < 0 || placement[lj]! < 0) continue;
          const swapped = [...placement];
          swapped[li] = placement[lj]!;
          swapped[lj] = placement[li]!;
          consider(swapped);
        }
      }
      if (next === null) break;
      ({ placement, score: current } = next as { placement: number[]; score: Score });
      improved = true;
    }
    return improved ? { placement, score: current } : null;
  }
}

/** The `size` lowest-valued candidates seen (ties to the lower index), without sorting everything. */
class Bounded {
  readonly members: number[] = [];
  private readonly values: number[] = [];
  constructor(private readonly size: number) {}

  offer(candidate: number, value: number): void {
    const members = this.members;
    const values = this.values;
    if (members.length >= this.size && value >= values[values.length - 1]!) return;
    // Insertion by hand: `splice` would allocate a result array on every offer.
    let i = members.length < this.size ? members.length : members.length - 1;
    if (i === members.length) {
      members.push(candidate);
      values.push(value);
    }
    while (i > 0 && values[i - 1]! > value) {
      members[i] = members[i - 1]!;
      values[i] = values[i - 1]!;
      i--;
    }
    members[i] = candidate;
    values[i] = value;
  }
}

function sameSet(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
