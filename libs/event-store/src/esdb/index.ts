export { EsdbEventStore, isTransient, type EsdbEventStoreOptions } from './esdb-event-store.js';
export {
  EsdbCatchUpSubscription,
  SubscriptionEndedByServer,
  type CatchUpDriver,
  type CatchUpRunnerOptions,
  type ServerSubscription,
} from './esdb-subscription.js';
export {
  LEAD_METADATA_KEY,
  hashedContentOf,
  leadEnvelopeOf,
  normaliseEvent,
  prepareEvents,
  toRecordedEvent as esdbToRecordedEvent,
  userMetadataOf,
  type ChainStart,
  type EsdbJsonEventData,
  type EsdbRecordedEventLike,
  type LeadEnvelope,
  type NormalisedEvent,
  type PreparedEvent,
} from './envelope-mapping.js';
export { ChainVerifier, chainLinkOf, type ChainLink } from './chain-verifier.js';
export { allCheckpointStream, streamCheckpointStream, CHECKPOINT_EVENT_TYPE } from './checkpoints.js';
export {
  isSystemEvent,
  isSystemStream,
  matchesFilter,
  toServerFilter,
  type EsdbServerFilter,
} from './filter-mapping.js';
export {
  fromEsdbPosition,
  toEsdbPosition,
  positionOfEsdbEvent,
  UNKNOWN_POSITION,
  type EsdbPosition,
} from './position-mapping.js';
export {
  exactEsdbRevision,
  fromEsdbRevision,
  toEsdbExpectedRevision,
  toEsdbReadRevision,
  type EsdbExpectedRevision,
  type EsdbReadRevision,
} from './revision-mapping.js';
export {
  checkStreamMetadata,
  deletedStreamMetadata,
  fromEsdbStreamMetadata,
  toEsdbStreamMetadata,
  type LeadStreamState,
  type ParsedStreamMetadata,
} from './stream-metadata-mapping.js';
