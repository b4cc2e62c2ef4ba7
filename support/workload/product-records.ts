import { STAMP_PREFIX } from '../ledger/ledger.ts';
import type { OutgoingRecord } from './workload-client.ts';

/** The lab's product catalogue; records cycle through it. */
const PRODUCTS = ['Carrots', 'Banana', 'Salad', 'Avocado', 'Tomato', 'Apple', 'Pear', 'Leek', 'Kale', 'Melon'] as const;
const KEYS = PRODUCTS.map((_, i) => `P${String(i + 1).padStart(2, '0')}`);
/** The rest of each product's value, made once. */
const BODIES = PRODUCTS.map((description, i) => `","product_id":"${KEYS[i]}","description":"${description}","target_humidity_level":0.4,"content_type":${1 + (i % 2)},"target_temperature":`);

/**
 * The partition the i-th record of a produce step goes to: its product's, modulo the partitions,
 * so that a key always lands in one partition as with Kafka's default partitioner. A topic with
 * more partitions than the catalogue has products spreads records round-robin instead (else
 * partitions 10 and up would stay empty), each (product, partition) pair keyed on its own.
 */
export function partitionOf(i: number, partitions: number): number {
  return partitions <= PRODUCTS.length ? (i % PRODUCTS.length) % partitions : i % partitions;
}

const spreadKeys = new Map<string, string>();
function keyOf(index: number, partition: number, partitions: number): string {
  if (partitions <= PRODUCTS.length) return KEYS[index]!;
  const id = `${index}:${partition}`;
  let key = spreadKeys.get(id);
  if (!key) spreadKeys.set(id, (key = `${KEYS[index]}-p${partition}`));
  return key;
}

/**
 * Records `first` .. `first+count-1` of a produce step, shaped like the lab's product records:
 * keyed by product, each key always in the same partition (see partitionOf). Each value starts with the stamp
 * that names it in the ledger (`{"mirrordrill":"<run>:<origin>:<partition>:<n>"`), where n counts
 * the records of its partition from `base.get(partition)` on, in the order they are sent.
 */
export function productBatch(first: number, count: number, partitions: number, stampOf: (partition: number, n: number) => string, base: Map<number, number>): OutgoingRecord[] {
  const next = new Map(base);
  const records: OutgoingRecord[] = new Array(count);
  for (let k = 0; k < count; k++) {
    const i = first + k;
    const index = i % PRODUCTS.length;
    const partition = partitionOf(i, partitions);
    const n = next.get(partition)!;
    next.set(partition, n + 1);
    records[k] = { partition, key: keyOf(index, partition, partitions), value: `${STAMP_PREFIX}${stampOf(partition, n)}${BODIES[index]}${4 + (n % 3)}}` };
  }
  return records;
}

/** How many of records `first` .. `first+count-1` go to each partition. */
export function partitionCounts(first: number, count: number, partitions: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (let k = 0; k < count; k++) {
    const p = partitionOf(first + k, partitions);
    counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  return counts;
}
