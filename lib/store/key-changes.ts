/**
 * "These keys just changed": the hook key services call right after the
 * transaction that revoked, rotated or deleted keys has committed, so a store
 * that caches key lookups forgets them before the service even answers (on
 * the replica that made the change, the very next verify sees it).
 *
 * The listeners live on globalThis (lib/server/change-channel.ts). Cheap and
 * synchronous.
 */
import { changeChannel } from "../server/change-channel";

export type KeyChange = { keyIds?: readonly string[]; teamIds?: readonly string[] };

const channel = changeChannel<KeyChange>("keys");

export function announceKeyChange(change: KeyChange): void {
  channel.announce(change);
}

/** Subscribes to announcements; returns the unsubscribe function. */
export function onKeyChange(listener: (change: KeyChange) => void): () => void {
  return channel.on(listener);
}
