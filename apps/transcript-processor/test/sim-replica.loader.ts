// The relevance test replicates gong-sim through the replica's CallStore; the loader is shared
// with the relevance benchmark (libs/testing).
export { replicateSim } from '@gong-connector/testing/sim-replica';
