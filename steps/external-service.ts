import type { CrossmeshConfig, LinkConfig } from '../src/config/types.js';
import { meshOf } from '../src/config/model.js';
import { externalServiceManifest, mesAddressFix } from './gateway-objects.js';
import { externalServiceHost, clusterLabel, type StepDefinition, type StepText } from './common.js';

/** One link: the external service through which the calling mesh reaches the called mesh's gateway, in each zone it calls from. */
export function linkStep(id: string, link: LinkConfig): StepDefinition {
  return {
    id,
    text: (config) => linkText(config, link),
    manifests: (ctx) => linkObjects(ctx, id, link),
  };
}

export function linkObjects(ctx: Parameters<StepDefinition['manifests']>[0], step: string, link: LinkConfig) {
  return meshOf(ctx.config, link.from).clients.map((zone) => externalServiceManifest(ctx, step, link, zone));
}

function linkText(config: CrossmeshConfig, link: LinkConfig): StepText {
  const from = meshOf(config, link.from);
  const to = meshOf(config, link.to);
  const places = from.clients.map((z) => `${from.namespaces[z]}, in ${clusterLabel(config, z)}`);
  const one = places.length === 1;
  return {
    title: `${from.name} -> ${to.name}`,
    explanation: {
      summary: `Give the workloads of ${from.name} a name for ${to.gateway.name}, the gateway of ${to.name}: ${externalServiceHost(config, link)}.`,
      concept:
        'A MeshExternalService declares a destination outside the mesh. With a HostnameGenerator match, Kuma gives it a DNS name under extsvc.mesh.local that the proxies resolve and route to the listed endpoints.',
      why: `For ${from.name}, ${to.name} is just an outside HTTP service: the client${one ? '' : 's'} in ${places.join(' and ')}, call${one ? 's' : ''} the generated name, ${one ? 'its proxy sends' : 'their proxies send'} the request to ${to.gateway.name}, and the gateway forwards it to echo inside ${to.name}.`,
    },
    fixes: [mesAddressFix(config, to, from.clients)],
  };
}
