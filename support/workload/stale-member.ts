import { Admin } from '@platformatic/kafka';
import { kafkaReasons } from '../kafka/kafka-error.ts';
import { platformaticSecurity, type ClientSecurity } from '../security/cluster-security.ts';

export interface StaleMember {
  bootstrap: string[];
  security?: ClientSecurity;
  group: string;
  memberId: string;
  /** Give up after this long: by then the coordinator has expired the member itself (its session timeout). */
  withinMs: number;
  /** Whether to stop trying (the consumer was closed). */
  stopped: () => boolean;
}

/** One LeaveGroup for the member; throws what Kafka said. */
export type RemoveMember = (stale: StaleMember) => Promise<void>;

const removeWithAdmin: RemoveMember = async ({ bootstrap, security, group, memberId }) => {
  const admin = new Admin({ clientId: 'mirrordrill-admin', bootstrapBrokers: bootstrap, ...platformaticSecurity(security), retries: 0, timeout: 2_000 });
  try {
    await admin.removeMembersFromConsumerGroup({ groupId: group, members: [{ memberId, reason: 'mirrordrill: the LeaveGroup of a restarted consumer' }] });
  } finally {
    await admin.close().catch(() => undefined);
  }
};

/**
 * Completes the LeaveGroup a consumer sent while its coordinator was down: kafkajs, restarting
 * itself after a lost connection, leaves its group (Runner.stop → ConsumerGroup.leave, errors
 * swallowed) and joins again as a new member. When the broker was down, that leave never arrived;
 * the restarted coordinator reloads the group with the old member from __consumer_offsets and holds
 * the new member's JoinGroup until the old one's session times out. This sends the old member's
 * LeaveGroup again until Kafka takes it (or says the member is gone already). Returns whether it
 * removed the member.
 */
export async function leaveForStaleMember(stale: StaleMember, remove: RemoveMember = removeWithAdmin, pauseMs = 250): Promise<boolean> {
  const deadline = Date.now() + stale.withinMs;
  while (!stale.stopped() && Date.now() < deadline) {
    try {
      await remove(stale);
      return true;
    } catch (error) {
      if (kafkaReasons(error).some((r) => r.code === 'UNKNOWN_MEMBER_ID')) return false;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
  return false;
}
