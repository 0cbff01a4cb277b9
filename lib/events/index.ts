export {
  emitEvent,
  EmitEventError,
  MAX_EVENT_DATA_BYTES,
  type EmitEventInput,
  type EventWriter,
} from "./emit-event.ts";
export { dispatchEvents, emitEventAndDispatch, transactionWithEvents } from "./dispatch-events.ts";
export { relayOutbox } from "./outbox-relay.ts";
