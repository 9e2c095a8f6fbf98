/**
 * The guide's names and crossmesh's internal keys, and a configuration that uses none of them, for the
 * tests that check what a user reads says the configured names only.
 */
import type { CrossmeshConfig } from '../../src/config/types.js';
import { parseConfigText } from '../../src/config/file.js';

/** Names of the default configuration, the internal keys, and the default gateway variable. */
export const DEFAULT_NAMES = [
  'mesh1',
  'mesh2',
  'c1m1',
  'c1m2',
  'c2m1',
  'c2m2',
  'zone1',
  'zone2',
  'cross-mesh-gateway',
  'mesh2-gateway',
  'echo-mesh-1-http',
  'echo-mesh-2-http',
  'cluster1',
  'cluster2',
  'GATEWAY_ADDRESS_MESH1',
] as const;

/** Non-default names for everything: meshes, namespaces, gateways, contexts, zones, the global. */
export function otherNamesConfig(): CrossmeshConfig {
  return parseConfigText(OTHER_NAMES_YAML);
}

/** The same configuration as crossmesh.yaml. */
export const OTHER_NAMES_YAML = `version: 1
global: { tool: kumactl, controlPlane: hq-cp }
clusters:
  cluster1: { context: kind-alpha, zone: alpha-zone }
  cluster2: { context: kind-beta, zone: beta-zone }
meshes:
  mesh1: { name: payments, cluster1Namespace: pay-front, cluster2Namespace: pay-callers, gateway: { name: pay-door, port: 8080 } }
  mesh2: { name: orders, cluster1Namespace: ord-front, cluster2Namespace: ord-callers, gateway: { name: ord-door, port: 9090 } }
`;

/**
 * Export file names carry the target's role (NN-cluster1-kind-name.yaml): test/cli/cli.test.ts pins that
 * form, so the scan leaves these file names out; everything else a user reads is scanned.
 */
const EXPORT_FILE_NAME = /\b\d\d-(?:cluster1|cluster2|global)-[a-z]+-[a-z0-9.-]+?\.yaml\b/g;

/** Every default name in `text`, whole words only, in any case, each with the line it is on. */
export function defaultNamesIn(text: string): string[] {
  const found: string[] = [];
  text
    .replace(EXPORT_FILE_NAME, '<export file>')
    .split('\n')
    .forEach((line, i) => {
      for (const name of DEFAULT_NAMES) {
        if (new RegExp(`(?<![A-Za-z0-9])${name.replace(/[-]/g, '\\-')}(?![A-Za-z0-9])`, 'i').test(line))
          found.push(`${name} on line ${i + 1}: ${line.trim()}`);
      }
      // the default contexts and control plane, where the text names a context or control plane
      for (const m of line.matchAll(/(?:--context|context|--name|control plane) (c1|c2|global)\b/g))
        found.push(`${m[0]} on line ${i + 1}: ${line.trim()}`);
    });
  return found;
}

/**
 * Every place where a configured name appears with another case (Payments for payments). Shell
 * variables made from a name (GATEWAY_ADDRESS_PAYMENTS) are upper-case on purpose and not counted.
 */
export function recasedNamesIn(text: string, names: string[]): string[] {
  const found: string[] = [];
  for (const name of names) {
    for (const m of text.matchAll(new RegExp(`(?<![A-Za-z0-9_])${name.replace(/[.-]/g, (c) => `\\${c}`)}(?![A-Za-z0-9_])`, 'gi'))) {
      if (m[0] !== name) found.push(m[0]);
    }
  }
  return found;
}

/** The names of `otherNamesConfig()` a user should see, exactly as configured. */
export const OTHER_NAMES = [
  'payments',
  'orders',
  'pay-front',
  'pay-callers',
  'ord-front',
  'ord-callers',
  'pay-door',
  'ord-door',
  'kind-alpha',
  'kind-beta',
  'alpha-zone',
  'beta-zone',
  'echo-payments-http',
  'echo-orders-http',
];
