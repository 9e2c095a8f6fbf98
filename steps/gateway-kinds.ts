import type { GatewayKind } from '../src/config/types.js';

/** One row of the comparison a user reads before picking a gateway for a mesh. */
export interface GatewayKindInfo {
  kind: GatewayKind;
  title: string;
  /** what must be installed on the cluster that runs the gateway */
  needs: string;
  /** what the user gets */
  gives: string;
  /** whether it keeps working on Kuma 3.0 */
  kuma3: string;
}

export const GATEWAY_KINDS_EXPLAINED: readonly GatewayKindInfo[] = [
  {
    kind: 'builtin',
    title: "Kuma's built-in gateway (MeshGateway)",
    needs: 'nothing beyond Kuma or Kong Mesh 2.x',
    gives: 'the guide as written: Kuma runs the gateway pods and routes with MeshHTTPRoutes',
    kuma3: 'removed; a setup with it must be rebuilt before that upgrade',
  },
  {
    kind: 'kong',
    title: 'Kong Gateway run by Kong Operator',
    needs: 'Kong Operator and the Gateway API types on cluster 1 (crossmesh shows the Helm commands)',
    gives: "the guide's choice for production: a full Kong proxy configured with standard Gateway API objects",
    kuma3: 'kept: delegated gateways stay, so the setup survives the upgrade',
  },
];

/** The comparison as plain lines, for the line-by-line front end and for help texts. */
export function gatewayKindComparison(): string[] {
  return GATEWAY_KINDS_EXPLAINED.flatMap((k) => [
    `${k.kind}: ${k.title}`,
    `  needs: ${k.needs}`,
    `  gives: ${k.gives}`,
    `  Kuma 3.0: ${k.kuma3}`,
  ]);
}
