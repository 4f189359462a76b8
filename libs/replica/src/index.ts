// The replica's use cases that several apps share (plain classes; apps wire them into Nest):
// store a Gong call (one content selector, one mapping, one transaction), announce stored calls,
// sync the directory, map a stored call to chunk input, and build the Gong client.
export * from './calls/extensive-content.selector.js';
export * from './calls/call-record.mapper.js';
export * from './calls/call.store.js';
export * from './outbox/call-ready.outbox.js';
export * from './directory/directory.sync.js';
export * from './chunking/chunk-input.mapper.js';
export * from './gong/gong-connection.fields.js';
export * from './gong/gong-client.factory.js';
export * from './trackers/tracker.sync.js';
export * from './erasure/erasure-subject.js';
export * from './erasure/person.scrubber.js';
export * from './erasure/person.eraser.js';
export * from './erasure/call.reindexer.js';
export * from './deals/deal-signals.model.js';
export * from './deals/deal-risk.weights.js';
export * from './deals/deal-risk.scorer.js';
export * from './deals/deal-signals.mapper.js';
export * from './coaching/coaching-record.mapper.js';
export * from './coaching/coaching.sync.js';
export * from './deals/deal-record.mapper.js';
export * from './deals/deal.backfill.js';
