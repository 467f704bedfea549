/**
 * The events received while a store loads its lists, to apply again over the lists once
 * they are in. Events and answers come over one connection in order: an event received
 * before a list's answer is in that list already; one received after it is newer than the
 * list and would be lost when the list replaces the store's copy.
 * @typeParam K names of the lists loaded
 */
export class LoadLog<K extends string> {
  private readonly events: { lists: readonly K[]; apply: () => void }[] = [];
  private readonly answeredAt = new Map<K, number>();

  /** Records an event (already applied to the store's current lists) that changes `lists`. */
  record(lists: readonly K[], apply: () => void): void {
    this.events.push({ lists, apply });
  }

  /** The answer of list `list` arrived now: the events recorded from here on are newer than it. */
  answered(list: K): void {
    this.answeredAt.set(list, this.events.length);
  }

  /**
   * Applies again, in the order received, every event newer than the answer of a list it
   * changes (call once every list was set from its answer; a list not answered counts as
   * answered before every event).
   */
  replay(): void {
    this.events.forEach((e, i) => {
      if (e.lists.some((l) => i >= (this.answeredAt.get(l) ?? 0))) e.apply();
    });
  }
}
