/**
 * npm run image: builds (or finds) the image the containers runtime runs,
 * localhost/mirrordrill-kafka:<version>-<hash>, and tags it with the stable name
 * localhost/mirrordrill-kafka:<version> that compose/compose.yaml refers to.
 * Same settings as the drills (MIRRORDRILL_KAFKA_VERSION, KAFKA_HOME, MIRRORDRILL_CACHE).
 */
import { loadSettings } from '../support/config/defaults.ts';
import { DrillError } from '../support/errors.ts';
import { call, connectEngine } from '../support/runtime/containers/engine.ts';
import { resolveKafkaImage } from '../support/runtime/containers/kafka-image.ts';
import { distribution } from '../support/kafka/kafka-distribution.ts';

/** The name compose/ uses: the version only, so that the compose file needs no hash. */
export function stableImageName(version: string): string {
  return `localhost/mirrordrill-kafka:${version}`;
}

async function main(): Promise<void> {
  const settings = loadSettings({ ...process.env, MIRRORDRILL_RUNTIME: 'containers', MIRRORDRILL_IMAGE: '' });
  const engine = await connectEngine();
  const d = await distribution(settings);
  const image = await resolveKafkaImage(settings, engine, d);
  const stable = stableImageName(d.version);
  const colon = stable.lastIndexOf(':');
  const res = await call(engine.url, { method: 'POST', path: `/images/${encodeURIComponent(image.name)}/tag?repo=${encodeURIComponent(stable.slice(0, colon))}&tag=${encodeURIComponent(stable.slice(colon + 1))}` });
  if (res.status !== 201 && res.status !== 200) throw new DrillError(`tagging ${image.name} as ${stable} failed: HTTP ${res.status} ${res.body.trim()}`);
  process.stdout.write(`${image.source}\ntagged ${stable} (compose/compose.yaml runs it; MIRRORDRILL_KAFKA_VERSION=${d.version} in compose/.env must match)\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
