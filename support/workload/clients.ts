import { KafkajsClient } from './kafkajs-client.ts';
import { PlatformaticClient } from './platformatic-client.ts';
import type { ClientName, WorkloadClient } from './workload-client.ts';

export function createClient(name: ClientName): WorkloadClient {
  return name === 'kafkajs' ? new KafkajsClient() : new PlatformaticClient();
}
