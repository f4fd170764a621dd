/**
 * Where a job starts. The first try of a dispatch starts from the checkpoint the owner put in the
 * job (its newest stored one when it dispatched the run, or none: from scratch). A retry after a
 * stall starts from the newest checkpoint the owner has stored since: the owner acknowledges each
 * epoch it wrote to SQLite in the run's ack key and keeps that stream entry (with its checkpoint)
 * until it acknowledges a newer one.
 */
import type { Redis } from 'ioredis';
import { ackKey, decodeEntry, streamKey, type RemoteJobData } from '../core/remote/protocol';

export interface ResumePoint {
  checkpoint?: Uint8Array;
  /** The epoch the checkpoint was taken after; -1 = from scratch. */
  epoch: number;
}

export async function resumePoint(redis: Redis, data: RemoteJobData): Promise<ResumePoint> {
  // Twice: the owner may trim the acknowledged entry between our two reads.
  for (let tries = 0; tries < 2; tries++) {
    const ack = await redis.hgetall(ackKey(data.runId));
    if (Number(ack.dispatch) !== data.dispatch || !ack.entry) break;
    const [entry] = await redis.xrangeBuffer(streamKey(data.runId), ack.entry, ack.entry);
    if (!entry) continue;
    const decoded = decodeEntry(entry[1]);
    if (decoded.kind === 'epoch')
      return { checkpoint: decoded.checkpoint, epoch: decoded.record.epoch };
  }
  if (data.checkpoint === undefined) return { epoch: -1 };
  return {
    checkpoint: new Uint8Array(Buffer.from(data.checkpoint, 'base64')),
    epoch: data.checkpointEpoch ?? -1,
  };
}
