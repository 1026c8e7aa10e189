import { Svcm, type Service } from '@nats-io/services';
import type { NatsConnection } from '@nats-io/nats-core';
import type { ServiceConfig } from '../config/service-config';
import { replicaStatusSubject, type ReplicaStatus } from '@modelbus/contracts';

/**
 * Registers the replica with the NATS service API so `$SRV.PING|INFO|STATS` (and standard NATS
 * tooling) list it. Its one endpoint, `ops.<prefix>.status`, answers the live pool figures, and
 * STATS carries the same figures in that endpoint's `data`.
 */
export async function registerDiscovery(nc: NatsConnection, config: ServiceConfig, status: () => ReplicaStatus, version: string): Promise<Service> {
  const svc = await new Svcm(nc).add({
    name: config.service,
    version,
    description: `Modelbus ${config.service} service`,
    queue: config.service,
    metadata: { instance: config.instanceId, prefix: config.prefix },
    // fills each endpoint's `data` in $SRV.STATS replies
    statsHandler: async () => status(),
  });
  svc.addEndpoint('status', {
    subject: replicaStatusSubject(config.prefix),
    handler: (err, msg) => {
      if (!err) msg.respond(JSON.stringify({ ok: true, data: status() }));
    },
    metadata: { description: 'pool size, utilisation, queue and in-flight jobs of one replica' },
  });
  return svc;
}
