import { recordId } from '../ledger/ledger.ts';
import type { OutgoingRecord } from './workload-client.ts';

/** The lab's product catalogue; records cycle through it, each key with its own sequence. */
const PRODUCTS = ['Carrots', 'Banana', 'Salad', 'Avocado', 'Tomato', 'Apple', 'Pear', 'Leek', 'Kale', 'Melon'] as const;

export interface Stamp {
  run: string;
  key: string;
  seq: number;
}

/**
 * `count` records shaped like the lab's product records, each stamped with the run id, its key
 * and a per-key sequence number. A key always goes to the same partition (key index modulo
 * the partition count), so per-key order is per-partition order.
 */
export function productRecords(run: string, count: number, partitions: number, claimSeq: (key: string) => number): OutgoingRecord[] {
  const records: OutgoingRecord[] = [];
  for (let i = 0; i < count; i++) {
    const index = i % PRODUCTS.length;
    const key = `P${String(index + 1).padStart(2, '0')}`;
    const seq = claimSeq(key);
    const stamp: Stamp = { run, key, seq };
    const value = {
      product_id: key,
      description: PRODUCTS[index],
      target_temperature: 4 + (seq % 3),
      target_humidity_level: 0.4,
      content_type: 1 + (index % 2),
      mirrordrill: stamp,
    };
    records.push({ id: recordId(key, seq), key, seq, partition: index % partitions, value: JSON.stringify(value) });
  }
  return records;
}

/** The record id of a value this run produced, or undefined for anything else. */
export function identify(value: string | undefined, run: string): string | undefined {
  if (!value) return undefined;
  try {
    const stamp = (JSON.parse(value) as { mirrordrill?: Stamp }).mirrordrill;
    return stamp && stamp.run === run ? recordId(stamp.key, stamp.seq) : undefined;
  } catch {
    return undefined;
  }
}
