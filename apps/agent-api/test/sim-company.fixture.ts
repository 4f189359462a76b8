import { chunkCall } from '@gong-connector/chunking';
import { GongClient, LocalPacer } from '@gong-connector/gong-client';
import { AccessRepository, CallReadRepository, type CallRecord, type TranscriptRecord } from '@gong-connector/persistence';
import { ChunkInputMapper, DirectorySync } from '@gong-connector/replica';
import { PostgresSearchIndex } from '@gong-connector/search';
import type { TestDatabase } from '@gong-connector/testing';
import { permissionProfilesOf, type GongSim } from '@gong-connector/testing/gong-sim';
import { replicateSim } from '@gong-connector/testing/sim-replica';

export interface SimCompany {
  calls: CallRecord[];
  transcripts: Map<string, TranscriptRecord>;
}

/**
 * Test helper: replicates a simulated company the way ingest does (the directory through
 * DirectorySync, the permission profiles, `/v2/calls/extensive` with the replica's selector and
 * transcripts in batches, stored through CallStore), then chunks and indexes every call as the
 * transcript processor does. For `startAgentApi`'s `seed`.
 */
export async function replicateSimCompany(sim: GongSim, db: TestDatabase): Promise<SimCompany> {
  const gong = new GongClient({
    baseUrl: sim.baseUrl,
    auth: { kind: 'basic', accessKey: sim.credentials.accessKey, accessKeySecret: sim.credentials.accessKeySecret },
    permits: new LocalPacer({ requestsPerSecond: 50 }),
  }).withPriority('backfill');
  await new DirectorySync(db.database, gong).run({ force: true });
  await new AccessRepository(db.database).replaceAllProfiles(permissionProfilesOf(sim.groundTruth()), new Date());
  const { calls: records } = await replicateSim(sim, db.database, { requestsPerSecond: 50 });
  const reads = new CallReadRepository(db.database);
  const index = new PostgresSearchIndex({ database: db.database });
  const stored = new Map<string, TranscriptRecord>();
  for (const call of records) {
    const transcript = await reads.getTranscript(call.id);
    if (transcript) stored.set(call.id, transcript);
    await index.replaceCallChunks(call.id, chunkCall(ChunkInputMapper.toChunkInput(call, transcript)));
  }
  return { calls: records, transcripts: stored };
}

/** A user whose permission profile sees every call of `workspaceId` (Gong's "all" level). */
export function userSeeingAll(sim: GongSim, workspaceId: string): string {
  const truth = sim.groundTruth();
  const profile = truth.profiles.find((p) => p.workspaceId === workspaceId && p.callsAccess.permissionLevel === 'all' && p.userIds.length > 0);
  if (!profile) throw new Error(`gong-sim has no "all" profile with members in workspace ${workspaceId}`);
  return profile.userIds[0]!;
}
