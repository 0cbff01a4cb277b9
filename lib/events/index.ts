export {
  emitEvent,
  EmitEventError,
  MAX_EVENT_DATA_BYTES,
  type EmitEventInput,
  type EventWriter,
} from "./emit-event.ts";
export {
  dispatchEvents,
  emitEventAndDispatch,
  inngestEventId,
  transactionWithEvents,
  type EventRef,
} from "./dispatch-events.ts";
export { relayOutbox } from "./outbox-relay.ts";
