import { BadStepParameter } from '../errors.ts';
import { DEFAULTS } from '../config/defaults.ts';
import type { Properties } from '../config/properties.ts';
import { replicationFactorFor } from '../runtime/broker-properties.ts';

/** One MM2 flow: which topics go from which cluster alias to which, plus the user's overrides. */
export interface MirrorSpec {
  source: string;
  target: string;
  /** Topic names or regexes, as MM2's `topics` takes them. */
  topics: string[];
  /** MM2 properties from the scenario; they win over mirrordrill's fast defaults. */
  overrides: Record<string, string>;
}

export interface ClusterEndpoint {
  alias: string;
  bootstrapServers: string[];
  brokers: number;
}

/** Properties that mirrordrill owns, because it wires them to the clusters it started. */
const OWNED = [/^clusters$/, /\.bootstrap\.servers$/, /^[^.]+->[^.]+\.enabled$/];

export function validateOverrides(overrides: Record<string, string>): void {
  for (const key of Object.keys(overrides)) {
    if (!key.trim() || /\s/.test(key)) {
      throw new BadStepParameter(`"${key}" is not an MM2 property name`, { hint: 'write one property per row: | offset.lag.max | 10 |' });
    }
    if (OWNED.some((re) => re.test(key))) {
      throw new BadStepParameter(`MM2 property "${key}" is set by mirrordrill from the scenario's clusters and cannot be overridden`, {
        hint: 'name the clusters and the flow in the step ("mirrors ... from "a" to "b"") instead',
      });
    }
  }
}

/** The value of a setting as MM2 will see it for this flow: flow-prefixed, then global, then default. */
export function effectiveSetting(spec: MirrorSpec, key: string, fallback: string): string {
  return spec.overrides[`${spec.source}->${spec.target}.${key}`] ?? spec.overrides[key] ?? fallback;
}

export function offsetLagMax(spec: MirrorSpec): number {
  return Number(effectiveSetting(spec, 'offset.lag.max', String(DEFAULTS.offsetLagMax)));
}

export function syncsGroupOffsets(spec: MirrorSpec): boolean {
  return effectiveSetting(spec, 'sync.group.offsets.enabled', 'true') === 'true';
}

/**
 * mm2.properties for the dedicated driver (org.apache.kafka.connect.mirror.MirrorMaker).
 * MM2's defaults are minutes-scale intervals and replication factor 3; a drill needs
 * second-scale intervals and factors that fit the clusters it started.
 */
export function mm2Properties(spec: MirrorSpec, source: ClusterEndpoint, target: ClusterEndpoint): Properties {
  const flow = `${spec.source}->${spec.target}`;
  const back = `${spec.target}->${spec.source}`;
  const rf = (c: ClusterEndpoint) => replicationFactorFor(c.brokers);
  const props: Properties = {
    clusters: `${source.alias}, ${target.alias}`,
    [`${source.alias}.bootstrap.servers`]: source.bootstrapServers.join(','),
    [`${target.alias}.bootstrap.servers`]: target.bootstrapServers.join(','),
    [`${flow}.enabled`]: true,
    [`${flow}.topics`]: spec.topics.join(','),
    [`${back}.enabled`]: false,
    // Topics MM2 creates on the target, and its Connect internal topics (also on the target).
    'replication.factor': rf(target),
    'checkpoints.topic.replication.factor': rf(target),
    'heartbeats.topic.replication.factor': rf(target),
    'offset.storage.replication.factor': rf(target),
    'status.storage.replication.factor': rf(target),
    'config.storage.replication.factor': rf(target),
    // The offset-syncs topic lives on the source by default.
    'offset-syncs.topic.replication.factor': rf(source),
    'refresh.topics.interval.seconds': 1,
    'refresh.groups.interval.seconds': 1,
    'emit.checkpoints.interval.seconds': 1,
    'emit.heartbeats.interval.seconds': 1,
    'sync.group.offsets.enabled': true,
    'sync.group.offsets.interval.seconds': 1,
    'offset.lag.max': DEFAULTS.offsetLagMax,
    // ACL sync needs an authorizer on both sides; the drill clusters have none.
    'sync.topic.acls.enabled': false,
    // Commit source offsets often so that a restarted MM2 resumes close to where it stopped.
    'offset.flush.interval.ms': 1000,
    ...spec.overrides,
  };
  return props;
}
