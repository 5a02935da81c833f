import { describe, expect, test } from 'vitest';
import { parseRoutingPolicy, ROUTING_POLICY_VERSION, type RoutingPolicyRefusalCode } from '../../src/routing/policy.ts';
import { makePolicy, policyJson } from './fixtures.ts';

describe('routing policy', () => {
  test('[RT1] a policy round-trips through JSON unchanged', () => {
    const policy = makePolicy({
      filters: { cutoff: { enabled: true, mode: 'penalise', penaltyMinor: 250 } },
      geoFallback: {
        postalPrefixes: [{ country: 'NL', prefix: '10', geo: { lat: 52.37, lon: 4.9 } }],
        regions: [{ country: 'NL', region: 'Utrecht', geo: { lat: 52.09, lon: 5.12 } }],
      },
    });
    const back = parseRoutingPolicy(JSON.parse(JSON.stringify(policy)));
    expect(back.ok).toBe(true);
    if (back.ok) expect(back.value).toEqual(policy);
  });

  test('[RT2] a newer or unknown policy version is refused with a typed error, before any schema check', () => {
    const newer = parseRoutingPolicy({ ...policyJson(), version: ROUTING_POLICY_VERSION + 1, someFutureField: { x: 1 } });
    expect(newer.ok).toBe(false);
    if (!newer.ok) {
      const code: RoutingPolicyRefusalCode = newer.error.code;
      expect(code).toBe('policy_version_unsupported');
      expect(newer.error.version).toBe(ROUTING_POLICY_VERSION + 1);
      expect(newer.error.supportedVersions).toEqual([1]);
      expect(newer.error.message).toContain('newer');
    }
    const unknown = parseRoutingPolicy({ ...policyJson(), version: 0 });
    expect(unknown.ok ? null : unknown.error.code).toBe('policy_version_unsupported');
  });

  test('[RT2] a malformed policy is refused as invalid, naming the fields', () => {
    const noVersion = { ...policyJson() };
    delete noVersion.version;
    const missing = parseRoutingPolicy(noVersion);
    expect(missing.ok ? null : missing.error.code).toBe('policy_invalid');

    const zones = policyJson({ cost: { distanceZones: [{ upToKm: 100, costMinor: 1 }, { upToKm: 50, costMinor: 2 }] } });
    const badZones = parseRoutingPolicy(zones);
    expect(badZones.ok).toBe(false);
    if (!badZones.ok) {
      expect(badZones.error.code).toBe('policy_invalid');
      expect(badZones.error.fields).toContain('cost.distanceZones');
    }
    const fractionalMoney = parseRoutingPolicy(policyJson({ cost: { splitPenaltyMinor: 2.5 } }));
    expect(fractionalMoney.ok ? [] : fractionalMoney.error.fields).toEqual(['cost.splitPenaltyMinor']);
    expect(parseRoutingPolicy('not a policy').ok).toBe(false);
  });
});
